package rules

import "github.com/iacscan/iacscan/iam"

// CredentialsExposure finds actions that create or return credentials,
// granted on every resource.
var CredentialsExposure = &Rule{
	ID:       "IAM211",
	Name:     "credentials-exposure",
	Title:    "Credential-issuing actions on every resource",
	Severity: High,
	Practice: "Grant least privilege",
	Description: "Some actions hand out credentials: access keys and console passwords for IAM users, " +
		"temporary credentials for roles, database tokens, service-specific credentials. Allowed " +
		"on every resource, they let the holder become any user or role those credentials belong " +
		"to — a quiet way to take over identities with more permissions.\n\n" +
		"Reported actions: `iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`, " +
		"`iam:CreateServiceSpecificCredential`, `iam:ResetServiceSpecificCredential`, `sts:AssumeRole`, " +
		"`sts:GetFederationToken`, `redshift:GetClusterCredentials`, `rds-db:connect` and the like, " +
		"on `*` (or `NotResource`)." + everyOfTypeDoc + " Actions that cannot be scoped to resources are left out, as " +
		"are grants narrowed by resource tag, account or organization conditions, and grants the " +
		"principal's own Denies or boundary take away. On `*` on `*` or `Allow` with `NotAction` the " +
		"finding is shown as one alert with IAM201's or IAM205's, led by the most severe. A grant pinned to an " +
		"AWS service acting for the holder (`aws:ViaAWSService` true, `aws:CalledVia…` naming services) is " +
		"reported at medium.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["iam:CreateAccessKey", "sts:AssumeRole"], "Resource": "*"}]
}`},
	},
	Fix: "name the users or roles",
	Remediation: "Name the users or roles: let people manage their own keys with " +
		"`arn:aws:iam::<account>:user/${aws:username}`, and list the roles that may be assumed.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::123456789012:user/${aws:username}"},
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::123456789012:role/deploy"}
  ]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html",
	},
	Since: "0.1.0",
	Check: checkCredentialsExposure,

	StatementGrant: true,
}

// issuesCredentials is IAM211's class: credential-issuing actions with
// resource types.
var issuesCredentials = grantClass{narrow: resourceKey, pick: func(a *iam.Action) bool { return credentialAction(a) && a.ResourceLevel() }}

func checkCredentialsExposure(pass *Pass) {
	for _, w := range wideGrants(pass, issuesCredentials) {
		f := pass.Reportf(&w.pol.Meta, w.loc, "%s allows credential-issuing action(s) %s on %s in %s%s",
			policyLabel(w.pol), actionsAnd.list(quoted(texts(w.actions)), 4), w.what, statementLabel(w.st.Statement), w.notes())
		pass.Lower(f, w.lowered(High, Medium))
	}
}
