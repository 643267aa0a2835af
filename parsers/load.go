// Package parsers finds the inputs under the paths of a scan, detects their
// format, hands each to its parser and merges the results into one linked
// inventory.
package parsers

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/cloudformation"
	"github.com/iacscan/iacscan/parsers/plan"
	"github.com/iacscan/iacscan/parsers/policy"
	"github.com/iacscan/iacscan/parsers/terraform"
)

// Options configure a scan's inputs.
type Options struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// SkipPaths are globs of files and directories not to read in a
	// directory walk, relative to the directory named on the command line;
	// "**" matches any number of path segments.
	SkipPaths []string
	// CFNParams are CloudFormation parameter values (--cfn-param Key=Value);
	// they win over CFNParamFiles, which win over template defaults.
	CFNParams map[string]string
	// CFNParamFiles are CloudFormation parameter files (--cfn-params-file),
	// in the CloudFormation CLI or CodePipeline format; later files win.
	CFNParamFiles []string
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
	cfn, cfnErrs := cfnOptions(opts)
	errs = append(errs, cfnErrs...)
	for _, p := range paths {
		found, err := collect(p, opts.SkipPaths)
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
			results[i] = inputs[i].read(opts, cfn)
			return
		}
		results[i] = tf[i-len(inputs)].read(opts)
	})
	inv := &model.Inventory{}
	for i, r := range results {
		errs = append(errs, r.errs...)
		if r.inv == nil {
			continue
		}
		if i < len(inputs) {
			// One file, one scope (Terraform scopes its root modules itself).
			r.inv.SetScope(inputs[i].path)
		}
		inv.Merge(r.inv)
	}
	inv.Link()
	sortErrors(errs)
	return inv, errs
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

// input is one file to read. Explicit inputs were named on the command line:
// a file that is no known input is an error for them, and quietly skipped in
// a directory walk.
type input struct {
	path     string
	explicit bool
	cdk      *cloudformation.CDKStack // a stack found through a CDK cloud assembly manifest
	root     string                   // the directory walked to find it
}

type result struct {
	inv  *model.Inventory
	errs []error
}

// skipDirs are never walked: VCS data, caches, dependencies.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".hg": true, ".svn": true}

func collect(path string, skip []string) ([]input, error) {
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
		if p != path && skipped(path, p, skip) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != path && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if found, ok := cdkAssembly(p); ok {
				out = append(out, found...)
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

// skipped reports whether p, found under root, matches a skip pattern.
func skipped(root, p string, patterns []string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, pat := range patterns {
		if matchGlob(strings.Split(pat, "/"), strings.Split(rel, "/")) {
			return true
		}
	}
	return false
}

// matchGlob matches path segments against pattern segments, where a "**"
// segment matches any number of segments.
func matchGlob(pattern, segments []string) bool {
	if len(pattern) == 0 {
		return len(segments) == 0
	}
	if pattern[0] == "**" {
		for i := 0; i <= len(segments); i++ {
			if matchGlob(pattern[1:], segments[i:]) {
				return true
			}
		}
		return false
	}
	if len(segments) == 0 {
		return false
	}
	ok, _ := path.Match(pattern[0], segments[0])
	return ok && matchGlob(pattern[1:], segments[1:])
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
	case ".json", ".yaml", ".yml", ".template", ".tf":
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

// cdkAssembly lists the stack templates of a CDK cloud assembly (a cdk.out
// directory with manifest.json); ok is false for other directories, and for
// a manifest that cannot be read, whose directory is then walked as any
// other. Only the templates are read: the rest of cdk.out is assets.
func cdkAssembly(dir string) ([]input, bool) {
	if filepath.Base(dir) != "cdk.out" {
		return nil, false
	}
	stacks, err := cloudformation.CDKStacks(dir)
	if err != nil {
		return nil, false
	}
	out := make([]input, 0, len(stacks))
	for i := range stacks {
		out = append(out, input{path: stacks[i].Template, explicit: true, cdk: &stacks[i]})
	}
	return out, true
}

// cfnOptions reads the CloudFormation parameter files once for the scan.
func cfnOptions(opts Options) (cloudformation.Options, []error) {
	var errs []error
	params := make(map[string]string)
	for _, f := range opts.CFNParamFiles {
		values, err := cloudformation.ReadParamFile(f)
		if err != nil {
			errs = append(errs, err)
		}
		for k, v := range values {
			params[k] = v
		}
	}
	for k, v := range opts.CFNParams {
		params[k] = v
	}
	return cloudformation.Options{Params: params}, errs
}

func (in input) read(opts Options, cfn cloudformation.Options) result {
	if r, ok := in.readPlanFile(opts); ok {
		return r
	}
	name, data, err := in.load(opts)
	if err != nil {
		return result{errs: []error{err}}
	}
	if plan.Detect(data) {
		return in.readPlan(name, data, opts, nil)
	}
	if in.cdk != nil {
		cfn.Constructs = in.cdk.Constructs
	}
	inv, errs := parse(name, data, in.explicit, cfn)
	return result{inv: inv, errs: errs}
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
func parse(name string, data []byte, explicit bool, cfn cloudformation.Options) (*model.Inventory, []error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return parseYAML(name, data, explicit, cfn)
	}
	n, err := model.ParseJSON(name, data)
	if err != nil {
		if explicit || bytes.Contains(data, []byte(`"Statement"`)) || cloudformation.Looks(data) {
			return nil, []error{err}
		}
		return nil, nil
	}
	if policy.Looks(n) {
		return policy.FromNode(name, n), nil
	}
	if cloudformation.IsTemplate(n) {
		return cloudformation.FromJSON(name, n, cfn)
	}
	if explicit {
		return nil, []error{model.Errorf(n.Loc, "not a recognised input: this JSON is neither an IAM policy document (no Statement) nor a CloudFormation template (no AWSTemplateFormatVersion, no Resources of Type AWS::…)")}
	}
	return nil, nil
}

// parseYAML reads a YAML file that may be a CloudFormation template. In a
// directory walk, YAML that is not a template is skipped quietly.
func parseYAML(name string, data []byte, explicit bool, cfn cloudformation.Options) (*model.Inventory, []error) {
	if !explicit && !cloudformation.Looks(data) {
		return nil, nil
	}
	inv, errs := cloudformation.Parse(name, data, cfn)
	if len(errs) == 1 && errors.Is(errs[0], cloudformation.ErrNotTemplate) {
		if !explicit {
			return nil, nil
		}
		var ie *model.InputError
		if errors.As(errs[0], &ie) {
			ie.Message = "not a recognised input: " + ie.Message
		}
	}
	return inv, errs
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
