package scan

import (
	"os"
	"path/filepath"
)

// RepositoryRoot is the directory holding .git at or above dir, or "".
func RepositoryRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
		dir = filepath.Dir(dir)
	}
}
