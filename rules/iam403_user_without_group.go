package rules

import "github.com/iacscan/iacscan/model"

// UserWithoutGroup finds users that belong to no group.
var UserWithoutGroup = &Rule{
	ID:       "IAM403",
	Name:     "user-without-group",
	Title:    "User in no group",
	Severity: Low,
	Practice: "Use groups to assign permissions to IAM users",
	Description: "A user outside every group gets its permissions one by one (IAM402) or has none and is " +
		"unused. Groups make access follow the job, and make it visible who has it.\n\n" +
		"A user is in a group when a membership in the scanned code names it (`aws_iam_user_group_membership`, " +
		"`aws_iam_group_membership`, CloudFormation `Groups` or `AWS::IAM::UserToGroupAddition`). When a " +
		"membership names its user by a value not known before deploy, no user is reported.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_user" "bob" {
  name = "bob"
}`},
	},
	Fix:         "add the user to a group",
	Remediation: "Add the user to the group for its job, or delete it if nobody uses it.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_user_group_membership" "bob" {
  user   = aws_iam_user.bob.name
  groups = [aws_iam_group.developers.name]
}`},
		{CloudFormation, `Bob:
  Type: AWS::IAM::User
  Properties:
    Groups: [!Ref Developers]`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_add-remove-users.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#remove-credentials",
	},
	Since: "0.1.0",
	Check: checkUserWithoutGroup,
}

func checkUserWithoutGroup(pass *Pass) {
	inv := pass.Inventory
	inGroup := make(map[*model.Identity]bool)
	// A membership for a user we cannot tell may put any user of its input
	// in a group; other inputs (another root module) are not affected.
	untold := make(map[string]bool)
	for _, m := range inv.Memberships {
		u := inv.Identity(m.User, model.User)
		if u == nil && !m.User.Value.IsKnown() {
			untold[m.Scope] = true
			continue
		}
		inGroup[u] = true
	}
	for _, u := range inv.Identities {
		if u.Kind == model.User && !inGroup[u] && !untold[u.Scope] {
			pass.Reportf(&u.Meta, u.Loc, "%s is in no group", identityLabel(u))
		}
	}
}
