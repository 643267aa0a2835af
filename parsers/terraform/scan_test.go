package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/model/modeltest"
)

// scanDir scans one directory as a root and fails on errors.
func scanDir(t testing.TB, dir string, opts Options) *model.Inventory {
	t.Helper()
	if opts.Root == "" {
		opts.Root = dir
	}
	var dirs []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && IsConfigFile(p) && !strings.Contains(p, ".terraform") {
			dirs = append(dirs, filepath.Dir(p))
		}
		return nil
	})
	inv, errs := Scan(ModuleDirs(dirsAsFiles(dirs)), opts)
	for _, err := range errs {
		t.Errorf("unexpected error: %v", err)
	}
	return inv
}

func dirsAsFiles(dirs []string) []string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = filepath.Join(d, "x.tf")
	}
	return out
}

// writeModule writes files (name → content) into a temporary directory.
func writeModule(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// describe lists an inventory's elements compactly, sorted, for comparison.
func describe(inv *model.Inventory) []string {
	var out []string
	for _, id := range inv.Identities {
		out = append(out, fmt.Sprintf("%s %s name=%s%s", id.Kind, id.ID, show(id.Name), mayApply(id.MayApply)))
	}
	for _, p := range inv.Policies {
		line := fmt.Sprintf("%s %s", p.Kind, p.ID)
		if p.Path != "" {
			line += " " + p.Path
		}
		for _, o := range p.Owners {
			line += " owner=" + o.String()
		}
		out = append(out, line+mayApply(p.MayApply)+" "+documentText(p.Document))
	}
	for _, a := range inv.Attachments {
		out = append(out, fmt.Sprintf("attach %s %s -> %s %s", a.ID, a.Policy, a.IdentityKind, a.Identity))
	}
	for _, m := range inv.Memberships {
		out = append(out, fmt.Sprintf("member %s %s in %s", m.ID, m.User, m.Group))
	}
	for _, e := range inv.Exposures {
		out = append(out, fmt.Sprintf("exposure %s %s %s=%s %v", e.ID, e.Kind, e.Name, show(e.Value), e.Refs))
	}
	sort.Strings(out)
	return out
}

func mayApply(b bool) string {
	if b {
		return " (may apply)"
	}
	return ""
}

func show(v model.Value) string {
	if v.Unknown {
		return "?" + v.Text
	}
	return v.Text
}

// documentText renders a decoded document compactly: statements with
// effect, actions, resources; unknown values with a leading "?".
func documentText(d *model.Document) string {
	if d == nil {
		return "<nil>"
	}
	if d.Unknown {
		return "unknown(" + d.Expr + ")"
	}
	var parts []string
	if d.Version.Set {
		parts = append(parts, "v="+show(d.Version))
	}
	for _, s := range d.Statements {
		st := show(s.Effect)
		if s.Sid.Set {
			st = s.Sid.Text + ":" + st
		}
		st += " " + values(s.Action) + values(s.NotAction) + " on " + values(s.Resource) + values(s.NotResource)
		if s.Principal != nil {
			st += " by " + principal(s.Principal)
		}
		for _, c := range s.Condition.Items {
			st += fmt.Sprintf(" if %s %s %s", c.Operator.Text, c.Key.Text, values(c.Values))
		}
		parts = append(parts, "["+st+"]")
	}
	if d.StatementsUnknown {
		parts = append(parts, "[?]")
	}
	for _, p := range d.Problems {
		parts = append(parts, "problem: "+p.Message)
	}
	return strings.Join(parts, " ")
}

func values(vs model.Values) string {
	if !vs.Set {
		return ""
	}
	if vs.Unknown {
		return "?" + vs.Expr
	}
	var items []string
	for _, v := range vs.Items {
		items = append(items, show(v))
	}
	return strings.Join(items, ",")
}

func principal(p *model.Principal) string {
	switch {
	case p.Unknown:
		return "?" + p.Expr
	case p.Wildcard:
		return "*"
	}
	var parts []string
	for _, e := range p.Entries {
		parts = append(parts, e.Type.Text+"="+values(e.Values))
	}
	return strings.Join(parts, ";")
}

// TestDemo scans both root modules of the demo (terraform/ and its
// accounts/ module, which repeats aws_iam_user.ci in its own scope).
func TestDemo(t *testing.T) {
	t.Parallel()
	inv := scanDir(t, "../../fixtures/demo/terraform", Options{})
	want, err := os.ReadFile("testdata/demo.golden")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), modeltest.Dump(inv)); diff != "" {
		t.Errorf("demo inventory differs from testdata/demo.golden (-want +got):\n%s", diff)
	}
}
