package terraform

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// Options configure the evaluation of configuration.
type Options struct {
	// Root is the scan root: file functions and module sources never read
	// outside it. Empty means the current directory.
	Root string
	// Vars are -var style values by variable name, for root modules. Values
	// of variables whose type is not string are HCL expressions.
	Vars map[string]string
	// VarFiles are .tfvars or .tfvars.json files applied after the
	// terraform.tfvars and *.auto.tfvars of each root module, in order.
	VarFiles []string
	// Env holds environment entries (NAME=value); TF_VAR_name entries set
	// variables. Nil means none: the caller decides whether the process
	// environment counts.
	Env []string
	// SandboxRoot (--root) is the directory file functions and module
	// sources may read from when Format reads a scan path; empty means the
	// repository (git top level) the scan path lies in, else the path.
	SandboxRoot string
	// Workspace is terraform.workspace; empty means "default".
	Workspace string
	// Modules, when set, shares parsed modules with other readers of the
	// same configuration (a plan's block lookups); nil parses afresh.
	Modules *Modules
	// MaxFileSize is the size limit of one file (safefile.DefaultMaxSize
	// when 0).
	MaxFileSize int64
	// Overlay is read instead of the files it holds (an editor's unsaved
	// buffers), within the same root and size limit.
	Overlay safefile.Overlay

	limits *workLimits // lowered by tests; nil: the defaults
	// inTurn, set by tests, evaluates components one at a time, the last
	// first: the result must be that of the parallel evaluation.
	inTurn bool
	// parsedLayout, set by tests, finds components from modules parsed
	// before evaluation instead of sketches (as when a sketch is wrong).
	parsedLayout bool
}

// Scan reads the modules in dirs (directories holding .tf or .tf.json
// files). Root modules are those no other module in dirs calls; each is
// evaluated with the modules it calls. Errors are *model.InputError values
// naming file and line; a broken file never stops the others. Directories
// are parsed, and roots that share no module code evaluated, in parallel;
// the result does not depend on the order they finish in.
func Scan(dirs []string, opts Options) (*model.Inventory, []error) {
	return newScanner(opts).scan(dirs)
}

func newRun(opts Options) *run {
	root := opts.Root
	if root == "" {
		root = "."
	}
	if opts.Modules == nil {
		opts.Modules = NewModules(safefile.NewRoot(root, opts.MaxFileSize).WithOverlay(opts.Overlay))
	}
	return &run{
		files:        safefile.NewRoot(root, opts.MaxFileSize).WithOverlay(opts.Overlay),
		opts:         opts,
		inv:          &model.Inventory{},
		sandbox:      newSandbox(root, opts.Overlay),
		sources:      make(map[string][]byte),
		docs:         make(map[string]*syntax.Node),
		merged:       make(map[*syntax.Node]bool),
		modules:      make(map[string]*module),
		funcs:        make(map[string]map[string]function.Function),
		refs:         make(map[hclsyntax.Expression]*exprRefs),
		unusedLocals: make(map[*module][]*attribute),
		warned:       make(map[string]bool),
		budget:       newBudget(opts.limits.orDefault()),
		parse:        opts.Modules.parse,
		moduleErrs:   make(map[error]string),
		once:         make(map[error]bool),
	}
}

// warnCycles warns about the modules no root reaches: they only call each
// other (source = "./", two directories calling each other), which
// Terraform rejects, so none of them is a root and none is evaluated.
func (r *run) warnCycles(mods, roots []*module) {
	byDir := make(map[string]*module, len(mods))
	for _, m := range mods {
		byDir[cleanDir(m.dir)] = m
	}
	reached := make(map[*module]bool)
	var visit func(m *module)
	visit = func(m *module) {
		if reached[m] {
			return
		}
		reached[m] = true
		for _, c := range m.calls {
			if callee := byDir[cleanDir(filepath.Join(m.dir, c.source))]; isLocalSource(c.source) && callee != nil {
				visit(callee)
			}
		}
	}
	for _, m := range roots {
		visit(m)
	}
	for _, m := range mods {
		if reached[m] {
			continue
		}
		for _, c := range m.calls {
			if callee := byDir[cleanDir(filepath.Join(m.dir, c.source))]; isLocalSource(c.source) && callee != nil && !reached[callee] {
				r.warnOnce(c.defRange, "module %q: source %q leads back to this module (a cycle Terraform rejects); the modules of the cycle are not evaluated", c.name, c.source)
			}
		}
	}
}

