package iam

import (
	"testing"

	"github.com/iacscan/iacscan/syntax"
)

func TestManagedTwin(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		name, doc, want string
	}{
		{"same statements, other order, case and Sid", `{"Version": "2012-10-17", "Statement": [{"Sid": "Copied", "Effect": "Allow", "Action": ["EC2:Describe*", "ec2:AuthorizeSecurityGroupIngress", "elasticloadbalancing:DeregisterInstancesFromLoadBalancer", "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:Describe*", "elasticloadbalancing:RegisterInstancesWithLoadBalancer", "elasticloadbalancing:RegisterTargets"], "Resource": "*"}]}`,
			"service-role/AmazonEC2ContainerServiceRole"},
		{"one action fewer", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:UpdateService", "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "application-autoscaling:*"], "Resource": "*"}]}`, ""},
		{"a resource policy", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ecs:UpdateService", "ecs:DescribeServices", "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "application-autoscaling:*"], "Resource": "*"}]}`, ""},
	}
	for _, tt := range tests {
		doc, err := syntax.ParseDocument("p.json", []byte(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := c.ManagedTwin(doc)
		if got != tt.want {
			t.Errorf("%s: twin %q, want %q", tt.name, got, tt.want)
		}
	}
}
