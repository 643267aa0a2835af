package rules

import "fmt"

// WildcardAction finds statements that allow all actions of a service, or
// all actions, where that is not already full administrator access.
var WildcardAction = &Rule{
	ID:       "IAM203",
	Name:     "wildcard-action",
	Title:    "Wildcard action allowed",
	Severity: Medium,
	Practice: "Grant least privilege",
	Description: `An ` + "`Allow`" + ` of ` + "`service:*`" + ` (or ` + "`*`" + `) grants every action of the service, including
the ones added after the policy was written and the ones that delete data or change
permissions. Workloads almost never need more than a handful of a service's actions.

A ` + "`Deny`" + ` with a wildcard is not a finding, nor are service control policies and managed
policies used only as permissions boundaries. Partial wildcards such as ` + "`s3:Get*`" + ` are not
reported by this rule. ` + "`*`" + ` on every resource is also full administrator access (IAM201):
the two are shown as one alert, led by IAM201.`,
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::app-data/*"}]
}`},
	},
	Fix: "list the actions the workload calls",
	Remediation: `List the actions the workload calls. IAM Access Analyzer's policy generation and the
service's "Actions, resources, and condition keys" page help find them.`,
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::app-data/*"}]
}`},
		{Terraform, `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.data.arn}/*"]
  }
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
	},
	Since: "0.1.0",
	Check: checkWildcardAction,
}

func checkWildcardAction(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !st.Allows() || !grantsPermissions(pass.Inventory, pol) {
			continue
		}
		for _, a := range st.Action.Items {
			var what string
			if isAnyAction(a) {
				what = "every action"
			} else if service, ok := serviceWildcard(a); ok {
				what = fmt.Sprintf("every `%s` action", service)
			} else {
				continue
			}
			pass.Reportf(&pol.Meta, a.Loc, "%s allows `%s` (%s) in %s%s",
				policyLabel(pol), a.Text, what, statementLabel(st), conditionNote(st))
		}
	}
}
