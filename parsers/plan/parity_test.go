package plan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// TestParity scans each shared configuration twice, as HCL and through its
// real plan, and demands the same findings (rule and resource) from every
// rule there is. Where the plan only knows a policy after apply, the HCL
// analysis of that element stands in for it, so nothing is lost either way.
func TestParity(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(sharedPlans, "*"))
	if len(dirs) == 0 {
		t.Skipf("%s is not here", sharedPlans)
	}
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "plan.json")); err != nil {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			hcl := findings(t, dir)
			plan := findings(t, filepath.Join(dir, "plan.json"))
			if len(hcl) == 0 {
				t.Log("no findings")
			}
			if diff := cmp.Diff(hcl, plan); diff != "" {
				t.Errorf("findings differ (-hcl +plan):\n%s", diff)
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
