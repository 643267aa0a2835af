package parsers

import (
	"os"
	"path/filepath"

	"github.com/iacscan/iacscan/parsers/terraform"
)

// terraformInput is the Terraform configuration found under one scan path:
// its directories are modules, evaluated together so that calls between
// them resolve.
type terraformInput struct {
	root  string // file functions and module sources stay inside it
	files []input
}

// splitTerraform separates Terraform configuration files from other inputs.
func splitTerraform(found []input) (others, config []input) {
	for _, in := range found {
		if in.path != "-" && terraform.IsConfigFile(in.path) {
			config = append(config, in)
			continue
		}
		others = append(others, in)
	}
	return others, config
}

// scanRoot is the directory a scan path stands for: itself, or the
// directory of a named file.
func scanRoot(path string) string {
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		return filepath.Dir(path)
	}
	return path
}

func (t terraformInput) read(opts Options) result {
	paths := make([]string, len(t.files))
	for i, f := range t.files {
		paths[i] = f.path
	}
	inv, errs := terraform.Scan(terraform.ModuleDirs(paths), terraform.Options{
		Root: t.root, Vars: opts.Vars, VarFiles: opts.VarFiles, Env: opts.Env,
	})
	return result{inv: inv, errs: errs}
}
