// Package parsers finds the inputs under the paths of a scan, detects their
// format, hands each to its parser and merges the results into one linked
// inventory.
package parsers

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/plan"
	"github.com/iacscan/iacscan/parsers/policy"
	"github.com/iacscan/iacscan/parsers/terraform"
)

// Options configure a scan's inputs.
type Options struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// TFDir is the root module directory Terraform plans were made from;
	// empty means the plan file's directory (the working directory for
	// standard input).
	TFDir string
	// ChangedOnly scans only the resources a plan creates or updates.
	ChangedOnly bool
	// Vars (--var name=value) and VarFiles (--var-file) set the variables
	// of Terraform root modules; Env entries "TF_VAR_name=value" too (pass
	// os.Environ() to honour the environment).
	Vars     map[string]string
	VarFiles []string
	Env      []string
}

// StdinName is the file name findings in standard input are reported under.
const StdinName = "<stdin>"

// Load reads every input under paths (files, directories walked recursively,
// "-" for standard input) into one linked inventory. Errors name the file
// and line; a broken input never stops the others from being read.
func Load(paths []string, opts Options) (*model.Inventory, []error) {
	var (
		inputs []input
		errs   []error
		tf     []terraformInput
	)
	for _, p := range paths {
		found, err := collect(p)
		if err != nil {
			errs = append(errs, err)
		}
		var config []input
		found, config = splitTerraform(found)
		inputs = append(inputs, found...)
		if len(config) > 0 {
			tf = append(tf, terraformInput{root: scanRoot(p), files: config})
		}
	}
	results := make([]result, len(inputs)+len(tf))
	parallel(len(results), func(i int) {
		if i < len(inputs) {
			results[i] = inputs[i].read(opts)
			return
		}
		results[i] = tf[i-len(inputs)].read(opts)
	})
	inv := &model.Inventory{}
	for _, r := range results {
		if r.inv != nil {
			inv.Merge(r.inv)
		}
		errs = append(errs, r.errs...)
	}
	inv.Link()
	return inv, errs
}

// input is one file to read. Explicit inputs were named on the command line:
// a file that is no known input is an error for them, and quietly skipped in
// a directory walk.
type input struct {
	path     string
	explicit bool
	root     string // the directory walked to find it
}

type result struct {
	inv  *model.Inventory
	errs []error
}

// skipDirs are never walked: VCS data, caches, dependencies.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".hg": true, ".svn": true}

func collect(path string) ([]input, error) {
	if path == "-" {
		return []input{{path: "-", explicit: true}}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, readError(path, err)
	}
	if !info.IsDir() {
		return []input{{path: path, explicit: true}}, nil
	}
	var out []input
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return readError(p, err)
		}
		if d.IsDir() {
			if p != path && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if candidate(p) {
			out = append(out, input{path: p, root: path})
		}
		return nil
	})
	return out, err
}

// readError reports an unreadable file without repeating its path.
func readError(path string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &model.InputError{Loc: model.Location{File: path}, Message: "cannot read: " + msg, Err: err}
}

// candidate reports whether a file name could be an input at all.
func candidate(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".tf":
		return true
	}
	return false
}

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

func (in input) read(opts Options) result {
	if r, ok := in.readPlanFile(opts); ok {
		return r
	}
	name, data, err := in.load(opts)
	if err != nil {
		return result{errs: []error{err}}
	}
	if plan.Detect(data) {
		return in.readPlan(name, data, opts)
	}
	inv, err := parse(name, data, in.explicit)
	if err != nil {
		return result{errs: []error{err}}
	}
	return result{inv: inv}
}

func (in input) load(opts Options) (string, []byte, error) {
	if in.path == "-" {
		if opts.Stdin == nil {
			return StdinName, nil, model.Errorf(model.Location{File: StdinName}, "no standard input")
		}
		data, err := io.ReadAll(opts.Stdin)
		if err != nil {
			return StdinName, nil, readError(StdinName, err)
		}
		return StdinName, data, nil
	}
	data, err := os.ReadFile(in.path)
	if err != nil {
		return in.path, nil, readError(in.path, err)
	}
	return in.path, data, nil
}

// parse detects the format of one file and reads it.
func parse(name string, data []byte, explicit bool) (*model.Inventory, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		if explicit {
			return nil, model.Errorf(model.Location{File: name}, "not a recognised input: expected a JSON policy document")
		}
		return nil, nil
	}
	n, err := model.ParseJSON(name, data)
	if err != nil {
		if explicit || bytes.Contains(data, []byte(`"Statement"`)) {
			return nil, err
		}
		return nil, nil
	}
	if policy.Looks(n) {
		return policy.FromNode(name, n), nil
	}
	if explicit {
		return nil, model.Errorf(n.Loc, "not a recognised input: this JSON is not an IAM policy document (no Statement)")
	}
	return nil, nil
}

// parallel runs f(0..n-1) on all CPUs; results go into caller-owned slots,
// so output order never depends on scheduling.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
