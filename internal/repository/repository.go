package repository

import (
	"os"
	"path/filepath"
)

// markers make the directory holding one the top level of a working tree:
// .git is a directory, or the file of a worktree or submodule.
var markers = []string{".git", ".hg", ".svn"}

// Root returns the top level of the version-controlled working tree dir is
// in: the nearest directory at or above it (made absolute) holding .git,
// .hg or .svn; "" when there is none.
func Root(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if IsRoot(d) {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// IsRoot reports whether dir is the top level of a working tree.
func IsRoot(dir string) bool {
	for _, m := range markers {
		if _, err := os.Lstat(filepath.Join(dir, m)); err == nil {
			return true
		}
	}
	return false
}
