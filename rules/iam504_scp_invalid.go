package rules

import (
	"strconv"

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
		"are attached to and cannot name any: `Principal` and `NotPrincipal` are rejected. Organizations " +
		"also limits an SCP to 5,120 characters, and counts every character, whitespace included.\n\n" +
		"The size reported is that of the document written compactly (no whitespace outside strings), the " +
		"least Organizations would count; parts not known before deploy are not counted.",
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
	Remediation: "Remove `Principal` and `NotPrincipal`: to exempt some roles, add a condition on `aws:PrincipalArn` " +
		"instead. Split a policy that is too large into several (up to five per target), or shorten it with " +
		"wildcards in actions.",
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

// scpMaxSize is the Organizations quota on an SCP, in characters.
const scpMaxSize = 5120

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
		if size := compactSize(doc.Node); size > scpMaxSize {
			pass.Reportf(&pol.Meta, doc.Loc, "%s is at least %d characters written compactly, over the SCP quota of %d",
				policyLabel(pol), size, scpMaxSize)
		}
	}
}

// compactSize is the length of a node written as compact JSON, counting
// unknown parts as empty (so it is a lower bound).
func compactSize(n *model.Node) int {
	if n == nil {
		return 0
	}
	switch n.Kind {
	case model.KindUnknown:
		return 0
	case model.KindNull:
		return len("null")
	case model.KindNumber, model.KindBool:
		return len(n.Value)
	case model.KindString:
		if n.Unknown {
			return 2
		}
		return len(strconv.Quote(n.Value))
	case model.KindList:
		size := 2 + max(len(n.Items)-1, 0)
		for _, item := range n.Items {
			size += compactSize(item)
		}
		return size
	case model.KindMap:
		size := 2 + max(len(n.Entries)-1, 0)
		for _, e := range n.Entries {
			size += len(strconv.Quote(e.Key)) + 1 + compactSize(e.Value)
		}
		return size
	}
	return 0
}
