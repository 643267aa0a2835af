package rules

import (
	"strings"

	"github.com/iacscan/iacscan/iam"
)

// WildcardResource finds write and tagging actions granted on every
// resource where the action could be scoped to named resources.
var WildcardResource = &Rule{
	ID:       "IAM204",
	Name:     "wildcard-resource",
	Title:    "Write access on every resource",
	Severity: High,
	Practice: "Grant least privilege",
	Description: "An `Allow` of actions that change resources (the Write and Tagging access levels) on " +
		"`Resource: \"*\"` lets the holder change every such resource in the account — other " +
		"teams' buckets, queues and tables included — when the action could have been limited " +
		"to the resources the workload owns.\n\n" +
		"Only actions that support resource-level permissions are reported: for the others " +
		"(`s3:ListAllMyBuckets`, `ec2:Describe*`, `sts:GetCallerIdentity`) `*` is the only " +
		"possible resource. Scoped wildcards such as `arn:aws:s3:::bucket/*` are not findings." + everyOfTypeDoc + " " +
		"A `Deny` is never a finding, and a grant that a condition on the resource's tags, account " +
		"or organization narrows is judged with that condition. A grant that the principal's " +
		"own Denies or permissions boundary take away is not reported. Permissions-management " +
		"actions are reported as IAM209, `iam:PassRole` as IAM208, credential-issuing actions " +
		"as IAM211 and `kms:Decrypt` (a Write in AWS's reference) as IAM210. On a statement that other rules report too (`*` on `*`, `Allow` with `NotAction`) " +
		"the findings are shown as one alert, led by the most severe. Several statements of one policy " +
		"that each grant writes on every resource, at one severity, are one alert on those statements " +
		"together, naming each (the fix is the same: name the resources the policy writes); statements " +
		"of different severities are separate alerts, the more urgent one apart." +
		"\n\n**Conditions.** Attribute-based access control narrows the grant like a resource ARN would: " +
		"a positive condition on `aws:ResourceTag/…` (or a service's `…:ResourceTag/…`), `aws:RequestTag/…`, or " +
		"the resource's account or organization, or a KMS key's alias (`kms:RequestAlias`, `kms:ResourceAliases`), is no finding. Negated and `IfExists` conditions on those keys " +
		"narrow nothing; the message lists the conditions considered. `iam:AWSServiceName` limits " +
		"`iam:CreateServiceLinkedRole` to the named services' own roles: no finding. A grant pinned to an AWS " +
		"service acting for the holder (`aws:ViaAWSService` true, `aws:CalledVia`, `aws:CalledViaFirst`, " +
		"`aws:CalledViaLast` or `kms:ViaService` naming services) is reported at low." +
		"\n\n**Severity follows impact.** High when one of the actions deletes or terminates what holds data " +
		"or runs a workload, or moves data out (`ec2:TerminateInstances`, `ec2:DeleteVolume`, " +
		"`rds:DeleteDBInstance`, `s3:DeleteObject`, `kms:ScheduleKeyDeletion`, `cloudtrail:StopLogging`, " +
		"`ec2:ModifySnapshotAttribute`, …: the table is `iam/impact.go`); low when every action only writes " +
		"the workload's own telemetry (`logs:CreateLogStream`, `logs:PutLogEvents`, `xray:PutTraceSegments`, " +
		"`cloudwatch:PutMetricData`, the SSM agent's `ec2messages` and `ssmmessages`) or is of minor impact, adding to " +
		"a resource without changing what it holds, runs or lets in (`lambda:PublishVersion`, " +
		"`lambda:PublishLayerVersion`, `ec2:AssignIpv6Addresses`); medium otherwise." +
		"\n\nA customer policy that repeats an AWS managed policy statement for statement (the same " +
		"actions, resources and conditions) says so, here and in IAM203 and IAM208-IAM211: attaching the " +
		"managed policy, which AWS keeps current, is the better fix.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "*"}]
}`},
	},
	Fix: "name the resources",
	Remediation: "Name the resources in `Resource`: the bucket's objects, the table, the queue. Where " +
		"names are not known in advance, scope by prefix (`arn:aws:s3:::uploads-*/*`) or by tag " +
		"with `aws:ResourceTag/…` conditions.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::app-uploads/*"}]
}`},
		{Terraform, `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.uploads.arn}/*"]
  }
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
	},
	Since: "0.1.0",
	Check: checkWildcardResource,

	StatementGrant: true,
	OnePerPolicy:   true,
}

// abacKey is a condition key that confines writes on every resource to
// some of them: the resource's tags, account or organization, or the tags a
// request may set (attribute-based access control).
func abacKey(k string) bool {
	l := strings.ToLower(k)
	// kms:RequestAlias and kms:ResourceAliases name the keys by alias, as
	// AWS advises where a key's ARN is not known (another account's key).
	return resourceKey(k) || strings.Contains(l, ":requesttag/") || l == "kms:requestalias" || l == "kms:resourcealiases"
}

// writeOrTagging is IAM204's class: write and tagging actions with
// resource types. PassRole, credential-issuing and data-reading actions
// (kms:Decrypt is a Write in the catalog) have rules of their own.
var writeOrTagging = grantClass{narrow: abacKey, pick: func(a *iam.Action) bool {
	return (a.Level == iam.Write || a.Level == iam.Tagging) && a.ResourceLevel() &&
		!passRole(a) && !credentialAction(a) && !dataReadingActions[a.String()]
}}

func checkWildcardResource(pass *Pass) {
	for _, w := range wideGrants(pass, writeOrTagging) {
		f := pass.Reportf(&w.pol.Meta, w.loc, "%s allows %d write or tagging action(s) on %s in %s: %s%s; they accept resource ARNs%s",
			policyLabel(w.pol), len(w.actions), w.what, statementLabel(w.st.Statement), actionsAnd.list(quoted(texts(byImpact(w.actions))), 3), impactNote(w.actions), w.notes())
		pass.Lower(f, w.lowered(impactSeverity(w.actions), Low))
	}
}
