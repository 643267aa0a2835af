package iam

import "testing"

// TestImpactTable: every action the table names exists in the catalog, so a
// typo or a retired action cannot silently stop raising a severity.
func TestImpactTable(t *testing.T) {
	t.Parallel()
	c := Default()
	for name := range impactTable {
		if c.Action(name) == nil {
			t.Errorf("impact table names %q, which the catalog does not have", name)
		}
	}
}

func TestImpact(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		action string
		want   Impact
	}{
		{"logs:PutLogEvents", ImpactTelemetry},
		{"logs:DeleteLogGroup", ImpactTelemetry},
		{"logs:PutResourcePolicy", ImpactAccess}, // permissions management
		{"cloudwatch:PutMetricData", ImpactTelemetry},
		{"cloudwatch:DeleteAlarms", ImpactAccess},
		{"ssmmessages:OpenDataChannel", ImpactTelemetry},
		{"ec2:DeleteNetworkInterface", ImpactAccess},
		{"ec2:TerminateInstances", ImpactDestructive},
		{"rds:DeleteDBCluster", ImpactDestructive},
		{"secretsmanager:GetSecretValue", ImpactDataMoving},
		{"s3:GetObject", ImpactAccess},
		{"lambda:PublishVersion", ImpactMinor},
		{"ec2:AssignIpv6Addresses", ImpactMinor},
		{"ec2:AssignPrivateIpAddresses", ImpactAccess}, // may take an address from another interface
		{"lambda:UpdateFunctionCode", ImpactAccess},
	}
	for _, tt := range tests {
		a := c.Action(tt.action)
		if a == nil {
			t.Fatalf("no action %s", tt.action)
		}
		if got := a.Impact(); got != tt.want {
			t.Errorf("%s: impact %s, want %s", tt.action, got, tt.want)
		}
	}
}
