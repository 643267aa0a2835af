package plan_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/parsers"
)

// TestParityInventoryFixtures is TestParityInventory on the repository's
// own plans (fixtures/*/plan/*: a plan.json beside the .tf it was made
// from), so that a clean clone checks HCL and plan against each other too.
func TestParityInventoryFixtures(t *testing.T) {
	// Fixtures whose plan differs from its configuration on purpose.
	differ := map[string]string{
		"IAM202/plan/bad":                   "the plan knows data.aws_partition; the configuration keeps the expression",
		"IAM406/plan/provider-placeholders": "the plan holds the Lambda permission with null planned values, reported as not scanned",
	}
	plans, _ := filepath.Glob("../../fixtures/*/plan/*/plan.json")
	if len(plans) == 0 {
		t.Fatal("no fixture plan found")
	}
	for _, p := range plans {
		dir := filepath.Dir(p)
		name, _ := filepath.Rel("../../fixtures", dir)
		t.Run(name, func(t *testing.T) {
			if why, ok := differ[filepath.ToSlash(name)]; ok {
				t.Skip(why)
			}
			t.Parallel()
			hcl, _ := parsers.Load([]string{dir}, parsers.Options{})
			plan, _ := parsers.Load([]string{p}, parsers.Options{})
			if diff := cmp.Diff(summary(hcl), summary(plan)); diff != "" {
				t.Errorf("inventories differ (-hcl +plan):\n%s", diff)
			}
		})
	}
}
