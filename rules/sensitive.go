package rules

// sensitiveActions are probes for what IAM106 calls privileged: actions
// that change who can do what (permissions management) or turn off the
// account's defences. A statement is privileged when its actions cover one
// of them; "iam:*", "iam:Put*" and "*" all do.
var sensitiveActions = []string{
	// Permissions management: identities, policies, credentials.
	"iam:CreateUser", "iam:CreateRole", "iam:CreateAccessKey", "iam:CreateLoginProfile",
	"iam:UpdateLoginProfile", "iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:AttachGroupPolicy",
	"iam:PutUserPolicy", "iam:PutRolePolicy", "iam:PutGroupPolicy", "iam:CreatePolicyVersion",
	"iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:AddUserToGroup", "iam:PassRole",
	"iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary", "iam:DeactivateMFADevice",
	"iam:DeleteVirtualMFADevice", "iam:UpdateAccountPasswordPolicy",
	"organizations:DetachPolicy", "organizations:UpdatePolicy", "organizations:LeaveOrganization",
	"sso:PutInlinePolicyToPermissionSet", "sso:CreateAccountAssignment",
	// Resource policies: who else can reach the data.
	"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:PutBucketAcl",
	"kms:PutKeyPolicy", "kms:CreateGrant", "kms:ScheduleKeyDeletion", "secretsmanager:PutResourcePolicy",
	"lambda:AddPermission", "sqs:SetQueueAttributes", "sns:SetTopicAttributes", "ecr:SetRepositoryPolicy",
	// Defences: logging and detection.
	"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "guardduty:DeleteDetector",
	"config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder",
	"securityhub:DisableSecurityHub", "access-analyzer:DeleteAnalyzer",
}
