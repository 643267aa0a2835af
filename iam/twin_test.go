package iam

import (
	"strings"
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

// TestEveryManagedPolicyHasItsTwin: each AWS managed policy that can be a
// twin is found as one (itself, or one that grants the same), so that the
// index's filters never hide a twin.
func TestEveryManagedPolicyHasItsTwin(t *testing.T) {
	t.Parallel()
	c := Default()
	set, err := c.managed()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, name := range set.names {
		text := set.byName[name].doc
		want, ok := twinKeyJSON(text)
		if !ok {
			continue
		}
		doc, err := syntax.ParseDocument(name, []byte(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if key, ok := twinKey(doc); !ok || key != want || !strings.Contains(longestAction(doc), ":") {
			continue // not read the same from the model, or not indexed (Action "*")
		}
		got, ok := c.ManagedTwin(doc)
		if !ok {
			t.Errorf("%s: no twin found", name)
			continue
		}
		if key, _ := twinKeyJSON(set.byName[got].doc); key != want {
			t.Errorf("%s: twin %s grants otherwise", name, got)
		}
		found++
	}
	if found < 1000 {
		t.Errorf("%d managed policies found as twins, want most of %d", found, len(set.names))
	}
}
