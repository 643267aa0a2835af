package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSARIFRootFromPaths chooses the SARIF root from the scanned paths when
// the working directory is not above them: the repository that holds them.
func TestSARIFRootFromPaths(t *testing.T) {
	cwd, other := t.TempDir(), t.TempDir()
	if err := os.MkdirAll(filepath.Join(other, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(other, "infra")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	rel := func(p string) string {
		r, err := filepath.Rel(cwd, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(r)
	}
	tests := []struct {
		flag  string
		paths []string
		want  string
	}{
		{"", []string{cwd}, ""},                     // below the working directory
		{"", []string{sub}, rel(other)},             // another repository
		{"", []string{"-", sub}, rel(other)},        // standard input has no place
		{other, []string{cwd}, rel(other)},          // the flag wins
		{"", []string{filepath.Join(cwd, "x")}, ""}, // a missing path below cwd
	}
	for _, tt := range tests {
		got, err := sarifRoot(tt.flag, cwd, tt.paths)
		if err != nil || got != tt.want {
			t.Errorf("sarifRoot(%q, cwd, %v) = %q, %v; want %q", tt.flag, tt.paths, got, err, tt.want)
		}
	}
}
