package parsers

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/iacscan/iacscan/internal/parallel"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/cloudformation"
	"github.com/iacscan/iacscan/parsers/format"
	"github.com/iacscan/iacscan/parsers/plan"
	"github.com/iacscan/iacscan/parsers/policy"
	"github.com/iacscan/iacscan/parsers/terraform"
)

// Options configure a scan's inputs: how paths are found and read, then
// each format's own options, which Formats hands to that format as they
// are.
type Options struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// SkipPaths are globs of files and directories not to read in a
	// directory walk, relative to the directory named on the command line;
	// "**" matches any number of path segments.
	SkipPaths []string
	// SkipRoot, when set, is the directory SkipPaths are relative to
	// instead (the configuration file's directory).
	SkipRoot string
	// FilesAsFound treats files named in paths like files found in a
	// directory walk (pre-commit passes every changed file): one that is
	// not an IAM input, or matches SkipPaths, is passed over silently.
	FilesAsFound bool
	// Progress, when set, is called after each input file or group of
	// files (a Terraform configuration) is read, from any goroutine; the
	// total grows once the groups are known.
	Progress func(done, total int)
	// MaxFileSize is the size limit of one input file and of standard
	// input (safefile.DefaultMaxSize when 0); Formats hands it to the
	// formats that read files of their own.
	MaxFileSize int64
	// Overlay is content read instead of files on disk (an editor's
	// unsaved buffers), within the same root and size limit; Formats hands
	// it to the formats that read files of their own.
	Overlay safefile.Overlay

	// Terraform configures configuration (.tf) directories: variables
	// (Vars, VarFiles, Env) and the sandbox (SandboxRoot, --root). Root
	// and Modules are set per scan path.
	Terraform terraform.Options
	// Plan configures plans (terraform show -json): TFDir, ChangedOnly,
	// Prior, WorkDir. Release is set per file.
	Plan plan.Options
	// CloudFormation configures templates: Params and ParamFiles, which
	// Formats reads once. Constructs is set per cloud assembly.
	CloudFormation cloudformation.Options

	// Accounts are the configuration's accounts of the organization
	// (.iacscan.yml accounts), added to the inventory before it is linked.
	Accounts []model.AccountMapping
	// OrgIDs are the configuration's organizations (org_ids): the
	// organization of the scan when its code does not say its ID.
	OrgIDs []string
	// TrustedAccounts are the configuration's trusted_accounts: sharing
	// with them is not warned about when it cannot be judged.
	TrustedAccounts []string
}

// StdinName is the file name findings in standard input are reported under.
const StdinName = format.StdinName

// Formats returns the input formats, each with its options, in the order
// they are offered a file: Terraform configuration goes by name, a plan by
// its first bytes, then a policy document before a template (a JSON file
// with a Statement is a policy). CloudFormation comes last: it takes any
// other file named on the command line, to say what is wrong with it.
// Errors are options that could not be read (a CloudFormation parameter
// file).
func Formats(opts Options) ([]format.Format, []error) {
	cfn, errs := cloudformation.ReadParams(opts.CloudFormation)
	tf, pl := opts.Terraform, opts.Plan
	tf.MaxFileSize, pl.MaxFileSize = opts.MaxFileSize, opts.MaxFileSize
	tf.Overlay, pl.Overlay = opts.Overlay, opts.Overlay
	return []format.Format{
		terraform.Format(tf),
		plan.Format(pl),
		policy.Format(),
		cloudformation.Format(cfn),
	}, errs
}

// Load reads every input under paths (files, directories walked recursively,
// "-" for standard input) into one linked inventory. Errors name the file
// and line; a broken input never stops the others from being read.
func Load(paths []string, opts Options) (*model.Inventory, []error) {
	formats, errs := Formats(opts)
	inv, more := Read(formats, paths, opts)
	return inv, append(errs, more...)
}

// Claimant is the format that claims the file at path (or "-", standard
// input) named on the command line, as Load would offer it; "" when none
// does. It reads only what the claims look at (a plan's head). The error
// is a file that cannot be read.
func Claimant(path string, opts Options) (model.Source, error) {
	formats, _ := Formats(opts) // option errors are Load's to report
	ins, errs := collect(formats, path, opts)
	if len(errs) > 0 {
		return "", errs[0]
	}
	if len(ins) != 1 {
		return "", nil
	}
	n, err := claimant(formats, ins[0])
	if n < 0 {
		if in := ins[0]; in.Err() != nil {
			return "", in.Err()
		}
		return "", nil
	}
	return formats[n].Name(), err
}

