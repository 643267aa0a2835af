package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/internal/repository"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/report"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/scan"
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

// input is what the input flags say.
func (e *env) input(cmd *cli.Command) scan.Input {
	return scan.Input{
		Stdin:         e.stdin,
		Vars:          cmd.StringMap("var"),
		VarFiles:      cmd.StringSlice("var-file"),
		CFNParams:     cmd.StringMap("cfn-param"),
		CFNParamFiles: cmd.StringSlice("cfn-params-file"),
		TFDir:         cmd.String("tf-dir"),
		Root:          cmd.String("root"),
		ChangedOnly:   cmd.Bool("changed-only"),
		MaxFileSize:   maxFileSize(cmd),
		OnlyFiles:     cmd.Bool("only-files"),
		SkipPaths:     cmd.StringSlice("skip-path"),
		AllowEmpty:    cmd.Bool("allow-empty"),
	}
}

// request is the run the flags ask for, with the configuration looked for
// from configFrom (a scanned path) upward. A command that runs rules has
// withRules.
func (e *env) request(cmd *cli.Command, configFrom string, withRules bool) scan.Request {
	req := scan.Request{
		Version:    version,
		ConfigFile: cmd.String("config"),
		ConfigFrom: configFrom,
		Input:      e.input(cmd),
	}
	if cmd.Bool("verbose") {
		req.Note = func(msg string) { e.note(cmd, msg) }
	}
	if withRules {
		req.Rules = &scan.RuleRequest{
			Policies: cmd.StringSlice("policy"),
			Enable:   cmd.StringSlice("rule"),
			Disable:  cmd.StringSlice("skip-rule"),
			Baseline: cmd.String("baseline"),
		}
		if cmd.IsSet("fail-on") {
			req.Rules.FailOn = cmd.String("fail-on")
		}
	}
	return req
}

// maxFileSize is the --max-file-size limit (validated by the flag).
func maxFileSize(cmd *cli.Command) int64 {
	n, _ := safefile.ParseSize(cmd.String("max-file-size"))
	return n
}

// defaultFailOn is the severity a scan fails on without --fail-on or
// fail_on; iacscan init writes it.
const defaultFailOn = scan.DefaultFailOn

func scanFlags() []cli.Flag {
	return append(inputFlags(),
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text",
			Usage: "output format: " + strings.Join(report.Formats(), ", ")},
		&cli.StringSliceFlag{Name: "output", Aliases: []string{"o"},
			Usage: "write the report to `FILE`; FORMAT=FILE writes another format too, FORMAT alone to standard output (repeatable)"},
		&cli.StringFlag{Name: "fail-on", Value: defaultFailOn,
			Usage: "exit 1 when a finding has this `SEVERITY` or higher (info, low, medium, high, critical)"},
		&cli.BoolFlag{Name: "exit-zero", Usage: "exit 0 even when there are findings (input errors still exit 2)"},
		&cli.BoolFlag{Name: "allow-empty", Usage: "succeed when the paths hold no input at all (else that exits 2: nothing was scanned)"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "findings only: no summary line, no notes on standard error"},
		&cli.StringFlag{Name: "baseline", Usage: "report only findings not in the baseline `FILE` (made by: iacscan baseline)"},
		&cli.BoolFlag{Name: "only-files", Usage: "report only findings located in the files named as paths or with a related location there (their modules are still evaluated whole); named files that are no IAM input are passed over, as in a directory"},
		&cli.StringSliceFlag{Name: "severity", Usage: "show only findings of these `SEVERITIES` (comma-separated or repeated; --fail-on still judges every finding)"},
		&cli.StringSliceFlag{Name: "skip-path", Usage: "do not scan paths matching `GLOB`, relative to the working directory (** for any depth; repeatable; beside skip_paths)"},
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
	req := e.request(cmd, in.configFrom, true)
	s, err := scan.Resolve(req)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	outs, err := parseOutputs(cmd.String("format"), cmd.StringSlice("output"))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	shown, err := severities(cmd.StringSlice("severity"))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	cwd := s.WorkDir
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
		Notes:    e.stderr,
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
	if in.tfDir != "" {
		s.Input.TFDir = in.tfDir
	}
	res, err := e.run(cmd, paths, s)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	status := res.Status() // of every finding, shown or not
	res.FailOn = &s.FailOn
	if shown != nil {
		res.Findings, res.Hidden = showOnly(res.Findings, shown)
	}
	if err := outs.write(e.stdout, writers, &res.Result); err != nil {
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
		fmt.Fprintln(e.stderr, report.SummaryLine(&res.Result))
	}
	if status == scan.Failed && cmd.Bool("exit-zero") {
		status = scan.Clean
	}
	return exitFor(status)
}

