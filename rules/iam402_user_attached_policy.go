package rules

import "github.com/iacscan/iacscan/model"

// UserAttachedPolicy finds policies given to users directly instead of
// through groups.
var UserAttachedPolicy = &Rule{
	ID:       "IAM402",
	Name:     "user-attached-policy",
	Title:    "Policy attached directly to a user",
	Severity: Medium,
	Practice: "Use groups to assign permissions to IAM users",
	Description: "Permissions given user by user drift apart: people who do the same job end up with " +
		"different access, and leavers keep what nobody remembers granting. AWS's advice (and CIS AWS " +
		"Foundations) is to grant through groups — or roles — and keep users free of policies.\n\n" +
		"Reported for inline user policies and for managed policies (customer or AWS) attached to a user, " +
		"whether the scan declares the user or only names it (`aws_iam_user_policy`, `AWS::IAM::Policy` " +
		"`Users`).",
	Bad: []Example{
		{Terraform, `resource "aws_iam_user_policy_attachment" "alice_readonly" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}`},
	},
	Fix:         "grant through a group",
	Remediation: "Attach the policy to a group for the job and put the user in it.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_group_policy_attachment" "readers" {
  group      = aws_iam_group.readers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.readers.name]
}`},
		{CloudFormation, `Readers:
  Type: AWS::IAM::Group
  Properties:
    ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
Alice:
  Type: AWS::IAM::User
  Properties:
    Groups: [!Ref Readers]`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2",
	},
	Since: "0.1.0",
	Check: checkUserAttachedPolicy,
}

func checkUserAttachedPolicy(pass *Pass) {
	inv := pass.Inventory
	for _, p := range inv.Policies {
		if p.Kind != model.Inline {
			continue
		}
		for i, o := range p.Owners {
			switch id := inv.Identity(o, p.OwnerKind(i)); {
			case id != nil && id.Kind == model.User:
				pass.Reportf(&p.Meta, p.Loc, "%s is attached directly to %s; grant it through a group", policyLabel(p), identityLabel(id))
			case id == nil && p.OwnerKind(i) == model.User:
				// a user the scan does not declare: the input says it is one
				pass.Reportf(&p.Meta, p.Loc, "%s is attached directly to %s; grant it through a group", policyLabel(p), userText(pass, o))
			}
		}
	}
	for _, a := range inv.Attachments {
		id := inv.Identity(a.Identity, a.IdentityKind)
		if id == nil && a.IdentityKind != model.User || id != nil && id.Kind != model.User {
			continue
		}
		who := userText(pass, a.Identity)
		pass.Reportf(&a.Meta, a.Loc, "managed policy `%s` is attached directly to %s; grant it through a group", a.Policy.String(), who)
	}
}
