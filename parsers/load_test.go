package parsers

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
)

func TestLoadPolicyFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("a.json", `{"Version": "2012-10-17", "Statement": []}`)
	write("sub/b.json", `{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`)
	write("package.json", `{"name": "not a policy"}`)
	write(".git/c.json", `{"Statement": []}`)
	broken := write("sub/broken.json", "{\"Statement\": [\n  {\"Effect\": \"Allow\",,}\n]}")
	notPolicy := write("other.json", `{"name": "x"}`)

	inv, errs := Load([]string{dir}, Options{})
	var ids []string
	for _, p := range inv.Policies {
		ids = append(ids, filepath.ToSlash(strings.TrimPrefix(p.ID, dir)))
	}
	if got := strings.Join(ids, ","); got != "/a.json,/sub/b.json" {
		t.Errorf("policies = %s", got)
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), broken+":2:22: invalid JSON") {
		t.Errorf("errors = %v, want one at %s:2:22", errs, broken)
	}

	_, errs = Load([]string{filepath.Join(dir, "missing.json"), notPolicy}, Options{})
	if len(errs) != 2 {
		t.Fatalf("errors = %v, want 2", errs)
	}
	var ie *model.InputError
	if !strings.Contains(errs[0].Error(), "missing.json: cannot read: no such file or directory") {
		t.Errorf("missing file: %v", errs[0])
	}
	if !errors.As(errs[1], &ie) || !strings.Contains(ie.Message, "not a recognised input") || ie.Loc.StartLine != 1 {
		t.Errorf("explicit non-policy: %v", errs[1])
	}
}

func TestLoadStdin(t *testing.T) {
	t.Parallel()
	inv, errs := Load([]string{"-"}, Options{Stdin: strings.NewReader(`{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`)})
	if len(errs) != 0 || len(inv.Policies) != 1 || inv.Policies[0].ID != StdinName {
		t.Fatalf("Load(-) = %+v, %v", inv.Policies, errs)
	}
}

func TestMatchGlob(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"examples/**", "examples/a/b.tf", true},
		{"examples/**", "examples", true},
		{"**/test", "modules/x/test", true},
		{"**/*.json", "a/b/c.json", true},
		{"*.json", "a/c.json", false},
		{"modules/*/examples", "modules/x/examples", true},
		{"modules/*/examples", "modules/x/y/examples", false},
	}
	for _, tt := range tests {
		if got := matchGlob(strings.Split(tt.pattern, "/"), strings.Split(tt.path, "/")); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}
