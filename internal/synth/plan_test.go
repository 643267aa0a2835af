package synth

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// planShape is what the tests check of a generated plan.
type planShape struct {
	FormatVersion string `json:"format_version"`
	Planned       struct {
		Root struct {
			Resources []struct {
				Address string `json:"address"`
			} `json:"resources"`
			Children []struct {
				Resources []json.RawMessage `json:"resources"`
			} `json:"child_modules"`
		} `json:"root_module"`
	} `json:"planned_values"`
	Changes []struct {
		Address string `json:"address"`
		Change  struct {
			Actions []string `json:"actions"`
		} `json:"change"`
	} `json:"resource_changes"`
}

func TestPlanIdentity(t *testing.T) {
	var buf bytes.Buffer
	if err := PlanIdentity(&buf, 3); err != nil {
		t.Fatal(err)
	}
	var p planShape
	if err := json.Unmarshal(buf.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	perTeam := len(identityResources("x"))
	want := 1 + 3*perTeam // the account's password policy, then the teams
	if len(p.Changes) != want || len(p.Planned.Root.Resources) != want {
		t.Fatalf("%d changes and %d planned resources, want %d each", len(p.Changes), len(p.Planned.Root.Resources), want)
	}
	seen := map[string]bool{}
	for i, c := range p.Changes {
		if seen[c.Address] {
			t.Errorf("address %s twice", c.Address)
		}
		seen[c.Address] = true
		if c.Address != p.Planned.Root.Resources[i].Address || len(c.Change.Actions) != 1 || c.Change.Actions[0] != "create" {
			t.Errorf("change %d: %s %v, planned %s", i, c.Address, c.Change.Actions, p.Planned.Root.Resources[i].Address)
		}
	}
}

// PlanIdentityFile writes the plan PlanIdentity writes, to dir/plan.json.
func TestPlanIdentityFile(t *testing.T) {
	var want bytes.Buffer
	if err := PlanIdentity(&want, 2); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path, err := PlanIdentityFile(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, "plan.json") || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("PlanIdentityFile wrote %d bytes to %s, want PlanIdentity's %d to plan.json", len(got), path, want.Len())
	}
}

func TestPlanMixed(t *testing.T) {
	dir := t.TempDir()
	file, err := PlanMixed(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var p planShape
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	if p.FormatVersion != "1.2" || len(p.Changes) != 20 || len(p.Planned.Root.Children) != 2 || len(p.Planned.Root.Children[0].Resources) != 10 {
		t.Errorf("format %q, %d changes, %d module instances, want 1.2, 20, 2 of 10 resources", p.FormatVersion, len(p.Changes), len(p.Planned.Root.Children))
	}
	for _, name := range []string{"main.tf", "modules/svc/main.tf", "modules/svc/trust.json", "modules/svc/task.json", "modules/svc/deploy.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}
