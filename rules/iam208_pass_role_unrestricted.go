package rules

import (
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// PassRoleUnrestricted finds iam:PassRole granted for every role to every
// service.
var PassRoleUnrestricted = &Rule{
	ID:       "IAM208",
	Name:     "pass-role-unrestricted",
	Title:    "iam:PassRole on every role",
	Severity: High,
	Practice: "Grant least privilege",
	Description: "`iam:PassRole` lets its holder hand a role to a service — an EC2 instance, a Lambda " +
		"function, a CloudFormation stack — which then acts with that role's permissions. Allowed " +
		"on every role and to every service, it lets the holder run code as the most privileged " +
		"role in the account: a privilege escalation in one action.\n\n" +
		"The rule reports `iam:PassRole` (named, or through `iam:*`, `iam:Pass*`, `NotAction`) " +
		"on `*` or on every role (`arn:aws:iam::…:role/*`) without an `iam:PassedToService` " +
		"condition. A grant limited to named roles or role paths, or to services through " +
		"`iam:PassedToService`, is not a finding; neither is one the principal's Denies or " +
		"permissions boundary take away. On `*` on `*` this finding is shown within IAM201's alert.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]
}`},
	},
	Fix:         "name the roles and iam:PassedToService",
	Remediation: "Name the roles the holder may pass, and the service it may pass them to.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "iam:PassRole",
    "Resource": "arn:aws:iam::123456789012:role/app-task",
    "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}
  }]
}`},
		{Terraform, `data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.task.arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService",
	},
	Since: "0.1.0",
	Check: checkPassRoleUnrestricted,

	StatementGrant: true,
}

func checkPassRoleUnrestricted(pass *Pass) {
	an := pass.IAM()
	pr := an.Catalog.Action("iam:PassRole")
	for _, g := range identityGrants(pass) {
		if !g.st.Matches(pr) {
			continue
		}
		loc, what, ok := everyRole(an.Catalog, g.st)
		if !ok {
			continue
		}
		if _, narrowed := narrowing(g.st.Statement, func(k string) bool {
			return strings.EqualFold(k, "iam:PassedToService") || resourceKey(k)
		}); narrowed || !pass.confirmed(g.st, pr, "") {
			continue
		}
		pass.Reportf(&g.pol.Meta, loc, "%s allows `iam:PassRole` on %s to any service in %s%s",
			policyLabel(g.pol), what, statementLabel(g.st.Statement), conditionNote(g.st.Statement))
	}
}

// everyRole returns the statement's resource entry that covers every role:
// "*", NotResource, or a role ARN whose name is only a wildcard.
func everyRole(c *iam.Catalog, st *iam.Stmt) (loc model.Location, what string, ok bool) {
	if loc, what, ok := everyResource(st); ok {
		return loc, what, true
	}
	for _, r := range st.Resource.Items {
		if scope, ok := c.ScopeOf(r); ok && scope == iam.AllOfType && strings.Contains(r.Text, ":role/") {
			return r.Loc, "every role (`" + r.Text + "`)", true
		}
	}
	return model.Location{}, "", false
}
