package rules

import (
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// PrivilegedActionWithoutMFA finds users and groups allowed sensitive actions
// without MFA.
var PrivilegedActionWithoutMFA = &Rule{
	ID:       "IAM106",
	Name:     "privileged-action-without-mfa",
	Title:    "Privileged actions allowed without MFA",
	Severity: Medium,
	Practice: "Require multi-factor authentication (MFA) for privileged users",
	Description: "Permissions-management actions (that access level of the AWS Service Authorization Reference: " +
		"attaching and editing policies, changing resource policies), creating users, roles and access keys, " +
		"passing roles, and turning off CloudTrail, Config or GuardDuty are what an " +
		"attacker with a stolen password or key does first. AWS advises MFA for privileged users: an " +
		"`Allow` of those actions to a user or group should carry `Bool` `aws:MultiFactorAuthPresent` `true` " +
		"(or a `NumericLessThan` on `aws:MultiFactorAuthAge`).\n\n" +
		"No finding when the statement has that condition, when the user (or a group it is in) holds the " +
		"deny-without-MFA guard in its `BoolIfExists` form (with `Bool`, requests signed with access keys pass; see IAM107), or when the holder's policies are not all known before deploy. " +
		"`BoolIfExists` in an `Allow` does not count: access-key requests carry no MFA key and pass it (IAM107). " +
		"Roles are not checked: require MFA where they are assumed.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_group_policy" "admins" {
  group = aws_iam_group.admins.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:*"], Resource = "*" }]
  })
}`},
	},
	Fix: "require aws:MultiFactorAuthPresent",
	Remediation: "Add `Bool` `aws:MultiFactorAuthPresent` `true` to the statement, or give the group the " +
		"deny-without-MFA guard. Better: let people assume an admin role whose trust policy requires MFA.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_group_policy" "admins" {
  group = aws_iam_group.admins.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["iam:*"]
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}`},
		{CloudFormation, `AdminsPolicy:
  Type: AWS::IAM::GroupPolicy
  Properties:
    GroupName: !Ref Admins
    PolicyName: admins
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: iam:*
          Resource: "*"
          Condition: { Bool: { aws:MultiFactorAuthPresent: "true" } }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#enable-mfa-for-privileged-users",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html",
	},
	Since: "0.1.0",
	Check: checkPrivilegedActionWithoutMFA,

	StatementGrant: true,
}

func checkPrivilegedActionWithoutMFA(pass *Pass) {
	var extra map[*iam.Action]bool // sensitiveSet, looked up when first needed
	// Whether each holder is guarded, found once: a user with thousands of
	// policies would otherwise have them all read again for each statement.
	type guard struct{ enforced, unknown bool }
	guards := map[*model.Identity]guard{}
	guardOf := func(h *model.Identity) guard {
		g, ok := guards[h]
		if !ok {
			held := policiesHeld(pass.Inventory, h)
			g = guard{enforcesMFA(held.Policies, true), held.Unknown}
			guards[h] = g
		}
		return g
	}
	for pol, st := range pass.Statements() {
		if !st.Allows() || st.Condition.Unknown || requiresMFA(st) {
			continue
		}
		holders := holdersOf(pass.Inventory, pol, model.User, model.Group)
		if len(holders) == 0 {
			continue // roles' statements: nothing to look up
		}
		if extra == nil {
			extra = sensitiveSet(pass.IAM())
		}
		sensitive := privilegedActions(pass.IAM(), extra, pass.IAM().Statement(st))
		if len(sensitive) == 0 {
			continue
		}
		var exposed []string
		hidden := false
		for _, h := range holders {
			if g := guardOf(h); !g.enforced {
				exposed = append(exposed, identityLabel(h))
				hidden = hidden || g.unknown
			}
		}
		if len(exposed) == 0 {
			continue
		}
		pass.Reportf(&pol.Meta, st.Loc, "%s allows %s %d privileged action(s) without an MFA condition in %s: %s%s",
			policyLabel(pol), strings.Join(exposed, ", "), len(sensitive), statementLabel(st), actionsAnd.list(quoted(texts(sensitive)), 3), unlessHidden(hidden))
	}
}
