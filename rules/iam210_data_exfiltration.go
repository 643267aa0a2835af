package rules

import (
	"strings"

	"github.com/iacscan/iacscan/iam"
)

// DataExfiltration finds actions that read stored data or secrets, granted
// on every resource.
var DataExfiltration = &Rule{
	ID:       "IAM210",
	Name:     "data-exfiltration",
	Title:    "Data-reading actions on every resource",
	Severity: High,
	Practice: "Grant least privilege",
	Description: "A few read actions return the data itself rather than metadata: object contents, " +
		"parameters and secrets, decrypted plaintext, table items. On every resource they let the " +
		"holder read every secret and every object in the account, and copy it out.\n\n" +
		"Reported actions: `s3:GetObject`, `s3:GetObjectVersion`, `ssm:GetParameter(s)`, " +
		"`ssm:GetParametersByPath`, `secretsmanager:GetSecretValue`, `secretsmanager:BatchGetSecretValue`, " +
		"`kms:Decrypt`, `dynamodb:GetItem`/`BatchGetItem`/`Query`/`Scan`, on `*` (or `NotResource`)." + everyOfTypeDoc + " " +
		"Grants narrowed by resource tag, account or organization, or for KMS by `kms:ViaService` " +
		"or an encryption context, are not findings; nor are grants the principal's Denies or " +
		"boundary take away. On `*` on `*` or `Allow` with `NotAction` the finding is shown as one " +
		"alert with IAM201's or IAM205's, led by the most severe." +
		"\n\n**Severity follows impact.** High when the grant reads secrets or decrypts (`secretsmanager:GetSecretValue`, " +
		"`ssm:GetParameter*`, `kms:Decrypt`): they unlock further access. Medium for object and item reads " +
		"(`s3:GetObject`, `dynamodb:Query`, …). Low when the grant is pinned to an AWS service acting for the " +
		"holder (`aws:ViaAWSService` true, `aws:CalledVia…` naming services).",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"], "Resource": "*"}]
}`},
	},
	Fix: "name the secrets, keys and data read",
	Remediation: "Name the secrets, parameters, keys, buckets and tables the workload reads, by ARN or " +
		"by path prefix.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/*"}]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
	},
	Since: "0.1.0",
	Check: checkDataExfiltration,

	StatementGrant: true,
}

func dataKey(k string) bool {
	l := strings.ToLower(k)
	return resourceKey(k) || l == "kms:viaservice" || strings.HasPrefix(l, "kms:encryptioncontext") || l == "s3:resourceaccount"
}

// readsData is IAM210's class: the actions that return stored data.
var readsData = grantClass{narrow: dataKey, pick: func(a *iam.Action) bool { return dataReadingActions[a.String()] && a.ResourceLevel() }}

func checkDataExfiltration(pass *Pass) {
	for _, w := range wideGrants(pass, readsData) {
		f := pass.Reportf(&w.pol.Meta, w.loc, "%s allows data-reading action(s) %s on %s in %s%s",
			policyLabel(w.pol), actionsAnd.list(quoted(texts(byImpact(w.actions))), 4), w.what, statementLabel(w.st.Statement), w.notes())
		pass.Lower(f, w.lowered(impactSeverity(w.actions), Low))
	}
}
