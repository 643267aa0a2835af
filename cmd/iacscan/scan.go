package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/baseline"
	"github.com/iacscan/iacscan/config"
	"github.com/iacscan/iacscan/custom"
	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/parsers/cloudformation"
	"github.com/iacscan/iacscan/parsers/plan"
	"github.com/iacscan/iacscan/parsers/terraform"
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
		&cli.StringFlag{Name: "max-file-size", Value: safefile.Size(safefile.DefaultMaxSize),
			Usage:     "refuse input files and standard input larger than `SIZE` (bytes, or with K, M, G)",
			Validator: func(s string) error { _, err := safefile.ParseSize(s); return err }},
	}
}

// parserOptions builds the input options from the input flags.
func parserOptions(cmd *cli.Command, stdin io.Reader, cfg *config.Config) parsers.Options {
	if cfg == nil {
		cfg = &config.Config{}
	}
	wd, _ := os.Getwd() // unknown: plans keep to their configuration's directory
	return parsers.Options{
		Stdin:        stdin,
		SkipPaths:    cfg.SkipPaths,
		SkipRoot:     cfg.Dir(),
		FilesAsFound: cmd.Bool("only-files"),
		MaxFileSize:  maxFileSize(cmd),
		Terraform: terraform.Options{
			Vars:        cmd.StringMap("var"),
			VarFiles:    cmd.StringSlice("var-file"),
			Env:         os.Environ(),
			SandboxRoot: cmd.String("root"),
		},
		Plan: plan.Options{
			TFDir:       cmd.String("tf-dir"),
			ChangedOnly: cmd.Bool("changed-only"),
			WorkDir:     wd,
		},
		CloudFormation: cloudformation.Options{
			Params:     cmd.StringMap("cfn-param"),
			ParamFiles: cmd.StringSlice("cfn-params-file"),
		},
		Accounts: cfg.AccountMappings(),
	}
}

// maxFileSize is the --max-file-size limit (validated by the flag).
func maxFileSize(cmd *cli.Command) int64 {
	n, _ := safefile.ParseSize(cmd.String("max-file-size"))
	return n
}

// defaultFailOn is the severity a scan fails on without --fail-on or
// fail_on; iacscan init writes it.
const defaultFailOn = "high"

func scanFlags() []cli.Flag {
	return append(inputFlags(),
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text",
			Usage: "output format: " + strings.Join(report.Formats(), ", ")},
		&cli.StringSliceFlag{Name: "output", Aliases: []string{"o"},
			Usage: "write the report to `FILE`; FORMAT=FILE writes another format too, FORMAT alone to standard output (repeatable)"},
		&cli.StringFlag{Name: "fail-on", Value: defaultFailOn,
			Usage: "exit 1 when a finding has this `SEVERITY` or higher (info, low, medium, high, critical)"},
		&cli.BoolFlag{Name: "exit-zero", Usage: "exit 0 even when there are findings (input errors still exit 2)"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "findings only: no summary line, no notes on standard error"},
		&cli.StringFlag{Name: "baseline", Usage: "report only findings not in the baseline `FILE` (made by: iacscan baseline)"},
		&cli.BoolFlag{Name: "only-files", Usage: "report only findings located in the files named as paths or with a related location there (their modules are still evaluated whole); named files that are no IAM input are passed over, as in a directory"},
		&cli.StringSliceFlag{Name: "rule", Usage: "run only rules matching `PATTERN` (ID, name or glob such as IAM2*; repeatable)"},
		&cli.StringSliceFlag{Name: "skip-rule", Usage: "skip rules matching `PATTERN` (repeatable)"},
		&cli.BoolFlag{Name: "no-color", Usage: "no colours in text output (also: NO_COLOR set, TERM=dumb)"},
		&cli.StringFlag{Name: "config", Aliases: []string{"c"},
			Usage: "read settings from `FILE` (default: .iacscan.yml in the first path's directory or above, up to the repository root)"},
		&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "say on standard error which configuration and baseline were used"},
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
	return e.scanInputs(cmd, scanInput{configFrom: paths[0], paths: func() ([]string, error) { return paths, nil }})
}

// scanInput says what a scanning command scans: where the configuration is
// looked for, the Terraform directory plans come from (else --tf-dir), and
// the paths, produced once flags and configuration are known to be good.
type scanInput struct {
	configFrom string
	tfDir      string
	paths      func() ([]string, error)
}

