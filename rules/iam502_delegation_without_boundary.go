package rules

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// DelegationWithoutBoundary finds policies that let their holder create or
// change roles and users without forcing a permissions boundary on them.
var DelegationWithoutBoundary = &Rule{
	ID:       "IAM502",
	Name:     "delegation-without-boundary",
	Title:    "Role or user management without a boundary condition",
	Severity: High,
	Practice: "Use permissions boundaries to delegate permissions management within an account",
	Description: "Letting a team or pipeline create roles and users, or attach and write their policies, lets " +
		"it create something more powerful than itself — an administrator role it then assumes. AWS's " +
		"delegation pattern allows those actions only with a condition that the new or changed identity " +
		"carries the organisation's permissions boundary (`iam:PermissionsBoundary`).\n\n" +
		"Checked actions: `iam:CreateRole`, `CreateUser`, `PutRolePolicy`, `PutUserPolicy`, `AttachRolePolicy`, " +
		"`AttachUserPolicy`, `DetachRolePolicy`, `DetachUserPolicy`, `DeleteRolePolicy`, `DeleteUserPolicy`, " +
		"`PutRolePermissionsBoundary`, `PutUserPermissionsBoundary`, however they are granted (`iam:*`, " +
		"`iam:Put*`, `*`, `NotAction`). No finding when the statement has a `StringEquals`/`ArnEquals`/`ArnLike` " +
		"condition on `iam:PermissionsBoundary`, or when a `Deny` in the same policy refuses those actions " +
		"unless the boundary is set (`StringNotEquals` on `iam:PermissionsBoundary`)." +
		"\n\n**Severity.** High. A statement whose resources are all service-linked roles " +
		"(`role/aws-service-role/…`) is not a finding: those roles take no customer policies, so managing them " +
		"empowers no one (terraform-aws-iam's FSx CSI policies).",
	Bad: []Example{
		{Terraform, `data "aws_iam_policy_document" "team" {
  statement {
    actions   = ["iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"]
    resources = ["arn:aws:iam::123456789012:role/team/*"]
  }
}`},
	},
	Fix: "require iam:PermissionsBoundary",
	Remediation: "Add a condition that the boundary is set, and deny removing or changing it " +
		"(`iam:DeleteRolePermissionsBoundary`, editing the boundary policy itself).",
	Fixes: []Example{
		{Terraform, `data "aws_iam_policy_document" "team" {
  statement {
    actions   = ["iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"]
    resources = ["arn:aws:iam::123456789012:role/team/*"]
    condition {
      test     = "ArnEquals"
      variable = "iam:PermissionsBoundary"
      values   = ["arn:aws:iam::123456789012:policy/team-boundary"]
    }
  }
}`},
		{CloudFormation, `- Effect: Allow
  Action: [iam:CreateRole, iam:AttachRolePolicy, iam:PutRolePolicy]
  Resource: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/team/*"
  Condition:
    ArnEquals: { iam:PermissionsBoundary: !Ref TeamBoundary }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_user-boundary.html",
	},
	Since: "0.1.0",
	Check: checkDelegationWithoutBoundary,

	StatementGrant: true,
}

// delegationActions create or change identities and their permissions, and
// accept the iam:PermissionsBoundary condition key.
var delegationActions = []string{
	"iam:CreateRole", "iam:CreateUser", "iam:PutRolePolicy", "iam:PutUserPolicy",
	"iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:DetachRolePolicy", "iam:DetachUserPolicy",
	"iam:DeleteRolePolicy", "iam:DeleteUserPolicy", "iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary",
}

func checkDelegationWithoutBoundary(pass *Pass) {
	an := pass.IAM()
	for _, pol := range pass.Inventory.Policies {
		if !pol.IsIdentityPolicy() || !grantsPermissions(pass.Inventory, pol) || pol.Document == nil {
			continue
		}
		for _, st := range pol.Document.Statements {
			if !st.Allows() || st.Condition.Unknown || boundaryCondition(st, false) || onlyServiceLinkedRoles(st) {
				continue
			}
			var open []string
			for _, a := range grantsAny(st, delegationActions) {
				// The statement's resources must reach the action: "*" on S3
				// ARNs grants no IAM action.
				if s, action := an.Statement(st), an.Catalog.Action(a); s != nil && action != nil && !s.Grants(action) {
					continue
				}
				if !deniedWithoutBoundary(pol.Document, a) {
					open = append(open, a)
				}
			}
			if len(open) == 0 {
				continue
			}
			pass.Reportf(&pol.Meta, st.Loc, "%s allows %s in %s without an `iam:PermissionsBoundary` condition, so the holder can create or empower identities beyond its own permissions%s",
				policyLabel(pol), commas.list(quoted(open), 4), statementLabel(st), conditionNote(st))
		}
	}
}

// onlyServiceLinkedRoles reports whether a statement's resources are all
// service-linked roles, which take no customer policies.
func onlyServiceLinkedRoles(st *model.Statement) bool {
	if st.NotResource.Set || len(st.Resource.Items) == 0 {
		return false
	}
	for _, r := range st.Resource.Items {
		if !serviceLinkedRoles(r) {
			return false
		}
	}
	return true
}

// boundaryCondition reports whether a statement has a condition on
// iam:PermissionsBoundary with known values: positive for an Allow, negated
// for a Deny.
func boundaryCondition(st *model.Statement, negated bool) bool {
	for _, c := range st.Condition.Items {
		if !c.Key.IsFold("iam:PermissionsBoundary") {
			continue
		}
		if !c.Values.AllKnown() {
			return true // unknown boundary ARN: no finding
		}
		op := model.ParseOperator(c.Operator.Text)
		isNot := strings.Contains(op.Name, "Not")
		if op.IfExists && !negated || op.Qualifier == "ForAllValues" || isNot != negated || op.Name == "Null" {
			continue
		}
		if len(c.Values.Items) > 0 && strings.Trim(c.Values.Items[0].Text, "*?") != "" {
			return true
		}
	}
	return false
}

// deniedWithoutBoundary reports whether the document denies the action
// unless the boundary is set.
func deniedWithoutBoundary(doc *model.Document, action string) bool {
	for _, st := range doc.Statements {
		if st.Denies() && grants(st, action) && boundaryCondition(st, true) {
			return true
		}
	}
	return false
}
