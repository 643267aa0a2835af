package terraform

import (
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/iacscan/iacscan/internal/parallel"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
)

// scanner is one Scan. Root modules fall into components, the roots that
// share module code (through local module calls), and components are
// evaluated in parallel, each by a run of its own that parses its modules
// and lets their syntax trees go when done: no syntax tree outlives its
// component, and no two goroutines touch one (evaluation guards
// expressions in place). The runs' results are merged in the order of the
// roots, as one run evaluating them in turn would have produced them.
//
// The components are first found from a sketch of each module's local
// calls (sketch.go), so that each module is parsed once, by its
// component's run; what the runs parsed then confirms the sketch. If it
// does not (the sketch misread a module block), the scan starts again
// from modules parsed before evaluation, which are then parsed twice.
type scanner struct {
	opts Options
	// shared: the caller's Modules (a plan's block lookups) keeps what is
	// parsed, so every root is evaluated in one run that uses it.
	shared  bool
	files   safefile.Root
	sandbox sandbox // resolves local module sources; reads nothing

	mu    sync.Mutex
	heads map[string]*parsedModule // by cleanDir: what reading each module found
	// spelled is the directory each module of the layout is parsed from,
	// by cleanDir: as the layout first reached it, so that file names
	// never depend on which run parses a module first.
	spelled map[string]string
	// texts are the files the sketches read, by cleanDir of their module
	// and path, until the module's first parse takes them.
	texts map[string]map[string][]byte
}

func newScanner(opts Options) *scanner {
	root := opts.Root
	if root == "" {
		root = "."
	}
	return &scanner{
		opts:    opts,
		shared:  opts.Modules != nil,
		files:   safefile.NewRoot(root, opts.MaxFileSize).WithOverlay(opts.Overlay),
		sandbox: newSandbox(root, opts.Overlay),
		heads:   make(map[string]*parsedModule),
	}
}

// rootResult is what evaluating one root module produced.
type rootResult struct {
	inv        *model.Inventory
	errs       []error
	moduleErrs map[error]string
	once       map[error]bool
	reports    []moduleReport
}

func (sc *scanner) scan(dirs []string) (*model.Inventory, []error) {
	reported := make(map[string]bool, len(dirs)) // read before evaluation: not reported again
	for _, dir := range dirs {
		reported[cleanDir(dir)] = true
	}
	var (
		l       layout
		results []rootResult
		reads   []map[string]bool
		done    bool
	)
	if !sc.shared && !sc.opts.parsedLayout {
		guess := sc.layout(dirs, sc.sketcher(dirs))
		results, reads = sc.evaluate(guess, reported)
		l = sc.layout(dirs, sc.headModule)
		if done = l.same(guess); !done {
			sc.heads = make(map[string]*parsedModule)
		}
	}
	if !done {
		parallel.For(len(dirs), func(i int) { sc.head(dirs[i]) })
		l = sc.layout(dirs, sc.headModule)
		results, reads = sc.evaluate(l, reported)
	}
	// What reading dirs found is reported first, in order.
	pre := newRun(sc.opts)
	pre.parse = sc.head
	var mods []*module
	for _, dir := range dirs {
		if m := pre.module(dir); m != nil {
			mods = append(mods, m)
		}
	}
	pre.warnCycles(mods, l.roots)
	return sc.merge(pre, results, reads)
}

// evaluate evaluates the roots of l, a run per component, and returns
// their results and the files each component's functions read.
func (sc *scanner) evaluate(l layout, reported map[string]bool) ([]rootResult, []map[string]bool) {
	sc.spelled = make(map[string]string, len(l.modules))
	sc.texts = make(map[string]map[string][]byte)
	for key, m := range l.modules {
		if m == nil {
			continue
		}
		sc.spelled[key] = m.dir
		if !sc.shared && m.sources != nil { // a sketch's: its text moves to the parse
			sc.texts[key], m.sources = m.sources, nil
		}
	}
	results := make([]rootResult, len(l.roots))
	reads := make([]map[string]bool, len(l.comps))
	limits := sc.opts.limits.orDefault()
	evaluate := func(scan *scanSpend, workers int, reverse bool) (scanSpent, outOfTime bool) {
		var spent, late atomic.Bool
		parallel.On(workers, len(l.comps), func(c int) {
			if reverse {
				c = len(l.comps) - 1 - c
			}
			r := sc.newRun(scan, limits, reported)
			for _, i := range l.comps[c] {
				results[i] = r.evaluate(l.roots[i].dir)
			}
			reads[c] = r.sandbox.read
			if r.budget.scanSpent {
				spent.Store(true)
			}
			if r.budget.outOfTime {
				late.Store(true)
			}
		})
		return spent.Load(), late.Load()
	}
	workers := runtime.GOMAXPROCS(0)
	if sc.opts.inTurn {
		workers = 1
	}
	if spent, late := evaluate(newScanSpend(limits), workers, sc.opts.inTurn); spent && !late && len(l.comps) > 1 {
		// What the scan's bound left each root depended on which roots ran
		// before it: evaluate again in order, so that the same roots are
		// cut short whatever the scheduling. Not when time ran out: that
		// depends on the machine, and would cost the time again.
		clear(results)
		evaluate(newScanSpend(limits), 1, false)
	}
	return results, reads
}