// scanInputs scans and reports: settings and outputs are checked before the
// inputs are produced and read, so that a usage error costs nothing.
func (e *env) scanInputs(cmd *cli.Command, in scanInput) error {
	s, err := e.settings(cmd, in.configFrom)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	outs, err := parseOutputs(cmd.String("format"), cmd.StringSlice("output"))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	srcRoot, err := sarifRoot(cmd.String("sarif-root"), cwd, nil)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	color := e.color(cmd)
	opts := report.Options{
		Color:    color,
		Width:    terminalWidth(e.stdout),
		Links:    color && hyperlinks(),
		Quiet:    cmd.Bool("quiet"),
		Category: cmd.String("sarif-category"),
		SRCRoot:  srcRoot,
	}
	writers, err := outs.writers(opts)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}

	paths, err := in.paths()
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	defer limitHeap(paths)()
	if root, err := sarifRoot(cmd.String("sarif-root"), cwd, paths); err == nil && root != srcRoot {
		// The scanned paths are not below the working directory.
		srcRoot, opts.SRCRoot = root, root
		if writers, err = outs.writers(opts); err != nil {
			return cli.Exit(err.Error(), exitError)
		}
	}
	s.tfDir = in.tfDir
	res, err := e.analyse(cmd, paths, s, cwd)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	if err := outs.write(e.stdout, writers, res); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	for _, o := range outs {
		if o.format != "sarif" {
			continue
		}
		if outside := report.OutsideRoot(res.Findings, srcRoot); len(outside) > 0 {
			fmt.Fprintf(e.stderr, "iacscan: warning: %d file(s) with findings are outside the SARIF root %s (first: %s); their results use absolute file URIs, which GitHub cannot link to the repository (set --sarif-root)\n",
				len(outside), cmp.Or(srcRoot, "."), printable.String(outside[0]))
		}
		break
	}
	if !outs.toStdout() && !cmd.Bool("quiet") {
		fmt.Fprintln(e.stderr, report.SummaryLine(res))
	}
	if cmd.Bool("exit-zero") {
		s.failOn = rules.Critical + 1
	}
	return exitStatus(res, s.failOn)
}

// settings is what a scan takes from its flags and configuration file.
type settings struct {
	cfg      *config.Config
	selected []*rules.Rule
	failOn   rules.Severity
	baseline string      // file path, "" for none
	tfDir    string      // overrides --tf-dir
	custom   *custom.Set // custom Rego rules (in selected too); nil for none
}

// settings reads the flags and the configuration file, looked for from
// configFrom (a scanned path) upward.
func (e *env) settings(cmd *cli.Command, configFrom string) (*settings, error) {
	cfg, err := loadConfig(cmd, configFrom)
	if err != nil {
		return nil, err
	}
	if cmd.Bool("verbose") {
		e.note(cmd, configNote(cfg))
	}
	set, all, err := customRules(cmd, cfg)
	if err != nil {
		return nil, err
	}
	failOnName := cmd.String("fail-on")
	if !cmd.IsSet("fail-on") && cfg.FailOn != "" {
		failOnName = cfg.FailOn
	}
	failOn, err := rules.ParseSeverity(failOnName)
	if err != nil {
		return nil, fmt.Errorf("--fail-on: %w", err)
	}
	include := cmd.StringSlice("rule")
	if len(include) == 0 {
		include = cfg.Rules.Enable
	}
	selected, err := rules.Select(all, include, append(cfg.Rules.Disable, cmd.StringSlice("skip-rule")...), cfg.OptIn()...)
	if err != nil {
		return nil, err
	}
	baselinePath := cmd.String("baseline")
	if baselinePath == "" {
		baselinePath = displayPath(cfg.BaselinePath())
	}
	return &settings{cfg: cfg, selected: cfg.ApplySeverity(selected), failOn: failOn, baseline: baselinePath, custom: set}, nil
}

