package parsers

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/plan"
)

// readPlan reads a Terraform plan or state (terraform show -json).
//
// Naming a plan file (or "-") is the plan use: it is read, and its findings
// are mapped onto the .tf files of its configuration. In a directory walk, a
// plan whose configuration directory is also in the walk is skipped, with a
// warning: in a repository the .tf files are what people edit and review,
// a plan JSON beside them is a build artefact that may be stale, and
// reading both would report every finding twice. A plan whose
// configuration is not in the walk (an artefacts folder) is read.
func (in input) readPlan(name string, data []byte, opts Options, release func(start, end int)) result {
	popts := plan.Options{TFDir: opts.TFDir, ChangedOnly: opts.ChangedOnly, Prior: opts.PlanPrior, Release: release}
	if !in.explicit {
		if dir := plan.ConfigDir(in.path, opts.TFDir); withinWalk(dir, in.root) && plan.HasConfiguration(dir) {
			return result{errs: []error{&model.InputError{
				Loc:     model.Location{File: name},
				Message: "Terraform plan skipped: its configuration " + dir + " is scanned as HCL in this walk; name the plan file to scan it as a plan",
				Warning: true,
			}}}
		}
	}
	inv, errs := plan.Parse(name, data, popts)
	return result{inv: inv, errs: errs}
}

// readPlanFile reads a file that starts like a plan straight from disk,
// mapped rather than copied onto the heap (see mapFile). It reports false
// for anything else, which is then read as usual.
func (in input) readPlanFile(opts Options) (result, bool) {
	if in.path == "-" {
		return result{}, false
	}
	f, err := os.Open(in.path)
	if err != nil {
		return result{}, false
	}
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	f.Close()
	if !plan.Detect(head[:n]) {
		return result{}, false
	}
	data, release, unmap, err := mapFile(in.path)
	if err != nil {
		return result{errs: []error{readError(in.path, err)}}, true
	}
	defer unmap() // the inventory holds copies, never the file's bytes
	return in.readPlan(in.path, data, opts, release), true
}

// withinWalk reports whether dir is root or below it.
func withinWalk(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
