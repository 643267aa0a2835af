package scan

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/iacscan/iacscan/baseline"
	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/internal/repository"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/report"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/suppress"
)

// Result is what a run produced: the report (paths relative to the
// working directory), and the inputs it was made from.
type Result struct {
	report.Result
	Loaded *Loaded
	// Baseline is what the baseline matched; nil when there was none.
	Baseline *baseline.Stats

	failOn rules.Severity
}

// Status is a run's outcome, which the exit code reports.
type Status int

const (
	Clean      Status = iota // nothing at or above the failing severity
	Failed                   // a finding at or above the failing severity
	Incomplete               // an input could not be read completely: outranks findings
)

// Hooks let a caller show what a long run is doing.
type Hooks struct {
	// Checking is called once the inputs are read, before the rules run.
	Checking func(rules, identities, policies int)
}

// Run loads the inputs, runs the rules, groups their findings, applies
// inline suppressions and the baseline. An error is a baseline that could
// not be read, before any input is; input problems are in the result.
func Run(paths []string, s *Settings, hooks Hooks) (*Result, error) {
	var base *baseline.File
	if s.Baseline != "" {
		b, err := baseline.Load(s.Baseline)
		if err != nil {
			return nil, err
		}
		base = b
	}
	loaded := Load(paths, s)
	inv, errs := loaded.Inventory, loaded.Errors
	if inv.Coverage.Inputs == 0 && !s.Input.AllowEmpty {
		errs = append(errs, nothingRead(paths))
	}
	if hooks.Checking != nil {
		hooks.Checking(len(s.Rules), len(inv.Identities), len(inv.Policies))
	}
	findings := rules.Group(rules.RunAnalysed(inv, loaded.Analysis(), s.Rules, s.Config.RuleConfig()))
	if s.custom != nil {
		errs = append(errs, s.custom.Errors()...)
	}
	ignores := inv.Ignores
	if !s.Config.HonoursPeers() {
		ignores = slices.DeleteFunc(slices.Clone(ignores), func(ig model.Ignore) bool { return ig.Origin != "" })
	}
	errs = append(errs, suppress.Apply(findings, ignores, s.Rules, time.Now())...)
	res := &Result{
		Result: report.Result{Version: s.Version, Rules: s.Rules, Findings: findings, Errors: errs, Coverage: report.CoverageOf(inv)},
		Loaded: loaded,
		failOn: s.FailOn,
	}
	if s.WorkDir == "" {
		return res, nil
	}
	relativize(&res.Result, s.WorkDir)
	if s.Input.OnlyFiles {
		res.Findings = onlyFiles(res.Findings, paths, s.WorkDir)
	}
	if base != nil {
		st := base.Apply(res.Findings, s.baselineRoot(), s.Baseline)
		res.Baseline = &st
	}
	return res, nil
}

// nothingRead is the error of a run that read no input under its paths.
func nothingRead(paths []string) error {
	return &model.InputError{Message: fmt.Sprintf("no input read from %s: no Terraform, plan, CloudFormation or policy file was found, so nothing was scanned (--allow-empty accepts that)",
		printable.String(strings.Join(paths, ", ")))}
}

// Status decides the run's outcome: input errors (not warnings) make it
// incomplete, which outranks findings; an active finding at or above the
// failing severity fails it.
func (r *Result) Status() Status {
	if incomplete(r.Errors) {
		return Incomplete
	}
	for _, f := range r.Findings {
		if f.Suppressed == nil && f.Rule.Severity >= r.failOn {
			return Failed
		}
	}
	return Clean
}

// NewBaseline is the baseline of the result's active findings, with paths
// from the repository root.
func (r *Result) NewBaseline(s *Settings) *baseline.File {
	return baseline.New(r.Findings, s.baselineRoot())
}

// baselineRoot is what baselines record paths relative to: the repository
// the working directory is in, else the working directory.
func (s *Settings) baselineRoot() string {
	return cmp.Or(repository.Root(s.WorkDir), s.WorkDir)
}

// onlyFiles keeps the findings located in one of the named files, or with a
// related location there: a change to a module call, an attachment or the
// consumer of a policy document causes findings located elsewhere.
func onlyFiles(findings []*rules.Finding, paths []string, cwd string) []*rules.Finding {
	named := map[string]bool{}
	for _, p := range paths {
		if filepath.IsAbs(p) {
			if r, err := filepath.Rel(cwd, p); err == nil {
				p = r
			}
		}
		named[filepath.ToSlash(filepath.Clean(p))] = true
	}
	var kept []*rules.Finding
	for _, f := range findings {
		if touches(f, named) {
			kept = append(kept, f)
		}
	}
	return kept
}

func touches(f *rules.Finding, files map[string]bool) bool {
	if files[f.Loc.File] {
		return true
	}
	for _, r := range f.Related {
		if files[r.Loc.File] {
			return true
		}
	}
	return false
}

// relativize makes every reported path relative to the working directory
// with forward slashes, the JSON contract's form.
func relativize(res *report.Result, cwd string) {
	relative := relativeTo(cwd)
	rel := func(loc *model.Location) {
		if loc.File != "" {
			loc.File = relative(loc.File)
		}
	}
	for _, f := range res.Findings {
		rel(&f.Loc)
		for i := range f.Related {
			rel(&f.Related[i].Loc)
		}
	}
	for _, err := range res.Errors {
		var ie *model.InputError
		if errors.As(err, &ie) {
			rel(&ie.Loc)
		}
	}
}
