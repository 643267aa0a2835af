package rules

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// InlinePolicy finds policies embedded in users, groups and roles.
var InlinePolicy = &Rule{
	ID:       "IAM401",
	Name:     "inline-policy",
	Title:    "Inline policy",
	Severity: Low,
	Practice: "Use customer managed policies instead of inline policies",
	Description: "An inline policy lives and dies with one user, group or role. It cannot be reused, has no " +
		"versions to roll back to, does not show in the list of policies, and is easy to miss in a review. " +
		"AWS recommends customer managed policies, and keeping inline policies for strict one-to-one " +
		"relationships.\n\n" +
		"Reported for `aws_iam_role_policy` / `aws_iam_user_policy` / `aws_iam_group_policy`, `inline_policy` " +
		"blocks, CloudFormation `Policies` properties and `AWS::IAM::Policy` / `RolePolicy` / `UserPolicy` / " +
		"`GroupPolicy`, and SAM function inline statements (not SAM policy templates, which SAM always inlines).",
	Bad: []Example{
		{Terraform, `resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}`},
		{CloudFormation, `AppRole:
  Type: AWS::IAM::Role
  Properties:
    Policies:
      - PolicyName: app
        PolicyDocument: { ... }`},
	},
	Fix:         "use a customer managed policy",
	Remediation: "Create a customer managed policy with the same document and attach it.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_policy" "app" {
  name   = "app"
  policy = data.aws_iam_policy_document.app.json
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.app.arn
}`},
		{CloudFormation, `AppPolicy:
  Type: AWS::IAM::ManagedPolicy
  Properties:
    Roles: [!Ref AppRole]
    PolicyDocument: { ... }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
	},
	Since: "0.1.0",
	OffByDefault: "inline policies are the idiomatic way to give a CloudFormation or Terraform role its " +
		"permissions, and AWS's own samples use them everywhere (144 of the 614 findings on AWS's " +
		"CloudFormation samples). Where policies must be managed, name it: `--rule 'IAM*'` runs every rule.",
	Check: checkInlinePolicy,
}

func checkInlinePolicy(pass *Pass) {
	for _, p := range pass.Inventory.Policies {
		// A SAM policy template always becomes an inline policy of the role
		// SAM generates: the author chose AWS's template, not inline text.
		if p.Kind != model.Inline || p.Template != "" || ofPermissionSet(pass.Inventory, p) {
			continue
		}
		pass.Reportf(&p.Meta, p.Loc, "%s is embedded in %s; use a customer managed policy", policyLabel(p), ownersText(pass.Inventory, p))
	}
}

// ownersText names the identities an inline policy is embedded in.
func ownersText(inv *model.Inventory, p *model.Policy) string {
	var names []string
	for _, o := range p.Owners {
		if id := inv.Identity(o, ""); id != nil {
			names = append(names, identityLabel(id))
		} else {
			names = append(names, "`"+o.String()+"`")
		}
	}
	if len(names) == 0 {
		return "its owner"
	}
	return strings.Join(names, ", ")
}

// ofPermissionSet reports whether an inline policy belongs to an IAM
// Identity Center permission set, whose inline policy is its own way of
// granting (copied into every account it is assigned to), not a document
// that could be shared.
func ofPermissionSet(inv *model.Inventory, p *model.Policy) bool {
	for _, o := range p.Owners {
		if id := inv.Identity(o, ""); id == nil || id.Kind != model.PermissionSet {
			return false
		}
	}
	return len(p.Owners) > 0
}
