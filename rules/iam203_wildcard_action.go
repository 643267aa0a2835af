package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

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

AWS's default key policy (` + "`kms:*`" + ` for the key's own account root) is not a finding either: it
grants no one anything, and lets the account's IAM policies decide who uses the key.

A ` + "`Deny`" + ` with a wildcard is not a finding, nor are service control policies and managed
policies used only as permissions boundaries. Partial wildcards such as ` + "`s3:Get*`" + ` are not
reported by this rule. ` + "`*`" + ` on every resource is also full administrator access (IAM201):
the two are shown as one alert, led by IAM201.

**Severity.** Medium; low for the services that carry only a workload's own telemetry or the SSM
agent's channel (` + "`logs:*`, `xray:*`, `ec2messages:*`, `ssmmessages:*`" + `: the logging boilerplate of
Lambda functions and managed instances), and low for a statement pinned to an AWS service acting
for the holder (` + "`aws:ViaAWSService`" + ` true, ` + "`aws:CalledVia…`" + ` or ` + "`kms:ViaService`" + ` naming services).`,
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

	StatementGrant: true,
}

// delegatesKeyToAccount reports whether a statement is AWS's default key
// policy: `kms:*` for the key's own account (its root), which grants no one
// anything but lets the account's IAM policies grant access to the key.
// Without it a key cannot be managed through IAM at all.
func delegatesKeyToAccount(pol *model.Policy, st *model.Statement) bool {
	if pol.Kind != model.Resource || pol.Service != "kms" || !st.Principal.Present() || st.Principal.Wildcard {
		return false
	}
	for _, e := range st.Principal.Entries {
		if !e.Type.Is("AWS") {
			return false
		}
		for _, v := range e.Values.Items {
			root := strings.HasSuffix(v.Text, ":root") || strings.HasSuffix(v.Expr, ":root") || accountID.MatchString(v.Text)
			if !ownAccountRef(v) || !root {
				return false
			}
		}
	}
	return true
}

func checkWildcardAction(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !st.Allows() || !grantsPermissions(pass.Inventory, pol) || delegatesKeyToAccount(pol, st) {
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
			note := conditionNote(st)
			pin, pinned := servicePinned(st)
			if pinned {
				note += pinNote(pin)
			}
			note += twinNote(pass.managedTwin(pol))
			f := pass.Reportf(&pol.Meta, a.Loc, "%s allows `%s` (%s) in %s%s",
				policyLabel(pol), a.Text, what, statementLabel(st), note)
			if service, ok := serviceWildcard(a); pinned || ok && iam.TelemetryService(service) {
				pass.Lower(f, Low)
			}
		}
	}
}
