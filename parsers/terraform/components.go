package terraform

import (
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
)

// scanner is one Scan. Module directories are parsed in parallel; root
// modules then fall into components, the roots that share module code
// (through local module calls), and components are evaluated in parallel,
// each by a run of its own that takes its modules' syntax trees (kept from
// the first parse while they fit keepBytes, else parsed again) and lets
// them go when done: no syntax tree outlives its component, and no two
// goroutines touch one (evaluation guards expressions in place). The runs' results are
// merged in the order of the roots, as one run evaluating them in turn
// would have produced them.
type scanner struct {
	opts Options
	// shared: the caller's Modules (a plan's block lookups) keeps what is
	// parsed, so every root is evaluated in one run that uses it.
	shared  bool
	files   safefile.Root
	sandbox sandbox // resolves local module sources; reads nothing

	mu    sync.Mutex
	heads map[string]*parsedModule // by cleanDir: modules as read before evaluation
	// kept are modules parsed before evaluation whose syntax trees are
	// kept for their component's run, while their text adds up to less
	// than keepBytes; the others are parsed again by their run.
	kept      map[string]*parsedModule
	keptBytes atomic.Int64
}

// keepBytes bounds the configuration text whose syntax trees (some 20
// times larger) wait for evaluation: within it a module is parsed once;
// beyond it twice, so that memory stays proportional to the largest
// component rather than to the whole scan.
const keepBytes = 4 << 20

func newScanner(opts Options) *scanner {
	root := opts.Root
	if root == "" {
		root = "."
	}
	return &scanner{
		opts:    opts,
		shared:  opts.Modules != nil,
		files:   safefile.NewRoot(root, opts.MaxFileSize),
		sandbox: newSandbox(root),
		heads:   make(map[string]*parsedModule),
		kept:    make(map[string]*parsedModule),
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
	parallel(len(dirs), func(i int) { sc.head(dirs[i]) })
	// What reading dirs found is reported first, in order.
	pre := newRun(sc.opts)
	pre.parse = sc.head
	var mods []*module
	for _, dir := range dirs {
		if m := pre.module(dir); m != nil {
			mods = append(mods, m)
		}
	}
	rootMods := roots(mods)
	pre.warnCycles(mods, rootMods)

	reported := make(map[string]bool, len(mods))
	for key := range pre.modules {
		reported[key] = true
	}
	comps := sc.components(rootMods)
	results := make([]rootResult, len(rootMods))
	reads := make([]map[string]bool, len(comps))
	limits := sc.opts.limits.orDefault()
	evaluate := func(scanWork *atomic.Int64, workers int, reverse bool) (scanSpent bool) {
		var spent atomic.Bool
		parallelOn(workers, len(comps), func(c int) {
			if reverse {
				c = len(comps) - 1 - c
			}
			r := sc.newRun(scanWork, limits, reported)
			for _, i := range comps[c] {
				results[i] = r.evaluate(rootMods[i].dir)
			}
			reads[c] = r.sandbox.read
			if r.budget.scanSpent {
				spent.Store(true)
			}
		})
		return spent.Load()
	}
	workers := runtime.GOMAXPROCS(0)
	if sc.opts.inTurn {
		workers = 1
	}
	if evaluate(newScanWork(limits), workers, sc.opts.inTurn) && len(comps) > 1 {
		// What the scan's bound left each root depended on which roots ran
		// before it: evaluate again in order, so that the same roots are
		// cut short whatever the scheduling.
		clear(results)
		evaluate(newScanWork(limits), 1, false)
	}
	return sc.merge(pre, results, reads)
}

// head returns the module in dir as read before evaluation: for reporting
// what reading it found and for its calls. Unless the caller shares a
// Modules, it holds nothing else: the whole module waits in kept for its
// component's run while there is room, else that run parses it again.
func (sc *scanner) head(dir string) *parsedModule {
	if sc.shared {
		return sc.opts.Modules.parse(dir)
	}
	key := cleanDir(dir)
	sc.mu.Lock()
	p, ok := sc.heads[key]
	if !ok {
		p = &parsedModule{}
		sc.heads[key] = p
	}
	sc.mu.Unlock()
	p.once.Do(func() {
		full := &parsedModule{}
		full.read(dir, sc.files)
		p.diags, p.err = full.diags, full.err
		if full.m == nil {
			return
		}
		p.checks = full.validation()
		p.checkOnce.Do(func() {})
		p.m = full.m.head()
		if size := full.m.size(); sc.keptBytes.Add(size) <= keepBytes {
			sc.mu.Lock()
			sc.kept[key] = full
			sc.mu.Unlock()
		}
	})
	return p
}

// take returns the module in dir for evaluation: kept from before, or
// parsed again (from the directory as first spelled, as the kept one is,
// so that file names never depend on which modules were kept).
func (sc *scanner) take(dir string) *parsedModule {
	key := cleanDir(dir)
	sc.mu.Lock()
	p := sc.kept[key]
	delete(sc.kept, key)
	head := sc.heads[key]
	sc.mu.Unlock()
	if p != nil {
		return p
	}
	if head != nil && head.m != nil {
		dir = head.m.dir
	}
	return newParsedModule(dir, sc.files)
}

// size is the length of the module's configuration text.
func (m *module) size() int64 {
	var n int64
	for _, src := range m.sources {
		n += int64(len(src))
	}
	return n
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

// components groups roots (by index) that reach a common module by local
// calls: in order of their first root, each in order.
func (sc *scanner) components(roots []*module) [][]int {
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
		seen := make(map[string]bool)
		var visit func(m *module)
		visit = func(m *module) {
			key := cleanDir(m.dir)
			if seen[key] {
				return
			}
			seen[key] = true
			if j, ok := owner[key]; ok {
				a, b := find(i), find(j)
				parent[max(a, b)] = min(a, b)
			} else {
				owner[key] = i
			}
			for _, c := range m.calls {
				if !isLocalSource(c.source) {
					continue
				}
				dir := filepath.Join(m.dir, c.source)
				if _, err := sc.sandbox.resolve(".", dir); err != nil {
					continue
				}
				if callee := sc.head(dir).m; callee != nil {
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
func (sc *scanner) newRun(scanWork *atomic.Int64, limits workLimits, reported map[string]bool) *run {
	r := newRun(sc.opts)
	r.budget = newBudgetIn(limits, scanWork)
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

// parallel runs f(0..n-1) on all CPUs.
func parallel(n int, f func(i int)) { parallelOn(runtime.GOMAXPROCS(0), n, f) }

// parallelOn runs f(0..n-1) on at most workers goroutines; results go into
// caller-owned slots, so they never depend on scheduling.
func parallelOn(workers, n int, f func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
