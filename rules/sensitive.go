package rules

import "github.com/iacscan/iacscan/iam"

// sensitiveActions are privileged although the catalog does not rate them
// permissions management: they create identities and credentials, hand out
// roles, remove MFA, or turn off the account's record and detection. With
// the permissions-management actions they are what IAM106 calls privileged.
var sensitiveActions = []string{
	"iam:PassRole", "iam:CreateUser", "iam:CreateRole", "iam:CreateAccessKey", "iam:CreateLoginProfile",
	"iam:UpdateLoginProfile", "iam:AddUserToGroup", "iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice",
	"organizations:LeaveOrganization",
	"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
	"guardduty:DeleteDetector", "guardduty:UpdateDetector", "config:StopConfigurationRecorder",
	"config:DeleteConfigurationRecorder", "securityhub:DisableSecurityHub", "access-analyzer:DeleteAnalyzer",
	"kms:ScheduleKeyDeletion", "kms:DisableKey",
}

// sensitiveSet returns the catalog's sensitiveActions, looked up once per
// check rather than once per statement.
func sensitiveSet(an *iam.Analysis) map[*iam.Action]bool {
	sensitive := make(map[*iam.Action]bool, len(sensitiveActions))
	for _, name := range sensitiveActions {
		if a := an.Catalog.Action(name); a != nil {
			sensitive[a] = true
		}
	}
	return sensitive
}

// privilegedActions returns the privileged actions a statement allows, by
// the catalog: those that manage permissions (the catalog's access level)
// and the sensitive ones (sensitiveSet).
func privilegedActions(an *iam.Analysis, sensitive map[*iam.Action]bool, st *iam.Stmt) []*iam.Action {
	if st == nil {
		return nil
	}
	var out []*iam.Action
	for a := range an.Catalog.Actions(an.Actions(st)) {
		if a.Level == iam.PermissionsManagement || sensitive[a] {
			out = append(out, a)
		}
	}
	return out
}

// passRole reports whether an action is iam:PassRole.
func passRole(a *iam.Action) bool { return a.String() == "iam:PassRole" }

// dataReadingActions read the data a resource holds (objects, parameters,
// secrets, items) or decrypt it.
var dataReadingActions = map[string]bool{
	"s3:GetObject":                       true,
	"s3:GetObjectVersion":                true,
	"ssm:GetParameter":                   true,
	"ssm:GetParameters":                  true,
	"ssm:GetParametersByPath":            true,
	"secretsmanager:GetSecretValue":      true,
	"secretsmanager:BatchGetSecretValue": true,
	"kms:Decrypt":                        true,
	"dynamodb:GetItem":                   true,
	"dynamodb:BatchGetItem":              true,
	"dynamodb:Query":                     true,
	"dynamodb:Scan":                      true,
}

// credentialActions create or return credentials for another identity or
// a resource.
var credentialActions = map[string]bool{
	"iam:CreateAccessKey":                   true,
	"iam:CreateLoginProfile":                true,
	"iam:UpdateLoginProfile":                true,
	"iam:CreateServiceSpecificCredential":   true,
	"iam:ResetServiceSpecificCredential":    true,
	"iam:UpdateAccessKey":                   true,
	"sts:AssumeRole":                        true,
	"sts:AssumeRoleWithSAML":                true,
	"sts:AssumeRoleWithWebIdentity":         true,
	"sts:GetFederationToken":                true,
	"redshift:GetClusterCredentials":        true,
	"redshift:GetClusterCredentialsWithIAM": true,
	"redshift-serverless:GetCredentials":    true,
	"rds-db:connect":                        true,
	"dsql:DbConnectAdmin":                   true,
	"lightsail:GetInstanceAccessDetails":    true,
	"ec2-instance-connect:SendSSHPublicKey": true,
	"codeartifact:GetAuthorizationToken":    true,
}

// credentialAction reports whether an action is one of credentialActions.
func credentialAction(a *iam.Action) bool { return credentialActions[a.String()] }
