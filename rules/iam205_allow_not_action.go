package rules

// AllowNotAction finds Allow statements that use NotAction.
var AllowNotAction = &Rule{
	ID:       "IAM205",
	Name:     "allow-not-action",
	Title:    "Allow with NotAction",
	Severity: Medium,
	Practice: "Grant least privilege",
	Description: "`Allow` with `NotAction` grants every action except the listed ones — in every service, " +
		"including services and actions that did not exist when the policy was written. What it " +
		"grants grows with AWS, not with the workload.\n\n" +
		"`NotAction` in a `Deny` (\"deny everything except\") is a sound pattern and not a finding. " +
		"When the statement amounts to full administrator access, IAM201 reports it too and the two " +
		"are shown as one alert, led by IAM201.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]
}`},
	},
	Fix: "list the actions to allow instead",
	Remediation: "Replace `NotAction` with the list of actions to allow. To carve exceptions out of a broad " +
		"grant, keep the grant narrow and add a `Deny` statement for the exceptions.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "ec2:StartInstances"], "Resource": "*"}]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
	},
	Since: "0.1.0",
	Check: checkAllowNotAction,

	StatementGrant: true,
}

func checkAllowNotAction(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !st.Allows() || !st.NotAction.Set || !grantsPermissions(pass.Inventory, pol) {
			continue
		}
		pass.Reportf(&pol.Meta, st.NotAction.Loc, "%s allows every action except %s in %s%s",
			policyLabel(pol), quoteList(st.NotAction.Items, 5), statementLabel(st), conditionNote(st))
	}
}