// roots returns the modules that no module in mods calls by a local path.
func roots(mods []*module) []*module {
	called := make(map[string]bool)
	for _, m := range mods {
		for _, c := range m.calls {
			if isLocalSource(c.source) {
				called[cleanDir(filepath.Join(m.dir, c.source))] = true
			}
		}
	}
	var out []*module
	for _, m := range mods {
		if !called[cleanDir(m.dir)] {
			out = append(out, m)
		}
	}
	return out
}

func cleanDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return filepath.Clean(dir)
}

func isLocalSource(src string) bool {
	return strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") || src == "." || src == ".."
}

// run is the state of one Scan.
type run struct {
	opts    Options
	inv     *model.Inventory
	errs    []error
	sandbox sandbox
	files   safefile.Root // the scan root and size limit every read keeps to
	sources map[string][]byte
	// docs maps the JSON text of every rendered aws_iam_policy_document to
	// its tree, so that a policy set from a document's .json keeps the
	// locations of its statement blocks.
	docs map[string]*syntax.Node
	// merged are the rendered documents another document took statements
	// from (source_policy_documents, override_policy_documents): they are
	// part of that document, never unattached ones of their own.
	merged  map[*syntax.Node]bool
	modules map[string]*module
	funcs   map[string]map[string]function.Function
	refs    map[hclsyntax.Expression]*exprRefs // by expression: what it refers to
	// unusedLocals are each module's policy locals nothing refers to.
	unusedLocals map[*module][]*attribute
	warned       map[string]bool
	budget       *budget
	rootDir      string // root module being evaluated
	scopes       int    // module instances evaluated for the root
	// instances counts the resource instances and dynamic blocks of the
	// root, against maxRootInstances.
	instances int

	// parse reads a module directory: from Options.Modules, or, for a
	// component's run, what the scanner kept or afresh (scanner.take).
	parse func(dir string) *parsedModule
	// reported are the module directories whose reading was reported
	// before evaluation (Scan's dirs): not again.
	reported map[string]bool
	// What the scanner needs to merge runs as if they were one: the
	// errors that report a module's first reading (by module key), those
	// warnOnce recorded, and the files and ignores of modules first read
	// while evaluating.
	moduleErrs map[error]string
	once       map[error]bool
	reports    []moduleReport
}

// moduleReport is a module read for the first time while evaluating a
// root: its files and ignore comments belong to the inventory once.
type moduleReport struct {
	key     string
	files   []string
	ignores []model.Ignore
}

func (r *run) workspace() string {
	if r.opts.Workspace != "" {
		return r.opts.Workspace
	}
	return "default"
}

// module parses a module directory once, and reports what reading it
// found the first time.
func (r *run) module(dir string) *module {
	key := cleanDir(dir)
	if m, ok := r.modules[key]; ok {
		return m
	}
	p := r.parse(dir)
	m := p.m
	r.modules[key] = m
	if !r.reported[key] {
		r.report(key, p)
	}
	if m != nil {
		for f, src := range m.sources {
			r.sources[f] = src
		}
	}
	return m
}

// report records the errors of reading a module, its files and its ignore
// comments.
func (r *run) report(key string, p *parsedModule) {
	first := len(r.errs)
	defer func() {
		for _, err := range r.errs[first:] {
			r.moduleErrs[err] = key
		}
	}()
	r.diagnostics(p.diags)
	m := p.m
	if m == nil {
		return
	}
	for _, path := range m.allFiles {
		if err := m.unreadable[path]; err != nil && safefile.Skipped(err) {
			r.errs = append(r.errs, &model.InputError{Loc: model.Location{File: path}, Message: "skipped: " + errors.Unwrap(err).Error(), Err: err, Warning: true})
		}
	}
	r.diagnostics(p.validation())
	r.reports = append(r.reports, moduleReport{key: key, files: m.files, ignores: m.ignores})
}

