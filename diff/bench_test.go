package diff_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/diff"
)

// benchPlan writes a plan of n roles, each with an inline policy, made by
// hand in the format of terraform show -json (format 1.2): the prior state
// has them all; the change widens every tenth role's policy to s3:* on
// every resource and attaches AdministratorAccess to every fiftieth.
func benchPlan(tb testing.TB, n int) string {
	tb.Helper()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	type res = map[string]any
	var prior, planned, changes []res
	resource := func(typ, name string, values res) res {
		return res{"address": typ + "." + name, "mode": "managed", "type": typ, "name": name,
			"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": values, "sensitive_values": res{}}
	}
	change := func(r res, actions []string, before any) res {
		return res{"address": r["address"], "mode": "managed", "type": r["type"], "name": r["name"], "provider_name": r["provider_name"],
			"change": res{"actions": actions, "before": before, "after": r["values"], "after_unknown": res{}, "before_sensitive": res{}, "after_sensitive": res{}}}
	}
	for i := range n {
		name := fmt.Sprintf("r%05d", i)
		role := resource("aws_iam_role", name, res{"name": name, "arn": "arn:aws:iam::123456789012:role/" + name, "assume_role_policy": trust,
			"path": "/", "max_session_duration": 3600, "permissions_boundary": nil, "inline_policy": []any{}})
		doc := func(action, resource string) string {
			return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":%q,"Resource":%q}]}`, action, resource)
		}
		before := resource("aws_iam_role_policy", name, res{"name": "p", "role": name, "policy": doc("s3:GetObject", "arn:aws:s3:::data-"+name+"/*")})
		after := before
		actions := []string{"no-op"}
		if i%10 == 0 {
			after = resource("aws_iam_role_policy", name, res{"name": "p", "role": name, "policy": doc("s3:*", "*")})
			actions = []string{"update"}
		}
		prior = append(prior, role, before)
		planned = append(planned, role, after)
		changes = append(changes, change(role, []string{"no-op"}, role["values"]), change(after, actions, before["values"]))
		if i%50 == 0 {
			at := resource("aws_iam_role_policy_attachment", name, res{"role": name, "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"})
			planned = append(planned, at)
			changes = append(changes, change(at, []string{"create"}, nil))
		}
	}
	plan := res{
		"format_version": "1.2", "terraform_version": "1.11.4",
		"planned_values":   res{"root_module": res{"resources": planned}},
		"resource_changes": changes,
		"prior_state":      res{"format_version": "1.0", "terraform_version": "1.11.4", "values": res{"root_module": res{"resources": prior}}},
	}
	data, err := json.Marshal(plan)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestBenchPlan(t *testing.T) {
	t.Parallel()
	r := planDiff(t, benchPlan(t, 100))
	// 10 widened roles, 2 of them also given AdministratorAccess.
	if len(r.Principals) != 10 {
		t.Fatalf("%d principals changed, want 10: %v", len(r.Principals), facts(r))
	}
	esc := 0
	for _, p := range r.Principals {
		if p.Escalation {
			esc++
		}
	}
	if esc != 10 {
		t.Errorf("%d escalations, want 10 (s3:* has permissions management)", esc)
	}
	if md := diff.Markdown(r, diff.MaxMarkdown); len(md) > diff.MaxMarkdown {
		t.Errorf("markdown over the limit")
	}
}

// BenchmarkDiffPlan diffs a plan of 5,000 roles: both sides read,
// analysed and checked by every rule, then compared.
func BenchmarkDiffPlan(b *testing.B) {
	path := benchPlan(b, 5000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := planDiff(b, path)
		if len(r.Principals) != 500 {
			b.Fatalf("%d principals changed, want 500", len(r.Principals))
		}
	}
}

// BenchmarkCompute is the comparison alone, over the same 5,000 roles
// read and analysed once.
func BenchmarkCompute(b *testing.B) {
	path := benchPlan(b, 5000)
	before, after := planSides(b, path)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if r := diff.Compute(before, after); len(r.Principals) != 500 {
			b.Fatalf("%d principals changed, want 500", len(r.Principals))
		}
	}
}
