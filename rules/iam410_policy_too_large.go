package rules

import (
	"fmt"

	"github.com/iacscan/iacscan/model"
)

// PolicyTooLarge finds policy documents over their size quota.
var PolicyTooLarge = &Rule{
	ID:       "IAM410",
	Name:     "policy-too-large",
	Title:    "Policy over its size quota",
	Severity: High,
	Practice: "Validate your policies",
	Description: "IAM rejects documents over their size quota, counted in characters without " +
		"whitespace: managed policies 6,144; inline policies 2,048 for a user, 5,120 for a group " +
		"and 10,240 for a role, summed over all of the identity's inline policies; trust policies " +
		"2,048 by default (4,096 on request); service control policies 5,120; S3 bucket policies " +
		"20,480. The deploy fails late, often after other resources changed.\n\n" +
		"Sizes are measured on the document as IAM receives it (compact JSON). Parts not known " +
		"before deploy are not counted, so the size is a lower bound and a finding is certain. " +
		"A bare policy document is measured against the managed-policy quota.",
	Bad: []Example{
		{PolicyDocument, `{"Version": "2012-10-17", "Statement": [ … 200 statements … ]}`},
	},
	Fix: "shorten or split the policy",
	Remediation: "Use wildcards that stay within the intended scope (`s3:Get*` for a list of reads), " +
		"merge statements that share actions or resources, or split the permissions over several " +
		"managed policies (up to 10 per identity by default).",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]}]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
		"https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
	},
	Since: "0.1.0",
	Check: checkPolicyTooLarge,
}

// inlineQuota is the aggregate size of an identity's inline policies.
var inlineQuota = map[model.IdentityKind]int{model.User: 2048, model.Group: 5120, model.Role: 10240, model.PermissionSet: 32768}

func checkPolicyTooLarge(pass *Pass) {
	inv := pass.Inventory
	for _, pol := range inv.Policies {
		quota, what := documentQuota(pol)
		if quota == 0 || pol.Document == nil {
			continue
		}
		if n := pol.Document.Size; n > quota {
			pass.Reportf(&pol.Meta, pol.Document.Loc, "%s is %s characters without whitespace, over the %s quota of %s",
				policyLabel(pol), thousands(n), what, thousands(quota))
		}
	}
	for _, id := range inv.Identities {
		total, quota := 0, inlineQuota[id.Kind]
		for _, p := range inv.InlinePolicies(id) {
			if p.Document != nil {
				total += p.Document.Size
			}
		}
		if quota > 0 && total > quota {
			pass.Reportf(&id.Meta, id.Loc, "the inline policies of %s `%s` add up to %s characters without whitespace, over the %s inline quota of %s",
				id.Kind, id.ID, thousands(total), id.Kind, thousands(quota))
		}
	}
}

// documentQuota returns the quota that applies to one document on its own.
func documentQuota(p *model.Policy) (int, string) {
	switch p.Kind {
	case model.Managed:
		return 6144, "managed policy"
	case model.Standalone:
		if p.IsIdentityPolicy() {
			return 6144, "managed policy"
		}
	case model.Trust:
		return 2048, "default trust policy"
	case model.SCP:
		return 5120, "service control policy"
	case model.Resource:
		if p.Service == "s3" || p.Service == "s3-access-point" {
			return 20480, "bucket policy"
		}
	}
	return 0, ""
}

func thousands(n int) string {
	if n < 1000 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%s,%03d", thousands(n/1000), n%1000)
}
