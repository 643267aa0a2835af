package terraform

import (
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/format"
)

// Format returns the input format of Terraform configuration (.tf and
// .tf.json files). The files found under one scan path are read together:
// their directories are modules, evaluated together so that calls between
// them resolve. opts.Root is set per scan path.
func Format(opts Options) format.Format { return configFormat{opts} }

type configFormat struct{ opts Options }

func (configFormat) Name() model.Source { return model.SourceTerraform }

func (configFormat) Walks(name string) bool { return strings.EqualFold(filepath.Ext(name), ".tf") }

// Claim goes by the name alone: .tf.json is Terraform whatever it holds.
func (configFormat) Claim(in *format.Input) bool {
	return !in.IsStdin() && IsConfigFile(in.Path)
}

// ReadGroup reads the configuration found under root. File functions and
// module sources never leave the sandbox: opts.SandboxRoot (--root), else
// the repository root is in, else root itself.
func (f configFormat) ReadGroup(root string, ins []*format.Input) (*model.Inventory, []error) {
	paths := make([]string, len(ins))
	for i, in := range ins {
		paths[i] = in.Path
	}
	opts := f.opts
	opts.Root = sandboxRoot(root, f.opts.SandboxRoot)
	return Scan(ModuleDirs(paths), opts)
}
