package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/diff"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/internal/repository"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// Diff is what a change grants, and the input problems of its sides.
type Diff struct {
	Report *diff.Report
	// Errors are the input errors and warnings to show, in the order the
	// sides were read; the base side's say so.
	Errors []error

	incomplete bool // an input of either side could not be read completely
}

// Status is Incomplete when an input of either side could not be read
// completely, Failed when the change introduces a finding at or above
// failOn (Never for none), else Clean.
func (d *Diff) Status(failOn rules.Severity) Status {
	if d.incomplete {
		return Incomplete
	}
	for _, f := range d.Report.Findings.New {
		if f.Level() >= failOn {
			return Failed
		}
	}
	return Clean
}

// sideError is an input error of one side of a diff as it is shown:
// labelled with the side, the paths of a temporary checkout rewritten.
type sideError struct {
	shown string
	err   error
}

func (e *sideError) Error() string { return e.shown }
func (e *sideError) Unwrap() error { return e.err }

// side runs the scan over one side of the change. Its findings keep their
// paths as read: diff.Compute relates them through root. label prefixes
// the input errors and rewrite maps the paths in them; with quiet, they
// only count.
func (d *Diff) side(paths []string, s Settings, root, label string, rewrite func(string) string, quiet bool) *diff.Side {
	s.WorkDir = ""  // paths as read
	s.Baseline = "" // the change is compared whole, baselined or not
	s.Input.OnlyFiles = false
	s.Input.AllowEmpty = true         // a side may hold nothing: all added, or all removed
	res, _ := Run(paths, &s, Hooks{}) // no baseline: no error
	for _, err := range res.Loaded.Errors {
		if !IsWarning(err) {
			d.incomplete = true
		}
		if quiet {
			continue
		}
		msg := err.Error()
		if rewrite != nil {
			msg = rewrite(msg)
		}
		d.Errors = append(d.Errors, &sideError{shown: label + msg, err: err})
	}
	// Ignore directives apply on both sides; their own problems, like the
	// custom rules', are the scan's business, not the diff's.
	return &diff.Side{Analysis: res.Loaded.Analysis(), Findings: res.Findings, Root: root}
}

// DiffPlan compares a plan's prior state with its planned values.
func DiffPlan(path string, s *Settings) (*Diff, error) {
	settings := func() Settings { return *s }
	if path == "-" {
		// Standard input is read once, within the size limit, and each
		// read of the plan starts from its beginning.
		data, err := safefile.ReadAll(s.Input.Stdin, safefile.Limit(s.Input.MaxFileSize).MaxSize())
		if err != nil {
			return nil, fmt.Errorf("reading the plan: %w", err)
		}
		settings = func() Settings {
			c := *s
			c.Input.Stdin = bytes.NewReader(data)
			return c
		}
	} else if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, fmt.Errorf("%s is not a Terraform plan but a directory; to diff configuration, name a git ref with --base", path)
	}
	first := settings()
	opts, err := first.parserOptions()
	if err != nil {
		return nil, err
	}
	src, err := parsers.Claimant(path, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	if src != model.SourcePlan {
		return nil, fmt.Errorf("%s is not a Terraform plan (terraform show -json); to diff configuration, name a git ref with --base", path)
	}
	d := &Diff{}
	after := d.side([]string{path}, settings(), "", "", nil, false)
	prior := settings()
	prior.Input.prior = true
	// The prior side's warnings (its resources placed in the
	// configuration) repeat the planned side's: not shown twice.
	before := d.side([]string{path}, prior, "", "", nil, true)
	d.Report = diff.Compute(before, after)
	d.Report.Before, d.Report.After = "prior state of "+path, "planned values of "+path
	return d, nil
}

// ErrInterrupted is a run stopped because its context was cancelled.
var ErrInterrupted = errors.New("interrupted")

// DiffBase compares the tree at a git ref with the working tree, over
// paths. The copy of the base tree is removed on every way out: an error,
// a panic, and ctx cancelled (SIGINT, SIGTERM), on which it returns
// ErrInterrupted at once without waiting for the scan, which reads no
// context.
func DiffBase(ctx context.Context, ref string, paths []string, s *Settings) (*Diff, error) {
	root := repository.Root(s.WorkDir)
	if root == "" {
		return nil, fmt.Errorf("--base: not in a git repository: neither %s nor a directory above it holds .git", s.WorkDir)
	}
	tree, err := diff.ExportRef(ctx, root, ref) // removed by itself when it fails
	if ctx.Err() != nil {
		return nil, ErrInterrupted
	}
	if err != nil {
		return nil, fmt.Errorf("--base: %w", err)
	}
	defer tree.Close()
	type result struct {
		d   *Diff
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				tree.Close() // the process ends with the panic, without the deferred Close
				panic(p)
			}
		}()
		d, err := compareBase(tree, root, ref, paths, s)
		done <- result{d, err}
	}()
	select {
	case r := <-done:
		return r.d, r.err
	case <-ctx.Done():
		return nil, ErrInterrupted
	}
}

// compareBase compares the base tree at ref, exported from the repository
// at root, with the working tree.
func compareBase(tree *diff.Tree, root, ref string, paths []string, s *Settings) (*Diff, error) {
	d := &Diff{}
	label := fmt.Sprintf("(at %s) ", ref)
	for _, sk := range tree.Skipped {
		d.Errors = append(d.Errors, &sideError{shown: fmt.Sprintf("%s%s: warning: not compared: %s, which the base tree does not follow", label, printable.String(sk.Path), printable.String(sk.Why))})
	}
	var basePaths []string
	for _, p := range paths {
		if p == "-" {
			return nil, fmt.Errorf("--base: standard input has no base version; name files or directories")
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || !filepath.IsLocal(rel) && rel != "." {
			return nil, fmt.Errorf("--base: %s is outside the git repository %s", p, root)
		}
		bp := filepath.Join(tree.Dir, rel)
		if _, err := os.Stat(bp); err == nil {
			basePaths = append(basePaths, bp) // absent at the base: nothing before
		}
	}
	rewrite := func(msg string) string { return strings.ReplaceAll(msg, tree.Dir+string(filepath.Separator), "") }
	before := &diff.Side{Analysis: iam.Analyze(emptyInventory(), iam.Default()), Root: tree.Dir}
	if len(basePaths) > 0 {
		base := *s
		if cfg := *s.Config; cfg.Path != "" {
			// skip_paths are relative to the configuration's directory:
			// the same one in the base checkout.
			cfg.Path = rebase(cfg.Path, root, tree.Dir)
			base.Config = &cfg
		}
		if base.Input.TFDir != "" {
			base.Input.TFDir = rebase(base.Input.TFDir, root, tree.Dir)
		}
		if base.Input.workDir != "" {
			base.Input.workDir = rebase(base.Input.workDir, root, tree.Dir)
		}
		before = d.side(basePaths, base, tree.Dir, label, rewrite, false)
	}
	after := d.side(paths, *s, root, "", nil, false)
	d.Report = diff.Compute(before, after)
	d.Report.Before, d.Report.After = fmt.Sprintf("%s (%.12s)", ref, tree.Commit), "working tree"
	return d, nil
}

// rebase maps a path of the working tree to the same path in the base
// checkout.
func rebase(path, root, dir string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return path
	}
	return filepath.Join(dir, rel)
}

func emptyInventory() *model.Inventory {
	inv := &model.Inventory{}
	inv.Link()
	return inv
}
