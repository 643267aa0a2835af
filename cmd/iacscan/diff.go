package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/config"
	"github.com/iacscan/iacscan/diff"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/parsers/plan"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/suppress"
)

// diffCommand is `iacscan diff plan.json` and `iacscan diff --base REF
// PATH...`: what a change grants.
func (e *env) diffCommand() *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "show what a change grants: permissions, trust and resource access gained or lost, and new findings",
		ArgsUsage: "PLAN.json | --base REF [PATH...]",
		Description: "With a Terraform plan (terraform show -json), compares its prior state with its planned values.\n" +
			"With --base REF, compares the tree at a git ref (read from git's objects, .gitattributes not\n" +
			"applied; the work tree is not touched) with the working tree, over the PATHs given (default: the current directory).\n" +
			"Per principal: actions newly allowed, allowed more widely, no longer allowed; boundary, deny and\n" +
			"trust changes; per resource policy, who can now reach it; and which findings the change introduces.\n" +
			"Exit codes: 0 done, 1 a new finding at or above --fail-on-new, 2 an input could not be read completely.",
		Flags: append(inputFlags(),
			&cli.StringFlag{Name: "base", Usage: "compare the working tree with the tree at git `REF`"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + strings.Join(diff.Formats, ", ")},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` instead of standard output"},
			&cli.StringFlag{Name: "fail-on-new", Usage: "exit 1 when the change introduces a finding of this `SEVERITY` or higher"},
			&cli.StringSliceFlag{Name: "rule", Usage: "run only rules matching `PATTERN` (repeatable)"},
			&cli.StringSliceFlag{Name: "skip-rule", Usage: "skip rules matching `PATTERN` (repeatable)"},
			&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "read settings from `FILE`"},
		),
		OnUsageError: usageError,
		Action:       e.diff,
	}
}

func (e *env) diff(ctx context.Context, cmd *cli.Command) error {
	paths := cmd.Args().Slice()
	base := cmd.String("base")
	format := cmd.String("format")
	if !slices.Contains(diff.Formats, format) {
		return cli.Exit(fmt.Sprintf("--format: unknown diff format %q (want one of %s)", format, strings.Join(diff.Formats, ", ")), exitError)
	}
	failOn := rules.Severity(-1)
	if name := cmd.String("fail-on-new"); name != "" {
		s, err := rules.ParseSeverity(name)
		if err != nil {
			return cli.Exit("--fail-on-new: "+err.Error(), exitError)
		}
		failOn = s
	}
	if cmd.Bool("changed-only") {
		return cli.Exit("--changed-only does not apply to diff: it compares every resource on both sides", exitError)
	}
	if base == "" && len(paths) != 1 {
		return cli.Exit("diff needs one Terraform plan (iacscan diff plan.json) or --base REF (iacscan diff --base main .)", exitError)
	}
	if base != "" && len(paths) == 0 {
		paths = []string{"."}
	}
	cfg, err := loadConfig(cmd, paths[0])
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	include := cmd.StringSlice("rule")
	if len(include) == 0 {
		include = cfg.Rules.Enable
	}
	selected, err := rules.Select(rules.All, include, append(cfg.Rules.Disable, cmd.StringSlice("skip-rule")...), cfg.OptIn()...)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	d := differ{cmd: cmd, cfg: cfg, rules: cfg.ApplySeverity(selected), catalog: iam.Default(), stdin: e.stdin, errOut: e.stderr}
	var report *diff.Report
	if base != "" {
		report, err = d.gitBase(ctx, base, paths)
	} else {
		report, err = d.plan(paths[0])
	}
	if errors.Is(err, errInterrupted) {
		return cli.Exit(err.Error(), exitInterrupted)
	}
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	out := e.stdout
	if name := cmd.String("output"); name != "" {
		f, err := os.Create(name)
		if err != nil {
			return cli.Exit("--output: "+err.Error(), exitError)
		}
		defer f.Close()
		out = f
	}
	if err := diff.Write(out, report, format); err != nil {
		return cli.Exit("writing the diff: "+err.Error(), exitError)
	}
	if d.failed {
		return cli.Exit("", exitError)
	}
	for _, f := range report.Findings.New {
		if f.Level() >= failOn && failOn >= 0 {
			return cli.Exit("", exitFindings)
		}
	}
	return nil
}

// differ loads and analyses the two sides of a change.
type differ struct {
	cmd     *cli.Command
	cfg     *config.Config
	rules   []*rules.Rule
	catalog *iam.Catalog
	stdin   io.Reader
	errOut  io.Writer
	failed  bool // an input could not be read completely
}

// side loads paths into one side of the change. label prefixes its input
// errors; rewrite maps the paths in them (a temporary checkout's).
func (d *differ) side(paths []string, opts parsers.Options, root, label string, rewrite func(string) string) *diff.Side {
	inv, errs := parsers.Load(paths, opts)
	an := iam.Analyze(inv, d.catalog)
	findings := rules.Group(rules.RunAnalysed(inv, an, d.rules, d.cfg.RuleConfig()))
	// Ignore directives apply on both sides; their own problems are the
	// scan's business, not the diff's.
	_ = suppress.Apply(findings, inv.Ignores, d.rules, time.Now())
	for _, err := range errs {
		msg := err.Error()
		if rewrite != nil {
			msg = rewrite(msg)
		}
		fmt.Fprintf(d.errOut, "iacscan: %s%s\n", label, msg)
		if !isWarning(err) {
			d.failed = true
		}
	}
	return &diff.Side{Analysis: an, Findings: findings, Root: root}
}

// plan diffs a plan's prior state with its planned values.
func (d *differ) plan(path string) (*diff.Report, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(d.stdin)
	} else if info, serr := os.Stat(path); serr == nil && info.IsDir() {
		return nil, fmt.Errorf("%s is not a Terraform plan but a directory; to diff configuration, name a git ref with --base", path)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	if !plan.Detect(data) {
		return nil, fmt.Errorf("%s is not a Terraform plan (terraform show -json); to diff configuration, name a git ref with --base", path)
	}
	opts := parserOptions(d.cmd, bytes.NewReader(data), d.cfg)
	after := d.side([]string{path}, opts, "", "", nil)
	opts.Stdin = bytes.NewReader(data)
	opts.Plan.Prior = true
	// The prior side's warnings (its resources placed in the
	// configuration) repeat the planned side's: not shown twice.
	var quiet bytes.Buffer
	errOut := d.errOut
	d.errOut = &quiet
	before := d.side([]string{path}, opts, "", "", nil)
	d.errOut = errOut
	r := diff.Compute(before, after)
	r.Before, r.After = "prior state of "+path, "planned values of "+path
	return r, nil
}

// gitBase diffs the tree at a git ref with the working tree. The copy of
// the base tree is removed on every way out: an error, a panic, and ctx
// cancelled (SIGINT, SIGTERM), on which it returns at once without waiting
// for the scan, which reads no context.
func (d *differ) gitBase(ctx context.Context, ref string, paths []string) (*diff.Report, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, err := diff.RepoRoot(cwd)
	if err != nil {
		return nil, fmt.Errorf("--base: %w", err)
	}
	tree, err := diff.ExportRef(ctx, root, ref) // removed by itself when it fails
	if ctx.Err() != nil {
		return nil, errInterrupted
	}
	if err != nil {
		return nil, fmt.Errorf("--base: %w", err)
	}
	defer tree.Close()
	type result struct {
		report *diff.Report
		err    error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				tree.Close() // the process ends with the panic, without the deferred Close
				panic(p)
			}
		}()
		r, err := d.compareBase(tree, root, ref, paths)
		done <- result{r, err}
	}()
	select {
	case r := <-done:
		return r.report, r.err
	case <-ctx.Done():
		return nil, errInterrupted
	}
}

// compareBase compares the base tree at ref, exported from the repository
// at root, with the working tree.
func (d *differ) compareBase(tree *diff.Tree, root, ref string, paths []string) (*diff.Report, error) {
	for _, s := range tree.Skipped {
		fmt.Fprintf(d.errOut, "iacscan: (at %s) %s: warning: not compared: %s, which the base tree does not follow\n", ref, printable.String(s.Path), printable.String(s.Why))
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
	label := fmt.Sprintf("(at %s) ", ref)
	rewrite := func(msg string) string { return strings.ReplaceAll(msg, tree.Dir+string(filepath.Separator), "") }
	opts := parserOptions(d.cmd, d.stdin, d.cfg)
	before := &diff.Side{Analysis: iam.Analyze(emptyInventory(), d.catalog), Root: tree.Dir}
	if len(basePaths) > 0 {
		baseOpts := opts
		if opts.Plan.TFDir != "" {
			baseOpts.Plan.TFDir = rebase(opts.Plan.TFDir, root, tree.Dir)
		}
		if opts.Plan.WorkDir != "" {
			baseOpts.Plan.WorkDir = rebase(opts.Plan.WorkDir, root, tree.Dir)
		}
		before = d.side(basePaths, baseOpts, tree.Dir, label, rewrite)
	}
	after := d.side(paths, opts, root, "", nil)
	r := diff.Compute(before, after)
	r.Before, r.After = fmt.Sprintf("%s (%.12s)", ref, tree.Commit), "working tree"
	return r, nil
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

// isWarning reports whether an input error is only a warning.
func isWarning(err error) bool {
	ie, ok := err.(*model.InputError)
	return ok && ie.Warning
}
