package parsers

import (
	"os"
	"path/filepath"
	"testing"
)

// Coverage.Inputs counts what a format took: a policy file, a Terraform
// configuration (its files one unit), nothing in a directory of notes; a
// directory named through a symbolic link is read at its target.
func TestInputsRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("policy/admin.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`)
	write("tf/a.tf", "resource \"aws_iam_user\" \"a\" {\n  name = \"a\"\n}\n")
	write("tf/b.tf", "resource \"aws_iam_user\" \"b\" {\n  name = \"b\"\n}\n")
	write("notes/readme.md", "nothing\n")
	link := filepath.Join(dir, "linked")
	if err := os.Symlink(filepath.Join(dir, "policy"), link); err != nil {
		t.Skip(err)
	}
	tests := []struct {
		paths []string
		want  int
	}{
		{[]string{"policy"}, 1},
		{[]string{"tf"}, 1},
		{[]string{"policy", "tf"}, 2},
		{[]string{"notes"}, 0},
		{[]string{"linked"}, 1},
	}
	for _, tt := range tests {
		var paths []string
		for _, p := range tt.paths {
			paths = append(paths, filepath.Join(dir, p))
		}
		inv, errs := Load(paths, Options{})
		if len(errs) > 0 {
			t.Errorf("%v: %v", tt.paths, errs)
		}
		if inv.Coverage.Inputs != tt.want {
			t.Errorf("%v: %d inputs, want %d", tt.paths, inv.Coverage.Inputs, tt.want)
		}
	}
	real, err := filepath.EvalSymlinks(filepath.Join(dir, "policy"))
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := Load([]string{link}, Options{})
	if len(inv.Policies) != 1 || inv.Policies[0].Loc.File != filepath.Join(real, "admin.json") {
		t.Errorf("through the link: %+v", inv.Policies)
	}
}
