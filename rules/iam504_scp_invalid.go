package rules

import (
	"github.com/iacscan/iacscan/model"
)

// SCPInvalid finds service control policies AWS Organizations would reject.
var SCPInvalid = &Rule{
	ID:       "IAM504",
	Name:     "scp-invalid",
	Title:    "Invalid service control policy",
	Severity: Medium,
	Practice: "Establish permissions guardrails across multiple accounts",
	Description: "A service control policy is a guardrail for whole accounts, and a broken one fails at deploy " +
		"time — or, with a misplaced element, limits something other than intended. Since September 2025 SCPs " +
		"accept the full IAM policy language (conditions, `NotAction` and `NotResource` in `Allow`, resource " +
		"ARNs, wildcards anywhere in actions), except that they apply to the principals of the accounts they " +
		"are attached to and cannot name any: `Principal` and `NotPrincipal` are rejected.\n\n" +
		"An SCP over the Organizations size quota (5,120 characters) is reported as IAM410, with the " +
		"other policy size quotas.",
	Bad: []Example{
		{Terraform, `resource "aws_organizations_policy" "deny_leave" {
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "organizations:LeaveOrganization"
      Resource  = "*"
    }]
  })
}`},
	},
	Fix: "remove Principal; use aws:PrincipalArn",
	Remediation: "Remove `Principal` and `NotPrincipal`: to exempt some roles, add a condition on `aws:PrincipalArn` " +
		"instead.",
	Fixes: []Example{
		{Terraform, `resource "aws_organizations_policy" "deny_leave" {
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "organizations:LeaveOrganization"
      Resource  = "*"
      Condition = { ArnNotLike = { "aws:PrincipalArn" = "arn:aws:iam::*:role/OrgAdmin" } }
    }]
  })
}`},
		{CloudFormation, `DenyLeave:
  Type: AWS::Organizations::Policy
  Properties:
    Type: SERVICE_CONTROL_POLICY
    Name: deny-leave
    Content:
      Version: "2012-10-17"
      Statement:
        - Effect: Deny
          Action: organizations:LeaveOrganization
          Resource: "*"`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html",
		"https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
		"https://aws.amazon.com/blogs/security/unlock-new-possibilities-aws-organizations-service-control-policy-now-supports-full-iam-language/",
	},
	Since: "0.1.0",
	Check: checkSCPInvalid,
}

func checkSCPInvalid(pass *Pass) {
	for _, pol := range pass.Inventory.Policies {
		doc := pol.Document
		if pol.Kind != model.SCP || doc == nil || doc.Unknown {
			continue
		}
		for _, st := range doc.Statements {
			for i, p := range []*model.Principal{st.Principal, st.NotPrincipal} {
				if p != nil {
					pass.Reportf(&pol.Meta, p.Loc, "%s has `%s` in %s; SCPs apply to the accounts they are attached to and cannot name principals (use a condition on `aws:PrincipalArn`)",
						policyLabel(pol), [...]string{"Principal", "NotPrincipal"}[i], statementLabel(st))
				}
			}
		}
	}
}
