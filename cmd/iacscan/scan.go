package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v3"
	"golang.org/x/term"

	"github.com/iacscan/iacscan/config"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/report"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/suppress"
)

// inputFlags are the flags that say how to read inputs, shared by scan and
// summary.
func inputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringMapFlag{Name: "var", Usage: "set a Terraform root module variable (`NAME=VALUE`; repeatable)"},
		&cli.StringSliceFlag{Name: "var-file", Usage: "read Terraform variables from `FILE` (.tfvars or .tfvars.json; repeatable)"},
		&cli.StringMapFlag{Name: "cfn-param", Usage: "set a CloudFormation parameter (`KEY=VALUE`; repeatable)"},
		&cli.StringSliceFlag{Name: "cfn-params-file", Usage: "read CloudFormation parameters from `FILE` (CLI or CodePipeline JSON; repeatable)"},
		&cli.StringFlag{Name: "tf-dir", Usage: "Terraform configuration `DIR` a plan was made from (default: the plan's directory)"},
		&cli.StringFlag{Name: "root", Usage: "`DIR` Terraform may read files and local modules from (default: the git repository of the scanned path, else the scanned directory)"},
		&cli.BoolFlag{Name: "changed-only", Usage: "in plans, report only resources the plan creates or updates"},
	}
}

// parserOptions builds the input options from the input flags.
func parserOptions(cmd *cli.Command, stdin io.Reader, skip []string) parsers.Options {
	wd, _ := os.Getwd() // unknown: plans keep to their configuration's directory
	return parsers.Options{
		WorkDir:       wd,
		Stdin:         stdin,
		SkipPaths:     skip,
		Vars:          cmd.StringMap("var"),
		VarFiles:      cmd.StringSlice("var-file"),
		Env:           os.Environ(),
		CFNParams:     cmd.StringMap("cfn-param"),
		CFNParamFiles: cmd.StringSlice("cfn-params-file"),
		TFDir:         cmd.String("tf-dir"),
		ChangedOnly:   cmd.Bool("changed-only"),
		Root:          cmd.String("root"),
	}
}

func scanFlags() []cli.Flag {
	return append(inputFlags(),
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text",
			Usage: "output format: " + strings.Join(report.Formats(), ", ")},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the report to `FILE` instead of standard output"},
		&cli.StringFlag{Name: "fail-on", Value: "high",
			Usage: "exit 1 when a finding has this `SEVERITY` or higher (info, low, medium, high, critical)"},
		&cli.StringSliceFlag{Name: "rule", Usage: "run only rules matching `PATTERN` (ID, name or glob such as IAM2*; repeatable)"},
		&cli.StringSliceFlag{Name: "skip-rule", Usage: "skip rules matching `PATTERN` (repeatable)"},
		&cli.BoolFlag{Name: "no-color", Usage: "no colours in text output (also: NO_COLOR set)"},
		&cli.StringFlag{Name: "config", Aliases: []string{"c"},
			Usage: "read settings from `FILE` (default: .iacscan.yml in the first path's directory or above)"},
		&cli.StringFlag{Name: "sarif-category", Value: "iacscan/", Usage: "SARIF automation category (`CATEGORY/`), one per upload"},
		&cli.StringFlag{Name: "sarif-root", Usage: "`DIR` that SARIF paths are relative to (default: the git repository root, else the working directory)"},
		policyFlag(),
	)
}

