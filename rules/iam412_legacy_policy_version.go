package rules

// LegacyPolicyVersion finds documents without Version or with 2008-10-17.
var LegacyPolicyVersion = &Rule{
	ID:       "IAM412",
	Name:     "legacy-policy-version",
	Title:    "Legacy or missing policy Version",
	Severity: Low,
	Practice: "Validate your policies",
	Description: "Without `\"Version\": \"2012-10-17\"` a policy is evaluated with the 2008 language: policy " +
		"variables such as `${aws:username}` are plain text, so a statement meant for one user's " +
		"prefix either matches nothing or, written with wildcards around it, more than intended. " +
		"Omitting `Version` means 2008-10-17.",
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
		switch v := doc.Version; {
		case !v.Set:
			pass.Reportf(&pol.Meta, doc.Loc, "%s has no `Version`, so it uses the 2008-10-17 policy language (no policy variables)",
				policyLabel(pol))
		case v.Is("2008-10-17"):
			pass.Reportf(&pol.Meta, v.Loc, "%s uses policy language version `2008-10-17` (no policy variables); use `2012-10-17`",
				policyLabel(pol))
		}
	}
}
