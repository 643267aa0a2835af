package rules

import (
	"regexp"

	"github.com/iacscan/iacscan/model"
)

// LegacyPolicyVersion finds documents without Version or with 2008-10-17.
var LegacyPolicyVersion = &Rule{
	ID:       "IAM412",
	Name:     "legacy-policy-version",
	Title:    "Legacy or missing policy Version",
	Severity: Medium,
	Practice: "Validate your policies",
	Description: "Without `\"Version\": \"2012-10-17\"` a policy is evaluated with the 2008 language: policy " +
		"variables such as `${aws:username}` are plain text, so a statement meant for one user's " +
		"prefix either matches nothing or, written with wildcards around it, more than intended. " +
		"Omitting `Version` means 2008-10-17.\n\n" +
		"**Severity.** Medium when the policy uses policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, " +
		"`${s3:prefix}`, `${*}`) in its resources or conditions: they silently stop working. Info when it uses " +
		"none: the 2008 language then means the same, and adding `Version` is hygiene.",
	Bad: []Example{
		{PolicyDocument, `{
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]
}`},
	},
	Fix:         "add \"Version\": \"2012-10-17\"",
	Remediation: "Add `\"Version\": \"2012-10-17\"` at the top of every policy document.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]
}`},
		{CloudFormation, `PolicyDocument:
  Version: "2012-10-17"
  Statement: [...]`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html",
	},
	Since: "0.1.0",
	Check: checkLegacyPolicyVersion,
}

func checkLegacyPolicyVersion(pass *Pass) {
	for _, pol := range pass.Inventory.Policies {
		doc := pol.Document
		if doc == nil || doc.Unknown || len(doc.Statements) == 0 && !doc.StatementsUnknown {
			continue
		}
		var f *Finding
		switch v := doc.Version; {
		case !v.Set:
			f = pass.Reportf(&pol.Meta, doc.Loc, "%s has no `Version`, so it uses the 2008-10-17 policy language%s",
				policyLabel(pol), variablesNote(doc))
		case v.Is("2008-10-17"):
			f = pass.Reportf(&pol.Meta, v.Loc, "%s uses policy language version `2008-10-17`%s; use `2012-10-17`",
				policyLabel(pol), variablesNote(doc))
		default:
			continue
		}
		if _, ok := policyVariable(doc); !ok {
			pass.Lower(f, Info)
		}
	}
}

// policyVariableRE matches a policy variable: ${service:key}, ${*}, ${?},
// ${$}. Unknown parts of a value (${aws_s3_bucket.b.id}, ${AWS::AccountId})
// have no single colon after a service prefix, so they do not match.
var policyVariableRE = regexp.MustCompile(`\$\{(?:[A-Za-z0-9.-]+:[A-Za-z][^:}]*|\*|\?|\$)\}`)

// policyVariable returns the first policy variable the document uses in
// its resources or conditions, where the policy language substitutes them.
func policyVariable(doc *model.Document) (string, bool) {
	for _, st := range doc.Statements {
		vals := [][]model.Value{st.Resource.Items, st.NotResource.Items}
		for _, c := range st.Condition.Items {
			vals = append(vals, c.Values.Items)
		}
		for _, vs := range vals {
			for _, v := range vs {
				if m := policyVariableRE.FindString(v.Text); m != "" {
					return m, true
				}
			}
		}
	}
	return "", false
}

// variablesNote says what the legacy language does to the document.
func variablesNote(doc *model.Document) string {
	if v, ok := policyVariable(doc); ok {
		return ", which takes the policy variable `" + v + "` literally: it matches nothing it was meant to"
	}
	return " (it uses no policy variables, so it means the same)"
}
