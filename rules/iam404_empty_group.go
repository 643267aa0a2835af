package rules

import "github.com/iacscan/iacscan/model"

// EmptyGroup finds groups with no users.
var EmptyGroup = &Rule{
	ID:       "IAM404",
	Name:     "empty-group",
	Title:    "Group with no users",
	Severity: Info,
	Practice: "Regularly review and remove unused users, roles, permissions, policies, and credentials",
	Description: "A group nobody is in grants nothing today, but keeps its policies ready for whoever is added " +
		"tomorrow, unreviewed. Remove what is unused.\n\n" +
		"A group has users when a membership in the scanned code names it. When a membership names its group " +
		"by a value not known before deploy, no group is reported; groups filled outside the scanned code " +
		"(by IAM Identity Center, a script) are findings to suppress with a reason.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_group" "legacy_admins" {
  name = "legacy-admins"
}`},
	},
	Fix:         "delete the group or add its users",
	Remediation: "Delete the group, or add the users who need it.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_group_membership" "admins" {
  name  = "admins"
  group = aws_iam_group.admins.name
  users = [aws_iam_user.alice.name]
}`},
		{CloudFormation, `AddAlice:
  Type: AWS::IAM::UserToGroupAddition
  Properties:
    GroupName: !Ref Admins
    Users: [!Ref Alice]`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#remove-credentials",
	},
	Since: "0.1.0",
	Check: checkEmptyGroup,
}

func checkEmptyGroup(pass *Pass) {
	inv := pass.Inventory
	used := make(map[*model.Identity]bool)
	for _, m := range inv.Memberships {
		g := inv.Identity(m.Group, model.Group)
		if g == nil && !m.Group.Value.IsKnown() {
			return // a membership in a group we cannot tell
		}
		used[g] = true
	}
	for _, g := range inv.Identities {
		if g.Kind == model.Group && !used[g] {
			pass.Reportf(&g.Meta, g.Loc, "%s has no users", identityLabel(g))
		}
	}
}
