package rules

import "github.com/iacscan/iacscan/model"

// RoleWithoutBoundary finds roles and users without a permissions boundary.
var RoleWithoutBoundary = &Rule{
	ID:       "IAM501",
	Name:     "role-without-boundary",
	Title:    "Role or user without a permissions boundary",
	Severity: Low,
	Practice: "Use permissions boundaries to delegate permissions management within an account",
	Description: "A permissions boundary caps what a role or user can ever do, whatever policies are attached to " +
		"it later. It is how an organisation lets teams create their own roles without letting them create " +
		"administrators: every role they make must carry the boundary.\n\n" +
		"Low by default, since many accounts do not use boundaries; set `require_boundaries: true` in " +
		".iacscan.yml to make every role and user need one (the rule is then high). Service-linked roles, " +
		"whose trust and permissions AWS manages, and IAM Identity Center permission sets, whose roles Identity " +
		"Center creates, are not reported.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json
}`},
	},
	Fix: "set a permissions boundary",
	Remediation: "Set the boundary your organisation uses: `permissions_boundary` in Terraform, " +
		"`PermissionsBoundary` in CloudFormation and SAM.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_role" "app" {
  name                 = "app"
  assume_role_policy   = data.aws_iam_policy_document.ecs_tasks.json
  permissions_boundary = "arn:aws:iam::123456789012:policy/team-boundary"
}`},
		{CloudFormation, `AppRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument: { ... }
    PermissionsBoundary: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/team-boundary"`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-permissions-boundaries",
	},
	Since: "0.1.0",
	OffByDefault: "a permissions boundary is a control some organisations require and most do not; " +
		"without that requirement every role is a finding (174 of the 614 findings on AWS's CloudFormation " +
		"samples). Set `require_boundaries: true` in `.iacscan.yml` where boundaries are mandatory.",
	// Required boundaries make a missing one serious.
	Required: func(c *Config) (Severity, bool) { return High, c.RequireBoundaries },
	Check:    checkRoleWithoutBoundary,
}

func checkRoleWithoutBoundary(pass *Pass) {
	required := ""
	if pass.Config.RequireBoundaries {
		required = " (required by `require_boundaries` in .iacscan.yml)"
	}
	for _, id := range pass.Inventory.Identities {
		switch {
		case id.Kind == model.Group, id.Kind == model.PermissionSet, id.Boundary.IsSet():
			continue // Identity Center, not a team, creates a permission set's roles
		case id.Kind == model.Role && id.Trust == nil:
			continue // service-linked: AWS owns its trust and permissions
		}
		pass.Reportf(&id.Meta, id.Loc, "%s has no permissions boundary%s", identityLabel(id), required)
	}
}
