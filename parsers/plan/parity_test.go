package plan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// TestParity scans each configuration twice, as HCL and through its real
// plan, and demands the same findings (rule and resource) from every rule
// there is: the shared plans, and every plan case of the rule fixtures
// (whose own test runs only the fixture's rule). Where the plan only knows
// a policy after apply, the HCL analysis of that element stands in for it,
// so nothing is lost either way. Every finding of a plan must point into
// the .tf files, as the HCL's do.
func TestParity(t *testing.T) {
	t.Parallel()
	shared, _ := filepath.Glob(filepath.Join(sharedPlans, "*", "plan.json"))
	if len(shared) == 0 {
		t.Logf("%s is not here: only the fixtures are compared", sharedPlans)
	}
	fixtures, _ := filepath.Glob("../../fixtures/*/plan/*/plan.json")
	if len(fixtures) == 0 {
		t.Fatal("no plan fixtures")
	}
	for _, plan := range append(shared, fixtures...) {
		dir := filepath.Dir(plan)
		name, _ := filepath.Rel("../..", dir)
		if slices.Contains(shared, plan) {
			name = "shared/" + filepath.Base(dir)
		}
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			hcl := findings(t, dir)
			fromPlan := findings(t, plan)
			if diff := cmp.Diff(hcl, fromPlan); diff != "" {
				t.Errorf("findings differ (-hcl +plan):\n%s", diff)
			}
			inv, _ := parsers.Load([]string{plan}, parsers.Options{})
			for _, f := range rules.Run(inv, rules.All, nil) {
				if !strings.HasSuffix(f.Loc.File, ".tf") || f.Loc.StartLine == 0 {
					t.Errorf("%s %s points at %s, not into the configuration", f.Rule.ID, f.Resource, f.Loc)
				}
			}
		})
	}
}

// findings loads one path and returns "rule resource" for every finding.
func findings(t *testing.T, path string) []string {
	t.Helper()
	inv, errs := parsers.Load([]string{path}, parsers.Options{})
	for _, err := range errs {
		if ie, ok := err.(*model.InputError); !ok || !ie.Warning {
			t.Errorf("%s: %v", path, err)
		}
	}
	var out []string
	for _, f := range rules.Run(inv, rules.All, nil) {
		out = append(out, f.Rule.ID+" "+f.Resource)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestParityInventory compares what the rules read: every policy (ID, use,
// statements) and every identity and attachment, from HCL and from the plan.
func TestParityInventory(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob(filepath.Join(sharedPlans, "*"))
	if len(dirs) == 0 {
		t.Skipf("%s is not here", sharedPlans)
	}
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "plan.json")); err != nil {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			hcl, _ := parsers.Load([]string{dir}, parsers.Options{})
			plan, _ := parsers.Load([]string{filepath.Join(dir, "plan.json")}, parsers.Options{})
			if diff := cmp.Diff(summary(hcl), summary(plan)); diff != "" {
				t.Errorf("inventories differ (-hcl +plan):\n%s", diff)
			}
		})
	}
}

func summary(inv *model.Inventory) []string {
	var out []string
	for _, id := range inv.Identities {
		out = append(out, fmt.Sprintf("%s %s name=%s boundary=%s may=%v", id.Kind, id.ID, id.Name.String(), id.Boundary.String(), id.MayApply))
	}
	for _, p := range inv.Policies {
		doc := "nil"
		if d := p.Document; d != nil {
			doc = fmt.Sprintf("statements=%d unknown=%v problems=%d", len(d.Statements), d.Unknown, len(d.Problems))
		}
		out = append(out, fmt.Sprintf("%s policy %s %s owners=%d %s may=%v", p.Kind, p.ID, p.Path, len(p.Owners), doc, p.MayApply))
	}
	for _, a := range inv.Attachments {
		id := inv.Identity(a.Identity, a.IdentityKind)
		var linked string
		if id != nil {
			linked = id.ID
		}
		out = append(out, fmt.Sprintf("attachment %s %s policy=%s identity=%s", a.ID, a.Path, a.Policy.String(), linked))
	}
	for _, m := range inv.Memberships {
		out = append(out, fmt.Sprintf("membership %s %s", m.ID, m.Path))
	}
	slices.Sort(out)
	return out
}
