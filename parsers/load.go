// Package parsers finds the inputs under the paths of a scan, detects their
// format, hands each to its parser and merges the results into one linked
// inventory.
package parsers

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/cloudformation"
	"github.com/iacscan/iacscan/parsers/plan"
)

// Options configure a scan's inputs.
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
	// Progress, when set, is called after each input (a file, or a
	// Terraform configuration) is read, from any goroutine.
	Progress func(done, total int)
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
		found, err := collect(p, opts)
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
	var done atomic.Int64
	parallel(len(results), func(i int) {
		if opts.Progress != nil {
			defer func() { opts.Progress(int(done.Add(1)), len(results)) }()
		}
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
	errs = append(errs, undeclared(inv, opts)...)
	sortErrors(errs)
	return inv, errs
}

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
			if !declared[prefix+name] {
				warnings = append(warnings, &model.InputError{Warning: true,
					Message: fmt.Sprintf("%s %s: no scanned input declares %s %q; the value is not used", flag, name, what, name)})
			}
		}
	}
	check(opts.Vars, "var.", "--var", "a root module variable")
	check(opts.CFNParams, "param.", "--cfn-param", "a parameter")
	return warnings
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
