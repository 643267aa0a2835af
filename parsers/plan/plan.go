package plan

import (
	"errors"
	"fmt"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/tfaws"
)

// Options configure how a plan is read.
type Options struct {
	// TFDir is the directory of the root module the plan was made from.
	// Empty means the plan file's own directory (the working directory for
	// standard input).
	TFDir string
	// ChangedOnly keeps only the resources the plan creates or updates
	// (replacements included): no unchanged resources, no data sources.
	ChangedOnly bool
	// Prior reads a plan's prior state, the resources as they are before
	// the change, instead of the values it plans: the "before" side of a
	// permission diff. The configuration is still used to place elements,
	// but not to fill in policies (it describes the planned side).
	Prior bool
	// WorkDir is the directory the scan runs from, absolute. The HCL
	// analysis of a configuration below it may read modules anywhere under
	// it (../modules/x); empty keeps it to the configuration's directory.
	WorkDir string
	// MaxFileSize is the size limit of one configuration file read beside
	// the plan (safefile.DefaultMaxSize when 0).
	MaxFileSize int64
	// Overlay is read instead of the configuration files it holds (an
	// editor's unsaved buffers).
	Overlay safefile.Overlay
	// Release, when set, is told after each pass over the data that the
	// reader has no use for its bytes until the next pass, and during a
	// pass that it is done with a range it has read (start and end are
	// offsets into the data given to Parse). A caller that mapped the
	// file into memory can hand the pages back, so that the file is not
	// resident whole while the inventory is at its largest; the data must
	// stay readable.
	Release func(start, end int)
}

// Detect reports whether data is a plan or state of `terraform show -json`:
// a JSON object with format_version and terraform_version, planned_values or
// values, or without format_version (a plan trimmed by hand, as in some
// tools' tests) with planned_values or resource_changes, which nothing else
// writes. Byte order marks, UTF-16 and a wrapper's text before the JSON are
// looked through.
func Detect(data []byte) bool {
	if len(data) > 1 && (data[0] == 0 || data[1] == 0 || data[0] == 0xff || data[0] == 0xfe) {
		// UTF-16: the keys Terraform writes first are near the start.
		data = data[:min(len(data), maxPreamble)]
	}
	t, ok := normalise(data)
	if !ok {
		return false
	}
	var hasFormat, hasOther, hasPlan bool
	_, err := members(t.data, t.start, func(key string, _ span) error {
		switch key {
		case "format_version":
			hasFormat = true
		case "planned_values", "resource_changes":
			hasOther, hasPlan = true, true
		case "terraform_version", "values":
			hasOther = true
		}
		if hasFormat && hasOther || hasPlan {
			return errDecided
		}
		return nil
	})
	return err == errDecided
}

// errDecided stops Detect's walk once the answer is known.
var errDecided = errors.New("decided")

// Parse reads one plan or state file. file names it in locations and
// messages. Problems that stop the file from being read are errors; a
// configuration that cannot be found or mapped is reported as a warning, and
// the findings then point into the plan.
func Parse(file string, data []byte, opts Options) (*model.Inventory, []error) {
	return parse(file, data, opts, tfaws.Add, tfaws.Known)
}

// sink receives each instance read; tfaws.Add, or a recorder in tests.
type sink func(*model.Inventory, tfaws.Instance) bool

// parse reads a plan, handing to add the instances of the resource types
// known accepts.
func parse(file string, data []byte, opts Options, add sink, known func(string) bool) (*model.Inventory, []error) {
	t, ok := normalise(data)
	if !ok {
		return nil, []error{model.Errorf(model.Location{File: file, StartLine: 1, StartColumn: 1},
			"not a Terraform plan: expected the JSON of terraform show -json")}
	}
	r := newReader(file, t, opts, add, known)
	if opts.Release != nil && len(t.data) > 0 && &t.data[len(t.data)-1] == &data[len(data)-1] {
		// t.data is data without a leading byte order mark, not a copy
		// converted from UTF-16.
		whole, shift := len(data), len(data)-len(t.data)
		r.release = func() { opts.Release(0, whole) }
		r.releaseRange = func(start, end int) { opts.Release(start+shift, end+shift) }
	}
	if err := r.read(); err != nil {
		return nil, append(r.errs, r.inputError(err))
	}
	r.reportUnmapped()
	return r.inv, r.errs
}

// warningf is a warning about a whole file.
func warningf(file, format string, args ...any) *model.InputError {
	return &model.InputError{Loc: model.Location{File: file}, Message: fmt.Sprintf(format, args...), Warning: true}
}