// head returns what reading the module in dir found, and its calls: for
// reporting, in the order of dirs, and for layouts. It is recorded by the
// run that parsed the module for evaluation, else (a module no run
// reached, or no sketch) parsed here. Unless the caller shares a Modules,
// it holds no syntax tree.
func (sc *scanner) head(dir string) *parsedModule {
	if sc.shared {
		return sc.opts.Modules.parse(dir)
	}
	p := sc.headOf(cleanDir(dir))
	p.once.Do(func() { p.setHead(parseForEvaluation(dir, sc.files, nil)) })
	return p
}

// headModule is the module of head, for layouts.
func (sc *scanner) headModule(dir string) *module { return sc.head(dir).m }

func (sc *scanner) headOf(key string) *parsedModule {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	p, ok := sc.heads[key]
	if !ok {
		p = &parsedModule{}
		sc.heads[key] = p
	}
	return p
}

// take parses the module in dir for a run's evaluation, from the
// directory the layout spelled it as and the text its sketch read (the
// first time), and records what reading it found unless head has.
func (sc *scanner) take(dir string) *parsedModule {
	key := cleanDir(dir)
	if spelled, ok := sc.spelled[key]; ok {
		dir = spelled
	}
	sc.mu.Lock()
	texts := sc.texts[key]
	delete(sc.texts, key)
	sc.mu.Unlock()
	full := parseForEvaluation(dir, sc.files, texts)
	p := sc.headOf(key)
	p.once.Do(func() { p.setHead(full) })
	return full
}

// parseForEvaluation parses the module in dir and validates it before
// evaluation guards its expressions in place.
func parseForEvaluation(dir string, files safefile.Root, texts map[string][]byte) *parsedModule {
	p := newParsedModule(dir, files, texts)
	if p.m != nil {
		p.validation()
	}
	return p
}

// setHead makes p the head of full: what reading it found and its calls.
func (p *parsedModule) setHead(full *parsedModule) {
	p.diags, p.err = full.diags, full.err
	if full.m == nil {
		return
	}
	p.checkOnce.Do(func() { p.checks = full.validation() })
	p.m = full.m.head()
}

// head is what a module needs before evaluation: its files, what could not
// be read, its ignore comments and where its calls lead.
func (m *module) head() *module {
	h := &module{dir: m.dir, files: m.files, ignores: m.ignores, allFiles: m.allFiles, unreadable: m.unreadable, reader: m.reader}
	for _, c := range m.calls {
		h.calls = append(h.calls, &call{name: c.name, source: c.source, defRange: c.defRange})
	}
	return h
}

// layout is how a scan's roots fall into components.
type layout struct {
	roots []*module
	comps [][]int // indices of roots, as components returns them
	// modules are the modules in dirs and those their local calls reach,
	// by cleanDir, as first reached (nil: not a directory).
	modules map[string]*module
}

// layout finds the roots among dirs and their components, reading modules
// with lookup.
func (sc *scanner) layout(dirs []string, lookup func(dir string) *module) layout {
	l := layout{modules: make(map[string]*module)}
	visit := func(dir string) *module {
		key := cleanDir(dir)
		m, ok := l.modules[key]
		if !ok {
			m = lookup(dir)
			l.modules[key] = m
		}
		return m
	}
	var mods []*module
	for _, dir := range dirs {
		if m := visit(dir); m != nil {
			mods = append(mods, m)
		}
	}
	l.roots = roots(mods)
	l.comps = sc.components(l.roots, visit)
	return l
}

