package terraform

import (
	"cmp"

	"github.com/iacscan/iacscan/internal/repository"
)

// sandboxRoot is the directory Terraform may read files and local modules
// from when scanning dir: the root given with --root, else the repository
// dir lies in (a root module in envs/prod calls ../../modules/x), else dir
// itself.
func sandboxRoot(dir, root string) string {
	if root != "" {
		return root
	}
	return cmp.Or(repository.Root(dir), dir)
}
