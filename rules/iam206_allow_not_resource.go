package rules

import "github.com/iacscan/iacscan/model"

// AllowNotResource finds Allow statements that use NotResource.
var AllowNotResource = &Rule{
	ID:       "IAM206",
	Name:     "allow-not-resource",
	Title:    "Allow with NotResource",
	Severity: Medium,
	Practice: "Grant least privilege",
	Description: "`Allow` with `NotResource` grants the actions on every resource except the listed ones: in " +
		"every account the principal can reach and on every resource created later.\n\n" +
		"`NotResource` in a `Deny` is a sound pattern and not a finding. `*` actions with " +
		"`NotResource` are full administrator access too (IAM201); the two are shown as one alert, " +
		"led by IAM201. `NotResource: \"*\"` excludes every resource: the statement grants nothing, " +
		"which is reported as a void statement (it is not full access).",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::payroll/*"}]
}`},
	},
	Fix: "list the resources to allow instead",
	Remediation: "List the resources to allow in `Resource`. To keep a resource out of a broader grant, " +
		"add a `Deny` for it.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
	},
	Since: "0.1.0",
	Check: checkAllowNotResource,

	StatementGrant: true,
}

func checkAllowNotResource(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !st.Allows() || !st.NotResource.Set || !grantsPermissions(pass.Inventory, pol) {
			continue
		}
		if model.VoidNotResource(st) {
			pass.Reportf(&pol.Meta, st.NotResource.Loc, "%s allows its actions on no resource in %s: `NotResource` `*` excludes every resource, so the statement is void",
				policyLabel(pol), statementLabel(st))
			continue
		}
		pass.Reportf(&pol.Meta, st.NotResource.Loc, "%s allows its actions on every resource except %s in %s%s",
			policyLabel(pol), quoteList(st.NotResource.Items, 5), statementLabel(st), conditionNote(st))
	}
}