// Read is Load with the given formats.
func Read(formats []format.Format, paths []string, opts Options) (*model.Inventory, []error) {
	var (
		found []foundInput
		errs  []error
	)
	paths = followLinks(paths)
	seen := make(map[string]bool)
	for i, p := range paths {
		key := pathKey(p)
		if seen[key] {
			continue // the same path given twice is scanned once
		}
		seen[key] = true
		ins, more := collect(formats, p, opts)
		errs = append(errs, more...)
		for _, in := range ins {
			found = append(found, foundInput{in: in, path: i})
		}
	}
	// Files are claimed and read in parallel, and let go once read: only
	// the files of a group are held until the group is read.
	results := make([]result, len(found))
	grouped := make([]int, len(found)) // 1 + index of the GroupReader
	read := make([]bool, len(found))   // a Reader took the input
	prog := &progress{report: opts.Progress, total: len(found)}
	names := make([]string, len(found))
	for i := range found {
		names[i] = found[i].in.Path
	}
	parallel.For(len(found), func(i int) {
		defer prog.step()
		in := found[i].in
		n, err := claimant(formats, in)
		if n < 0 {
			if err != nil {
				results[i].errs = []error{err}
			}
			found[i].in = nil
			return
		}
		switch f := formats[n].(type) {
		case format.GroupReader:
			grouped[i] = n + 1
			return
		case format.Reader:
			read[i] = true
			results[i].inv, results[i].errs = f.Read(in)
			if results[i].inv != nil {
				results[i].inv.SetScope(in.Path) // one file, one scope
			}
		default:
			panic("parsers: format " + string(f.Name()) + " is neither a Reader nor a GroupReader")
		}
		found[i].in = nil
	})
	results = append(results, readGroups(formats, paths, found, grouped, prog)...)
	inv := &model.Inventory{}
	inv.Coverage.Inputs = inputsRead(read, results)
	for _, r := range results {
		if r.inv != nil {
			inv.Embedded = append(inv.Embedded, r.inv.Embedded...)
			r.inv.Embedded = nil
		}
	}
	embedded := embeddedFiles(inv.Embedded)
	for i, r := range results {
		if i < len(names) && embedded(names[i]) && isPolicyDocument(r.inv) {
			// Terraform read this file into its configuration, where it
			// is judged as what it is used for.
			continue
		}
		errs = append(errs, r.errs...)
		if r.inv != nil {
			inv.Merge(r.inv)
		}
	}
	for _, w := range inv.Warnings {
		errs = append(errs, w)
	}
	inv.AddAccounts(opts.Accounts)
	inv.OrgIDs = append(inv.OrgIDs, opts.OrgIDs...)
	inv.Link()
	errs = append(errs, undeclared(inv, opts)...)
	errs = append(errs, unjudged(inv, opts.TrustedAccounts)...)
	sortErrors(errs)
	return inv, errs
}

// followLinks replaces each path that is a symbolic link to a directory
// with the directory it names: the user named it to be scanned, and a walk
// does not follow links (`iacscan infra` with infra -> ../platform/infra
// read nothing). The scan root is then the link's target.
func followLinks(paths []string) []string {
	var out []string
	for i, p := range paths {
		info, err := os.Lstat(p)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			continue
		}
		if st, err := os.Stat(p); err != nil || !st.IsDir() {
			continue
		}
		target, err := filepath.EvalSymlinks(p)
		if err != nil {
			continue // reported when the path is read
		}
		if out == nil {
			out = slices.Clone(paths)
		}
		out[i] = target
	}
	if out == nil {
		return paths
	}
	return out
}

// inputsRead counts the inputs a format took: those a Reader read, and
// each unit of a GroupReader (results holds one result per found input,
// then one per unit) once.
func inputsRead(read []bool, results []result) int {
	n := len(results) - len(read)
	for _, r := range read {
		if r {
			n++
		}
	}
	return n
}