func (r *run) functions(base string) map[string]function.Function {
	if f, ok := r.funcs[base]; ok {
		return f
	}
	f := functions(r.sandbox, base, r.budget)
	r.funcs[base] = f
	return f
}

func (r *run) evaluateRoot(m *module) {
	r.rootDir, r.scopes, r.instances = m.dir, 0, 0
	clear(r.funcs) // functions are made per root directory: never used again
	r.budget.startRoot()
	s := r.newScope(m, "", "", 0)
	s.vars = r.rootVariables(m)
	for _, v := range m.variables {
		r.inv.Declared = append(r.inv.Declared, "var."+v.name)
	}
	s.emit()
	s.emitUnusedDocuments(usedStatements(r.inv))
}

func (r *run) newScope(m *module, addr, key string, depth int) *scope {
	s := &scope{
		run: r, mod: m, addr: addr, key: key, depth: depth,
		locals: make(map[string]*lazy),
		docs:   make(map[string]*lazy),
		calls:  make(map[string]*lazy),
		funcs:  r.functions(r.rootDir),
	}
	for _, l := range m.locals {
		s.locals[l.name] = &lazy{def: l.rng}
	}
	for _, res := range m.resources {
		if res.data && res.typ == "aws_iam_policy_document" {
			s.docs[res.name] = &lazy{def: res.defRange}
		}
	}
	for _, c := range m.calls {
		s.calls[c.name] = &lazy{def: c.defRange}
	}
	return s
}

// emit adds everything the module instance creates to the inventory.
func (s *scope) emit() {
	for _, res := range s.mod.resources {
		if res.data {
			continue
		}
		for _, it := range s.expand(res.count, res.forEach) {
			s.emitResource(res, it)
		}
	}
	for _, p := range s.mod.providers {
		s.emitProvider(p)
	}
	if s.addr == "" {
		for _, o := range s.mod.outputs {
			s.emitOutput(o)
		}
	}
	for _, c := range s.mod.calls {
		s.call(c.name)
	}
	for _, child := range s.children {
		child.emit()
	}
}

// errorf records an input error at a range.
func (r *run) errorf(rng hcl.Range, format string, args ...any) {
	r.errs = append(r.errs, model.Errorf(location(rng), format, args...))
}

// warnOnce records a warning (valid input iacscan cannot follow) once per
// location.
func (r *run) warnOnce(rng hcl.Range, format string, args ...any) {
	e := model.Errorf(location(rng), format, args...)
	e.Warning = true
	if r.warned[e.Error()] {
		return
	}
	r.warned[e.Error()] = true
	r.once[e] = true
	r.errs = append(r.errs, e)
}

func (r *run) diagnostics(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		var loc model.Location
		if d.Subject != nil {
			loc = location(*d.Subject)
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		r.errs = append(r.errs, &model.InputError{Loc: loc, Message: msg, Err: errors.New(d.Error())})
	}
}

// ModuleDirs returns the directories among paths' files that hold
// configuration, in order, each once.
func ModuleDirs(files []string) []string {
	var dirs []string
	for _, f := range files {
		if !IsConfigFile(f) {
			continue
		}
		if d := filepath.Dir(f); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// readFile reads a file the configuration names; the error names the file
// (and is a warning for a link out of the scan root or a FIFO).
func readFile(files safefile.Root, path string) ([]byte, error) {
	data, err := files.ReadFile(path)
	if err == nil {
		return data, nil
	}
	msg := err.Error()
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		msg = pe.Err.Error()
	}
	if safefile.Skipped(err) {
		return nil, &model.InputError{Loc: model.Location{File: path}, Message: "skipped: " + msg, Err: err, Warning: true}
	}
	return nil, &model.InputError{Loc: model.Location{File: path}, Message: "cannot read: " + msg, Err: err}
}
