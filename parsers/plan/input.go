package plan

import (
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/format"
)

// Format returns the input format of Terraform plans and states
// (terraform show -json). opts.Release is set per file.
//
// Naming a plan file (or "-") is the plan use: it is read, and its findings
// are mapped onto the .tf files of its configuration. In a directory walk, a
// plan whose configuration directory is also in the walk is skipped, with a
// warning: in a repository the .tf files are what people edit and review,
// a plan JSON beside them is a build artefact that may be stale, and
// reading both would report every finding twice. A plan whose
// configuration is not in the walk (an artefacts folder) is read.
func Format(opts Options) format.Format { return planFormat{opts} }

type planFormat struct{ opts Options }

func (planFormat) Name() model.Source { return model.SourcePlan }

func (planFormat) Walks(name string) bool { return strings.EqualFold(filepath.Ext(name), ".json") }

// Claim looks at the head of a file first, so that a plan is not read onto
// the heap before it is mapped.
func (planFormat) Claim(in *format.Input) bool {
	return Detect(in.Head()) || Detect(in.Data())
}

func (f planFormat) Read(in *format.Input) (*model.Inventory, []error) {
	if !in.Explicit {
		if dir := ConfigDir(in.Path, f.opts.TFDir); withinWalk(dir, in.Root) && HasConfiguration(dir) {
			return nil, []error{&model.InputError{
				Loc:     model.Location{File: in.Name()},
				Message: "Terraform plan skipped: its configuration " + dir + " is scanned as HCL in this walk; name the plan file to scan it as a plan",
				Warning: true,
			}}
		}
	}
	if in.IsStdin() {
		return Parse(in.Name(), in.Data(), f.opts)
	}
	data, release, unmap, err := mapFile(in.Files, in.Path)
	if err != nil {
		return nil, []error{format.ReadError(in.Path, err)}
	}
	defer unmap() // the inventory holds copies, never the file's bytes
	opts := f.opts
	opts.Release = release
	return Parse(in.Path, data, opts)
}

// withinWalk reports whether dir is root or below it.
func withinWalk(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
