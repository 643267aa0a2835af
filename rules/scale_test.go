package rules_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// oneStatementTemplate is a CloudFormation template of one managed policy
// whose one statement lists n distinct actions EC2 does not have.
func oneStatementTemplate(n int) map[string]any {
	actions := make([]string, n)
	for i := range actions {
		actions[i] = fmt.Sprintf("ec2:DescribeInstancesX%d", i)
	}
	return map[string]any{"Resources": map[string]any{"P": map[string]any{
		"Type": "AWS::IAM::ManagedPolicy",
		"Properties": map[string]any{"PolicyDocument": map[string]any{
			"Version":   "2012-10-17",
			"Statement": []any{map[string]any{"Effect": "Allow", "Action": actions, "Resource": "*"}},
		}},
	}}}
}

// onePrincipalTemplate is a CloudFormation template of one user holding n
// inline policies, each granting two write actions on every resource.
func onePrincipalTemplate(n int) map[string]any {
	writes := []string{"s3:PutObject", "s3:DeleteObject", "iam:PassRole", "ec2:RunInstances", "sqs:SendMessage", "sns:Publish"}
	res := map[string]any{"U": map[string]any{"Type": "AWS::IAM::User"}}
	for i := range n {
		res[fmt.Sprintf("P%d", i)] = map[string]any{
			"Type": "AWS::IAM::Policy",
			"Properties": map[string]any{
				"PolicyName": fmt.Sprintf("p%d", i),
				"Users":      []any{map[string]any{"Ref": "U"}},
				"PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
					"Effect": "Allow", "Action": []string{writes[i%len(writes)], writes[(i+1)%len(writes)]}, "Resource": "*",
				}}},
			},
		}
	}
	return map[string]any{"AWSTemplateFormatVersion": "2010-09-09", "Resources": res}
}

// loadTemplate writes a template to a file and loads it.
func loadTemplate(tb testing.TB, tmpl map[string]any) *model.Inventory {
	tb.Helper()
	data, err := json.Marshal(tmpl)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "template.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	inv, errs := parsers.Load([]string{path}, parsers.Options{})
	if len(errs) > 0 {
		tb.Fatal(errs)
	}
	return inv
}

// scanRules runs every rule and groups the findings, as a scan does.
func scanRules(inv *model.Inventory) []*rules.Finding {
	return rules.Group(rules.Run(inv, rules.All, nil))
}

// BenchmarkActionsInOneStatement and BenchmarkPoliciesOnOnePrincipal run
// every rule, and group the findings, on inputs 4 and 16 times larger: the
// time per action or policy should stay flat. IAM407 compared each unknown
// action with every action of its service and grouping looked each finding
// up among those gathered (20,000 actions: 47 s); IAM204/IAM205 evaluated
// every policy of a principal for each statement's every action, and IAM106
// read them again for each statement.
func BenchmarkActionsInOneStatement(b *testing.B) {
	for _, n := range []int{10_000, 40_000, 160_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			inv := loadTemplate(b, oneStatementTemplate(n))
			for b.Loop() {
				scanRules(inv)
			}
		})
	}
}

func BenchmarkPoliciesOnOnePrincipal(b *testing.B) {
	for _, n := range []int{1000, 4000, 16_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			inv := loadTemplate(b, onePrincipalTemplate(n))
			for b.Loop() {
				scanRules(inv)
			}
		})
	}
}

// TestUnknownActionSuggestions suggests the closest action for the first
// 100 unknown actions of a statement only: each suggestion compares the
// name with every action of the service.
func TestUnknownActionSuggestions(t *testing.T) {
	t.Parallel()
	inv := loadTemplate(t, oneStatementTemplate(150))
	fs := rules.Run(inv, []*rules.Rule{rules.UnknownAction}, nil)
	if len(fs) != 150 {
		t.Fatalf("%d findings, want 150", len(fs))
	}
	for i, f := range fs {
		want := fmt.Sprintf("managed policy `P`: `ec2:DescribeInstancesX%d` is not an action of Amazon EC2 in statement 1", i)
		if i < 100 {
			want = fmt.Sprintf("managed policy `P`: `ec2:DescribeInstancesX%d` is not an action of Amazon EC2 (did you mean `ec2:DescribeInstances`?) in statement 1", i)
		}
		if f.Message != want {
			t.Errorf("finding %d = %q, want %q", i, f.Message, want)
		}
	}
}
