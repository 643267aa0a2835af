package rules

import (
	"slices"

	"github.com/iacscan/iacscan/iam"
)

// PermissionsManagementUnrestricted finds permissions-management actions
// granted on every resource.
var PermissionsManagementUnrestricted = &Rule{
	ID:       "IAM209",
	Name:     "permissions-management-unrestricted",
	Title:    "Permissions management on every resource",
	Severity: High,
	Practice: "Review access levels",
	Description: "Permissions-management actions change who may do what: IAM policies and attachments, " +
		"bucket and key policies, resource shares, ACLs. On every resource they let the holder " +
		"grant itself or anyone else access to anything those policies protect, or open resources " +
		"to the public — AWS calls this resource exposure.\n\n" +
		"The rule uses the catalog's access levels and reports only actions that support " +
		"resource-level permissions." + everyOfTypeDoc + " Grants narrowed by resource tag, account or organization, by " +
		"`iam:PermissionsBoundary` or by `iam:PolicyARN` conditions are not findings, nor are " +
		"grants the principal's Denies or boundary take away. On `*` on `*` or `Allow` with `NotAction` this " +
		"finding is shown within the alert of IAM201 or IAM205, whichever is more severe." +
		"\n\n**Severity.** High: on every resource, these actions let the holder grant itself " +
		"or others access. A grant whose actions are all narrow ones that change no identity's or resource " +
		"policy's grants (`cloudformation:SetStackPolicy`, which only guards a stack against updates; " +
		"`ec2:Create/DeleteNetworkInterfacePermission`, which let an AWS service attach an interface) is " +
		"reported **medium**, as the least-privilege gap it is, and says so. So is a grant pinned to an AWS " +
		"service acting for the holder (`aws:ViaAWSService` true, `aws:CalledVia…` or `kms:ViaService` naming " +
		"services): the holder cannot call the actions directly, but the service does what it is asked. " +
		"`iam:AWSServiceName` (service-linked roles of the named services only) removes the finding. " +
		"AWS IoT Core policies are not judged here: they authorize devices' data-plane calls, and " +
		"`iot:AttachPolicy` in one has no effect.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["iam:AttachRolePolicy", "s3:PutBucketPolicy"], "Resource": "*"}]
}`},
	},
	Fix: "scope to administered resources; require a boundary",
	Remediation: "Scope the actions to the resources the holder administers, and when delegating IAM " +
		"administration require a permissions boundary with an `iam:PermissionsBoundary` condition.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "iam:AttachRolePolicy",
    "Resource": "arn:aws:iam::123456789012:role/app-*",
    "Condition": {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/app-boundary"}}
  }]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
	},
	Since: "0.1.0",
	Check: checkPermissionsManagementUnrestricted,

	StatementGrant: true,
}

// managesPermissions is IAM209's class: permissions-management actions
// with resource types.
var managesPermissions = grantClass{narrow: delegationKey, pick: func(a *iam.Action) bool {
	return a.Level == iam.PermissionsManagement && a.ResourceLevel()
}}

func checkPermissionsManagementUnrestricted(pass *Pass) {
	for _, w := range wideGrants(pass, managesPermissions) {
		// An AWS IoT Core policy authorizes a device's data-plane calls
		// (connect, publish, shadows, jobs): the control-plane actions that
		// manage policies have no effect in it.
		if w.pol.Service == "iot" {
			continue
		}
		narrow := !slices.ContainsFunc(w.actions, func(a *iam.Action) bool { return !narrowPermissionActions[a.String()] })
		note := ""
		if narrow {
			note = "; these change no identity's or resource policy's grants"
		}
		f := pass.Reportf(&w.pol.Meta, w.loc, "%s allows %d permissions-management action(s) on %s in %s: %s%s%s",
			policyLabel(w.pol), len(w.actions), w.what, statementLabel(w.st.Statement), actionsAnd.list(quoted(texts(w.actions)), 3), w.notes(), note)
		sev := High
		if narrow {
			sev = Medium
		}
		pass.Lower(f, w.lowered(sev, Medium))
	}
}

// narrowPermissionActions are permissions-management actions (AWS's access
// level) that give no principal new access: a stack policy only guards the
// stack's resources against updates, and a network interface permission
// lets an AWS service attach an interface the account owns. On every
// resource they are a least-privilege gap (medium), not a way to grant
// oneself or others more (high).
var narrowPermissionActions = map[string]bool{
	"cloudformation:SetStackPolicy":        true,
	"ec2:CreateNetworkInterfacePermission": true,
	"ec2:DeleteNetworkInterfacePermission": true,
}