// same reports whether l and o reach the same modules, spelled alike, with
// the same local calls: then they have the same roots and components.
func (l layout) same(o layout) bool {
	if len(l.modules) != len(o.modules) {
		return false
	}
	for key, m := range l.modules {
		n, ok := o.modules[key]
		if !ok || (m == nil) != (n == nil) {
			return false
		}
		if m != nil && (m.dir != n.dir || !slices.Equal(localSources(m), localSources(n))) {
			return false
		}
	}
	return true
}

// localSources are the sources of a module's local calls, in order.
func localSources(m *module) []string {
	var out []string
	for _, c := range m.calls {
		if isLocalSource(c.source) {
			out = append(out, c.source)
		}
	}
	return out
}

// components groups roots (by index) that reach a common module by local
// calls (modules read by visit): in order of their first root, each in
// order.
func (sc *scanner) components(roots []*module, visitDir func(dir string) *module) [][]int {
	parent := make([]int, len(roots))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := make(map[string]int) // module key → the first root reaching it
	for i, root := range roots {
		if sc.shared {
			parent[i] = 0 // one run evaluates every root
			continue
		}
		var visit func(m *module)
		visit = func(m *module) {
			key := cleanDir(m.dir)
			if j, ok := owner[key]; ok {
				// Reached before, by this root or by j, whose walk went on
				// from here: what lies below is j's component already.
				a, b := find(i), find(j)
				parent[max(a, b)] = min(a, b)
				return
			}
			owner[key] = i
			for _, c := range m.calls {
				if !isLocalSource(c.source) {
					continue
				}
				dir := filepath.Join(m.dir, c.source)
				if sc.sandbox.resolveDir(dir) != nil {
					continue
				}
				if callee := visitDir(dir); callee != nil {
					visit(callee)
				}
			}
		}
		visit(root)
	}
	var comps [][]int
	index := make(map[int]int) // component root → index in comps
	for i := range roots {
		c := find(i)
		n, ok := index[c]
		if !ok {
			n = len(comps)
			index[c] = n
			comps = append(comps, nil)
		}
		comps[n] = append(comps[n], i)
	}
	return comps
}

// newRun returns a run for one component, spending from the scan's work.
// Modules not shared are parsed afresh: the run holds the only syntax
// trees of its component's modules.
func (sc *scanner) newRun(scan *scanSpend, limits workLimits, reported map[string]bool) *run {
	r := newRun(sc.opts)
	r.budget = newBudgetIn(limits, scan)
	r.reported = reported
	if !sc.shared {
		r.parse = sc.take
	}
	return r
}

// evaluate evaluates the root module in dir. Each root module is its own
// scope: two roots may both declare aws_iam_role.app, and references must
// not cross between them.
func (r *run) evaluate(dir string) rootResult {
	r.inv, r.errs, r.reports = &model.Inventory{}, nil, nil
	r.moduleErrs, r.once = make(map[error]string), make(map[error]bool)
	m := r.module(dir)
	if m == nil {
		return rootResult{}
	}
	r.evaluateRoot(m)
	r.inv.SetScope(m.dir)
	return rootResult{inv: r.inv, errs: r.errs, moduleErrs: r.moduleErrs, once: r.once, reports: r.reports}
}

// merge puts the roots' results together in order, after what reading the
// directories found (pre): a module first read by several components, and
// a warning several of them gave, count once, where the first root gave
// them.
func (sc *scanner) merge(pre *run, results []rootResult, reads []map[string]bool) (*model.Inventory, []error) {
	all, errs := pre.inv, pre.errs
	for _, rep := range pre.reports {
		all.Files = append(all.Files, rep.files...)
		all.Ignores = append(all.Ignores, rep.ignores...)
	}
	warned := pre.warned
	read := make(map[string]bool)
	for _, res := range results {
		if res.inv == nil {
			continue
		}
		for _, err := range res.errs {
			if key, ok := res.moduleErrs[err]; ok && read[key] {
				continue
			}
			if res.once[err] {
				if warned[err.Error()] {
					continue
				}
				warned[err.Error()] = true
			}
			errs = append(errs, err)
		}
		for _, rep := range res.reports {
			if !read[rep.key] {
				res.inv.Files = append(res.inv.Files, rep.files...)
				res.inv.Ignores = append(res.inv.Ignores, rep.ignores...)
			}
		}
		for _, rep := range res.reports {
			read[rep.key] = true
		}
		all.Merge(res.inv)
	}
	for _, files := range reads {
		for f := range files {
			all.Embedded = append(all.Embedded, f)
		}
	}
	slices.Sort(all.Embedded)
	all.Embedded = slices.Compact(all.Embedded)
	return all, errs
}
