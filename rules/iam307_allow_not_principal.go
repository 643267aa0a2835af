package rules

// AllowNotPrincipal finds Allow statements that use NotPrincipal.
var AllowNotPrincipal = &Rule{
	ID:       "IAM307",
	Name:     "allow-not-principal",
	Title:    "Allow with NotPrincipal",
	Severity: High,
	Practice: "Verify public and cross-account access",
	Description: "`Allow` with `NotPrincipal` grants access to every principal except the listed ones — " +
		"anonymous users and every other AWS account included. AWS advises against it: the " +
		"result is almost always public access.\n\n" +
		"`NotPrincipal` with `Deny` (deny everyone except) is a recognised, if fragile, pattern and " +
		"is not reported by this rule.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/mallory"},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::reports/*"
  }]
}`},
	},
	Fix: "name the principals to allow",
	Remediation: "Name the principals to allow in `Principal`. To allow an organisation, use `Principal: \"*\"` " +
		"with an `aws:PrincipalOrgID` condition.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:role/reporting"},
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::reports/*"
  }]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
	},
	Since: "0.1.0",
	Check: checkAllowNotPrincipal,
}

func checkAllowNotPrincipal(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !st.Allows() || st.NotPrincipal == nil {
			continue
		}
		pass.Reportf(&pol.Meta, st.NotPrincipal.Loc,
			"%s allows every principal not listed in `NotPrincipal` in %s, anonymous and other accounts included%s",
			policyLabel(pol), statementLabel(st), conditionNote(st))
	}
}
