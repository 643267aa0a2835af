package terraform

import (
	"os"
	"path/filepath"
)

// sandboxRoot is the directory Terraform may read files and local modules
// from when scanning dir: the root given with --root, else the repository
// dir lies in (a root module in envs/prod calls ../../modules/x), else dir
// itself.
func sandboxRoot(dir, root string) string {
	if root != "" {
		return root
	}
	if repo, ok := repositoryRoot(dir); ok {
		return repo
	}
	return dir
}

// repositoryRoot returns the top level of the version-controlled working
// tree dir is in: the nearest directory at or above it holding .git (a
// directory, or the file of a worktree or submodule), .hg or .svn.
func repositoryRoot(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for d := abs; ; d = filepath.Dir(d) {
		for _, marker := range []string{".git", ".hg", ".svn"} {
			if _, err := os.Lstat(filepath.Join(d, marker)); err == nil {
				return d, true
			}
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}