func (e *env) scan(ctx context.Context, cmd *cli.Command) error {
	paths := cmd.Args().Slice()
	if len(paths) == 0 {
		return cli.Exit("no path to scan (try: iacscan .)", exitError)
	}
	cfg, err := loadConfig(cmd, paths[0])
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	set, all, err := customRules(cmd, cfg)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	failOnName := cmd.String("fail-on")
	if !cmd.IsSet("fail-on") && cfg.FailOn != "" {
		failOnName = cfg.FailOn
	}
	failOn, err := rules.ParseSeverity(failOnName)
	if err != nil {
		return cli.Exit("--fail-on: "+err.Error(), exitError)
	}
	include := cmd.StringSlice("rule")
	if len(include) == 0 {
		include = cfg.Rules.Enable
	}
	selected, err := rules.Select(all, include, append(cfg.Rules.Disable, cmd.StringSlice("skip-rule")...), cfg.OptIn()...)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	selected = cfg.ApplySeverity(selected)
	out, color, closeOut, err := e.output(cmd)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	defer closeOut()
	cwd, err := os.Getwd()
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	srcRoot, err := sarifRoot(cmd.String("sarif-root"), cwd)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	width := 0
	if cmd.String("output") == "" {
		width = terminalWidth(e.stdout)
	}
	w, err := report.New(cmd.String("format"), report.Options{Color: color, Width: width, Links: color && hyperlinks(),
		Category: cmd.String("sarif-category"), SRCRoot: srcRoot})
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}

	inv, errs := parsers.Load(paths, parserOptions(cmd, e.stdin, cfg.SkipPaths))
	findings := rules.Group(rules.Run(inv, selected, cfg.RuleConfig()))
	if set != nil {
		errs = append(errs, set.Errors()...)
	}
	errs = append(errs, suppress.Apply(findings, inv.Ignores, selected, time.Now())...)
	res := &report.Result{Version: version, Rules: selected, Findings: findings, Errors: errs, Coverage: report.CoverageOf(inv)}
	relativize(res, cwd)
	if err := w.Write(out, res); err != nil {
		return cli.Exit("writing report: "+err.Error(), exitError)
	}
	return exitStatus(res, failOn)
}

// loadConfig reads --config, or .iacscan.yml found from the first path
// upward; no file means defaults.
func loadConfig(cmd *cli.Command, firstPath string) (*config.Config, error) {
	path := cmd.String("config")
	if path == "" {
		dir := firstPath
		if info, err := os.Stat(firstPath); err != nil || !info.IsDir() {
			dir = filepath.Dir(firstPath)
		}
		if firstPath == "-" {
			dir = "."
		}
		path = config.Find(dir)
	}
	if path == "" {
		return &config.Config{}, nil
	}
	return config.Load(path)
}

// exitStatus turns a result into the exit code contract: input errors (not
// warnings) make the scan incomplete, which outranks findings.
func exitStatus(res *report.Result, failOn rules.Severity) error {
	for _, err := range res.Errors {
		if ie, ok := err.(*model.InputError); !ok || !ie.Warning {
			return cli.Exit("", exitError)
		}
	}
	for _, f := range res.Findings {
		if f.Suppressed == nil && f.Rule.Severity >= failOn {
			return cli.Exit("", exitFindings)
		}
	}
	return nil
}

// output opens the report destination and decides on colours: only for
// text on a terminal, and never when NO_COLOR is set.
func (e *env) output(cmd *cli.Command) (io.Writer, bool, func(), error) {
	if name := cmd.String("output"); name != "" {
		f, err := os.Create(name)
		if err != nil {
			return nil, false, nil, fmt.Errorf("--output: %w", err)
		}
		return f, false, func() { f.Close() }, nil
	}
	color := false
	if f, ok := e.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		color = !cmd.Bool("no-color") && os.Getenv("NO_COLOR") == ""
	}
	return e.stdout, color, func() {}, nil
}

// sarifRoot returns the path from cwd to the directory SARIF URIs are
// relative to: the flag, or the enclosing git repository, or cwd itself.
func sarifRoot(flag, cwd string) (string, error) {
	root := flag
	if root == "" {
		for dir := cwd; ; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
				root = dir
				break
			}
			if filepath.Dir(dir) == dir {
				return "", nil
			}
		}
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("--sarif-root: %w", err)
	}
	rel, err := filepath.Rel(cwd, abs)
	if err != nil {
		return "", fmt.Errorf("--sarif-root: %w", err)
	}
	return filepath.ToSlash(rel), nil
}

// relativize makes every reported path relative to the working directory
// with forward slashes, the JSON contract's form.
func relativize(res *report.Result, cwd string) {
	rel := func(loc *model.Location) {
		if loc.File == "" || loc.File == parsers.StdinName {
			return
		}
		p := loc.File
		if filepath.IsAbs(p) {
			if r, err := filepath.Rel(cwd, p); err == nil {
				p = r
			}
		}
		loc.File = filepath.ToSlash(filepath.Clean(p))
	}
	for _, f := range res.Findings {
		rel(&f.Loc)
		for i := range f.Related {
			rel(&f.Related[i].Loc)
		}
	}
	for _, err := range res.Errors {
		if ie, ok := err.(*model.InputError); ok {
			rel(&ie.Loc)
		}
	}
}
