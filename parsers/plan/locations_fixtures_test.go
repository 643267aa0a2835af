package plan_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
)

// TestFixturePlansMapToSource: every element a fixture plan holds points
// into the .tf it was made from, at the place the configuration's own
// parse puts the same element (by ID and path), so a finding on a plan
// is shown where the user edits it. The repository's own plans, beside
// their .tf, in place of the shared ones (TestSharedPlansMapToSource).
func TestFixturePlansMapToSource(t *testing.T) {
	t.Parallel()
	// Where the two are apart on purpose: the plan knows only the
	// attribute that names a data source's document, and the block that
	// holds environment variables; the configuration reads into them.
	apart := map[string]string{
		"IAM103/plan/bad: exposures aws_lambda_function.sync(environment.variables.AWS_ACCESS_KEY_ID)":     "main.tf:9",
		"IAM103/plan/bad: exposures aws_lambda_function.sync(environment.variables.TABLE)":                 "main.tf:9",
		"IAM103/plan/good: exposures aws_lambda_function.sync(environment.variables.SECRET_KEY)":           "main.tf:15",
		"IAM109/plan/bad: exposures aws_ecs_task_definition.app(container_definitions[0].environment[0])":  "main.tf:8",
		"IAM109/plan/good: exposures aws_ecs_task_definition.app(container_definitions[0].environment[0])": "main.tf:4",
		"IAM301/plan/bad: policies aws_iam_role.break_glass(assume_role_policy)":                           "main.tf:30",
		"IAM301/plan/good: policies aws_iam_role.ops(assume_role_policy)":                                  "main.tf:31",
		"IAM303/plan/good: policies aws_iam_role.payments_api(assume_role_policy)":                         "main.tf:44",
		// The plan knows the account it was made for; the configuration does not.
		"IAM302/plan/own-account: accounts data.aws_caller_identity.current()":               "main.tf:5",
		"IAM308/plan/bad_opensearch_serverless: accounts data.aws_caller_identity.current()": "main.tf:19",
	}
	plans, _ := filepath.Glob("../../fixtures/*/plan/*/plan.json")
	if len(plans) == 0 {
		t.Fatal("no fixture plan found")
	}
	elements, seen := 0, map[string]bool{}
	for _, p := range plans {
		dir := filepath.Dir(p)
		hcl, _ := parsers.Load([]string{dir}, parsers.Options{})
		plan, _ := parsers.Load([]string{p}, parsers.Options{})
		want := places(hcl, dir)
		name, _ := filepath.Rel("../../fixtures", dir)
		for key, got := range places(plan, dir) {
			elements++
			kind, id, _ := strings.Cut(key, " ")
			seen[kind] = true
			seen["module"] = seen["module"] || strings.HasPrefix(id, "module.")
			if at, ok := apart[filepath.ToSlash(name)+": "+key]; ok {
				if got != at {
					t.Errorf("%s: %s is at %s from the plan, want %s", name, key, got, at)
				}
				continue
			}
			if got != want[key] {
				t.Errorf("%s: %s is at %s from the plan, at %q in the configuration", name, key, got, want[key])
			}
		}
	}
	for _, want := range []string{"identities", "policies", "attachments", "memberships", "access_keys", "exposures", "module"} {
		if !seen[want] {
			t.Errorf("no fixture plan holds %s: their places are not tested", want)
		}
	}
	if elements < 300 {
		t.Errorf("the fixture plans hold %d elements; want them to hold at least 300", elements)
	}
}

// places says where each element of inv is: file relative to dir and
// line (the plan points at an attribute, the configuration at its value),
// by kind, ID and path.
func places(inv *model.Inventory, dir string) map[string]string {
	out := map[string]string{}
	for _, k := range model.Kinds() {
		for i := range k.Len(inv) {
			m := k.Meta(inv, i)
			rel, _ := filepath.Rel(dir, m.Loc.File)
			out[fmt.Sprintf("%s %s(%s)", k.Name(), m.ID, m.Path)] = fmt.Sprintf("%s:%d", filepath.ToSlash(rel), m.Loc.StartLine)
		}
	}
	return out
}