// analyse loads the inputs, runs the rules, applies inline suppressions and
// the baseline, and returns the result with paths relative to cwd.
func (e *env) analyse(cmd *cli.Command, paths []string, s *settings, cwd string) (*report.Result, error) {
	var base *baseline.File
	if s.baseline != "" {
		b, err := baseline.Load(s.baseline)
		if err != nil {
			return nil, err
		}
		base = b
	}
	popts := parserOptions(cmd, e.stdin, s.cfg)
	if s.tfDir != "" {
		popts.Plan.TFDir = s.tfDir
	}
	prog := startProgress(e.stderr, progressWanted(e.stderr, cmd.Bool("quiet")), progressDelay)
	popts.Progress = func(done, total int) { prog.set("reading inputs: %d of %d", done, total) }
	inv, errs := parsers.Load(paths, popts)
	prog.set("running %d rules on %d identities and %d policies", len(s.selected), len(inv.Identities), len(inv.Policies))
	findings := rules.Group(rules.Run(inv, s.selected, s.cfg.RuleConfig()))
	prog.finish()
	if s.custom != nil {
		errs = append(errs, s.custom.Errors()...)
	}
	errs = append(errs, suppress.Apply(findings, inv.Ignores, s.selected, time.Now())...)
	res := &report.Result{Version: version, Rules: s.selected, Findings: findings, Errors: errs, Coverage: report.CoverageOf(inv)}
	relativize(res, cwd)
	if cmd.Bool("only-files") {
		res.Findings = onlyFiles(res.Findings, paths, cwd)
	}
	if base != nil {
		st := base.Apply(res.Findings, repositoryRoot(cwd), s.baseline)
		e.note(cmd, baselineNote(s.baseline, st))
	} else if cmd.Bool("verbose") {
		e.note(cmd, "no baseline")
	}
	return res, nil
}

// note writes a line for people on standard error, unless --quiet.
func (e *env) note(cmd *cli.Command, msg string) {
	if msg != "" && !cmd.Bool("quiet") {
		fmt.Fprintln(e.stderr, "iacscan:", msg)
	}
}

func baselineNote(path string, st baseline.Stats) string {
	msg := fmt.Sprintf("baseline %s: %s baselined", path, plural(st.Baselined, "finding"))
	if st.Stale > 0 {
		verb := "match"
		if st.Stale == 1 {
			verb = "matches"
		}
		msg += fmt.Sprintf("; %s no longer %s (fixed or changed: refresh it with iacscan baseline)", plural(st.Stale, "entry"), verb)
	}
	return msg
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, noun[:len(noun)-1])
	}
	return fmt.Sprintf("%d %ss", n, noun)
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

func configNote(cfg *config.Config) string {
	if cfg.Path == "" {
		return "no configuration file (" + config.FileName + ") found; using defaults"
	}
	return "configuration " + displayPath(cfg.Path)
}

// displayPath shows an absolute path relative to the working directory
// when it is below it.
func displayPath(p string) string {
	cwd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(p) {
		return p
	}
	if rel, err := filepath.Rel(cwd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
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

// repositoryRoot is the absolute path of the git repository cwd is in, else
// cwd: baselines record paths relative to it.
func repositoryRoot(cwd string) string {
	rel, err := sarifRoot("", cwd, nil)
	if err != nil {
		return cwd
	}
	return filepath.Join(cwd, rel)
}

// sarifRoot returns the path from cwd to the directory SARIF URIs are
// relative to: the flag; else the git repository enclosing cwd, or cwd,
// when the scanned paths are below it; else the repository enclosing the
// first scanned path, or that path (iacscan --format sarif /other/repo run
// from elsewhere would otherwise place every result outside the root).
func sarifRoot(flag, cwd string, paths []string) (string, error) {
	root := flag
	if root == "" {
		root = cmp.Or(gitRoot(cwd), cwd)
		if first, ok := firstOutside(root, paths); ok {
			base := first
			if info, err := os.Stat(first); err == nil && !info.IsDir() {
				base = filepath.Dir(first)
			}
			root = cmp.Or(gitRoot(base), base)
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
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// gitRoot is the directory holding .git at or above dir, or "".
func gitRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
		dir = filepath.Dir(dir)
	}
}

// firstOutside returns the first scanned path (absolute) not below root.
func firstOutside(root string, paths []string) (string, bool) {
	for _, p := range paths {
		if p == "-" {
			continue
		}
		abs, err := filepath.Abs(p)
		if err == nil && !safefile.Within(root, abs) {
			return abs, true
		}
	}
	return "", false
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
