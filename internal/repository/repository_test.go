package repository

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRoot(t *testing.T) {
	tmp := t.TempDir()
	mk := func(parts ...string) string {
		p := filepath.Join(append([]string{tmp}, parts...)...)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	git := mk("git", ".git")
	deep := mk("git", "a", "b")
	worktree := mk("worktree", "sub")
	if err := os.WriteFile(filepath.Join(tmp, "worktree", ".git"), []byte("gitdir: elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mk("hg", ".hg")
	hgSub := mk("hg", "x")
	none := mk("none", "y")
	tests := []struct{ dir, want string }{
		{deep, filepath.Dir(git)},
		{filepath.Dir(git), filepath.Dir(git)},
		{worktree, filepath.Join(tmp, "worktree")},
		{hgSub, filepath.Join(tmp, "hg")},
	}
	for _, tt := range tests {
		if got := Root(tt.dir); got != tt.want {
			t.Errorf("Root(%s) = %q, want %q", tt.dir, got, tt.want)
		}
	}
	// A temporary directory may itself be inside a repository: the answer
	// is then that one, never a directory below tmp.
	if got := Root(none); got != "" && strings.HasPrefix(got, tmp) {
		t.Errorf("Root(%s) = %q, want none above it", none, got)
	}
}