// pathKey identifies a scan path however it is written (./a, a/, a).
func pathKey(p string) string {
	if p == format.StdinPath {
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// foundInput is an input found under the scan path with index path.
type foundInput struct {
	in   *format.Input
	path int
}

type result struct {
	inv  *model.Inventory
	errs []error
}

// readGroups reads, for each scan path, the files each GroupReader claimed
// under it as one unit.
func readGroups(formats []format.Format, paths []string, found []foundInput, grouped []int, prog *progress) []result {
	// A unit is a format's inputs under one scan root: files named one by
	// one in the same directory (pre-commit names each changed file) are
	// one module, read once, not once per file.
	type key struct {
		root   string
		format int
	}
	var (
		keys  []key
		units = make(map[key][]*format.Input)
		roots = make(map[int]string) // by path index
	)
	for i, g := range grouped {
		if g == 0 {
			continue
		}
		root, ok := roots[found[i].path]
		if !ok {
			root = scanRoot(paths[found[i].path])
			roots[found[i].path] = root
		}
		k := key{root, g - 1}
		if _, ok := units[k]; !ok {
			keys = append(keys, k)
		}
		units[k] = append(units[k], found[i].in)
	}
	results := make([]result, len(keys))
	prog.grow(len(keys))
	parallel.For(len(keys), func(i int) {
		defer prog.step()
		k := keys[i]
		f := formats[k.format].(format.GroupReader)
		results[i].inv, results[i].errs = f.ReadGroup(k.root, units[k])
	})
	return results
}

// claimant is the index of the first format that claims the input, -1 for
// none. An input that cannot be read, or that was named on the command line
// and no format claims, is an error.
func claimant(formats []format.Format, in *format.Input) (int, error) {
	for i, f := range formats {
		claimed := f.Claim(in)
		if err := in.Err(); err != nil {
			return -1, err
		}
		if claimed {
			return i, nil
		}
	}
	if !in.Explicit {
		return -1, nil
	}
	return -1, unrecognised(formats, in)
}

// unrecognised is the error for an input named on the command line that no
// format claims: malformed JSON is reported as such, and well-formed JSON
// with what each JSON format looks for.
func unrecognised(formats []format.Format, in *format.Input) error {
	loc := model.Location{File: in.Name()}
	if !in.LooksJSON() {
		return model.Errorf(loc, "not a recognised input")
	}
	n, err := in.JSON()
	if err != nil {
		return err
	}
	var wants []string
	for _, f := range formats {
		if e, ok := f.(format.JSONExpecter); ok {
			wants = append(wants, e.ExpectsJSON())
		}
	}
	if len(wants) == 0 {
		return model.Errorf(n.Loc, "not a recognised input")
	}
	return model.Errorf(n.Loc, "not a recognised input: this JSON is neither %s", strings.Join(wants, " nor "))
}

// embeddedFiles reports whether a path is one of the files configuration
// read into itself (absolute, symbolic links resolved).
func embeddedFiles(files []string) func(path string) bool {
	set := make(map[string]bool, len(files))
	for _, f := range files {
		set[f] = true
	}
	return func(path string) bool {
		if len(set) == 0 || path == "" || path == "-" {
			return false
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return false
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		return set[abs]
	}
}

// isPolicyDocument reports whether an input was read as a bare policy
// document (not a template Terraform hands to CloudFormation, which only
// its own parser judges).
func isPolicyDocument(inv *model.Inventory) bool {
	if inv == nil || len(inv.Policies) == 0 {
		return false
	}
	for _, p := range inv.Policies {
		if p.Source != model.SourcePolicy {
			return false
		}
	}
	return true
}

// sortErrors orders errors by file and line, so output does not depend on
// the order paths were given or files were read.
func sortErrors(errs []error) {
	key := func(err error) model.Location {
		var ie *model.InputError
		if errors.As(err, &ie) {
			return ie.Loc
		}
		return model.Location{}
	}
	slices.SortStableFunc(errs, func(a, b error) int {
		ka, kb := key(a), key(b)
		return cmp.Or(cmp.Compare(ka.File, kb.File), cmp.Compare(ka.StartLine, kb.StartLine), cmp.Compare(ka.StartColumn, kb.StartColumn))
	})
}

// progress counts what Read has done for Options.Progress.
type progress struct {
	report func(done, total int)
	done   atomic.Int64
	total  int // changed only between parallel phases
}

func (p *progress) step() {
	if p.report != nil {
		p.report(int(p.done.Add(1)), p.total)
	}
}

func (p *progress) grow(n int) { p.total += n }

// undeclared warns about --var and --cfn-param names that no input
// declares: a typo would otherwise leave a default silently in force.
func undeclared(inv *model.Inventory, opts Options) []error {
	declared := make(map[string]bool, len(inv.Declared))
	for _, d := range inv.Declared {
		declared[d] = true
	}
	var warnings []error
	check := func(given map[string]string, prefix, flag, what string) {
		names := make([]string, 0, len(given))
		for name := range given {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if prefix == "param." && name == cloudformation.AccountIDParam && !model.IsAccountID(given[name]) {
				continue // reported as no account ID by ReadParams
			}
			if !declared[prefix+name] {
				warnings = append(warnings, &model.InputError{Warning: true,
					Message: fmt.Sprintf("%s %s: no scanned input declares %s %q; the value is not used", flag, name, what, name)})
			}
		}
	}
	check(opts.Terraform.Vars, "var.", "--var", "a root module variable")
	check(opts.CloudFormation.Params, "param.", "--cfn-param", "a parameter")
	return warnings
}
