package rules_test

import (
	"strings"
	"testing"

	"github.com/iacscan/iacscan/rules"
)

// TestCalibratedSeverities: findings a rule knows to be narrower than the
// case its severity is set for are reported lower, and say why.
func TestCalibratedSeverities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, statement string
		rule            *rules.Rule
		want            rules.Severity
		fragment        string
	}{
		{"IAM209 stack policy only", `{"Effect": "Allow", "Action": "cloudformation:SetStackPolicy", "Resource": "*"}`,
			rules.PermissionsManagementUnrestricted, rules.Medium, "change no identity's or resource policy's grants"},
		{"IAM209 network interface permissions", `{"Effect": "Allow", "Action": ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterfacePermission"], "Resource": "*"}`,
			rules.PermissionsManagementUnrestricted, rules.Medium, "change no identity's"},
		{"IAM209 with a bucket policy", `{"Effect": "Allow", "Action": ["cloudformation:SetStackPolicy", "s3:PutBucketPolicy"], "Resource": "*"}`,
			rules.PermissionsManagementUnrestricted, rules.High, "`s3:PutBucketPolicy`"},
		{"IAM204 destructive", `{"Effect": "Allow", "Action": ["ec2:TerminateInstances", "ec2:StopInstances"], "Resource": "*"}`,
			rules.WildcardResource, rules.High, "`ec2:TerminateInstances`, `ec2:StopInstances` (1 of them delete or move data)"},
		{"IAM204 telemetry", `{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}`,
			rules.WildcardResource, rules.Low, "`logs:CreateLogStream`, `logs:PutLogEvents`; they accept resource ARNs"},
		{"IAM204 pinned to a service", `{"Effect": "Allow", "Action": "ec2:DeleteNetworkInterface", "Resource": "*", "Condition": {"Bool": {"aws:ViaAWSService": "true"}}}`,
			rules.WildcardResource, rules.Low, "only through an AWS service acting for the holder (`aws:ViaAWSService`)"},
		{"IAM204 copy of an AWS managed policy", `{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}`,
			rules.WildcardResource, rules.Low, "; same as AWS managed policy `service-role/AmazonECSTaskExecutionRolePolicy`: attach it instead"},
		{"IAM210 secrets", `{"Effect": "Allow", "Action": ["s3:GetObject", "secretsmanager:GetSecretValue"], "Resource": "*"}`,
			rules.DataExfiltration, rules.High, "`secretsmanager:GetSecretValue`, `s3:GetObject`"},
		{"IAM210 objects", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`,
			rules.DataExfiltration, rules.Medium, "`s3:GetObject`"},
		{"IAM203 logging", `{"Effect": "Allow", "Action": "logs:*", "Resource": "arn:aws:logs:*:*:*"}`,
			rules.WildcardAction, rules.Low, "`logs:*` (every `logs` action)"},
		{"IAM204 negated request tag", `{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestTag/team": "x"}}}`,
			rules.WildcardResource, rules.Medium, "conditions considered: `aws:RequestTag/team`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"Version": "2012-10-17", "Statement": [` + tt.statement + `]}`
			fs := scanFile(t, t.TempDir(), "p.json", doc, tt.rule)
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1", len(fs))
			}
			if fs[0].Rule.Severity != tt.want || !strings.Contains(fs[0].Message, tt.fragment) {
				t.Errorf("got %s: %s; want %s and %q", fs[0].Rule.Severity, fs[0].Message, tt.want, tt.fragment)
			}
		})
	}
}