// run runs the scan, showing progress on a terminal, and says which
// baseline was used.
func (e *env) run(cmd *cli.Command, paths []string, s *scan.Settings) (*scan.Result, error) {
	prog := startProgress(e.stderr, progressWanted(e.stderr, cmd.Bool("quiet")), progressDelay)
	s.Input.Progress = func(done, total int) { prog.set("reading inputs: %d of %d", done, total) }
	res, err := scan.Run(paths, s, scan.Hooks{Checking: func(rules, identities, policies int) {
		prog.set("running %d rules on %d identities and %d policies", rules, identities, policies)
	}})
	prog.finish()
	if err != nil {
		return nil, err
	}
	if res.Baseline != nil {
		e.note(cmd, baselineNote(s.Baseline, res.Baseline.Baselined, res.Baseline.Stale))
	} else if cmd.Bool("verbose") {
		e.note(cmd, "no baseline")
	}
	return res, nil
}

// exitFor is the exit code of a status.
func exitFor(st scan.Status) error {
	switch st {
	case scan.Incomplete:
		return cli.Exit("", exitError)
	case scan.Failed:
		return cli.Exit("", exitFindings)
	}
	return nil
}

// note writes a line for people on standard error, unless --quiet.
func (e *env) note(cmd *cli.Command, msg string) {
	if msg != "" && !cmd.Bool("quiet") {
		fmt.Fprintln(e.stderr, "iacscan:", printable.Lines(msg))
	}
}

func baselineNote(path string, baselined, stale int) string {
	msg := fmt.Sprintf("baseline %s: %s baselined", path, plural(baselined, "finding"))
	if stale > 0 {
		verb := "match"
		if stale == 1 {
			verb = "matches"
		}
		msg += fmt.Sprintf("; %s no longer %s (fixed or changed: refresh it with iacscan baseline)", plural(stale, "entry"), verb)
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

// sarifRoot returns the path from cwd to the directory SARIF URIs are
// relative to: the flag; else the git repository enclosing cwd, or cwd,
// when the scanned paths are below it; else the repository enclosing the
// first scanned path, or that path (iacscan --format sarif /other/repo run
// from elsewhere would otherwise place every result outside the root).
func sarifRoot(flag, cwd string, paths []string) (string, error) {
	root := flag
	if root == "" {
		root = cmp.Or(repository.Root(cwd), cwd)
		if first, ok := firstOutside(root, paths); ok {
			base := first
			if info, err := os.Stat(first); err == nil && !info.IsDir() {
				base = filepath.Dir(first)
			}
			root = cmp.Or(repository.Root(base), base)
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

// severities parses --severity: names, comma-separated or repeated; nil
// for all.
func severities(values []string) (map[rules.Severity]bool, error) {
	if len(values) == 0 {
		return nil, nil
	}
	set := map[rules.Severity]bool{}
	for _, v := range values {
		for name := range strings.SplitSeq(v, ",") {
			sev, err := rules.ParseSeverity(strings.TrimSpace(name))
			if err != nil {
				return nil, fmt.Errorf("--severity: %w", err)
			}
			set[sev] = true
		}
	}
	return set, nil
}

// showOnly keeps the findings of the shown severities, and counts the
// active ones left out.
func showOnly(findings []*rules.Finding, shown map[rules.Severity]bool) ([]*rules.Finding, int) {
	var kept []*rules.Finding
	hidden := 0
	for _, f := range findings {
		switch {
		case shown[f.Rule.Severity]:
			kept = append(kept, f)
		case f.Suppressed == nil:
			hidden++
		}
	}
	return kept, hidden
}
