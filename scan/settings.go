package scan

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/config"
	"github.com/iacscan/iacscan/custom"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/rules"
)

// Request is what a command asks of a run, as its flags say it; Resolve
// completes it with the configuration file.
type Request struct {
	// Version is iacscan's version, for reports and custom rules.
	Version string
	// ConfigFile is --config; "" looks for .iacscan.yml from ConfigFrom
	// (the first scanned path) upward, up to the repository root.
	ConfigFile, ConfigFrom string
	// Input says how to read the inputs.
	Input Input
	// Rules is what the rules need; nil for a command that runs none
	// (summary, export, can, who-can), which reads only skip_paths.
	Rules *RuleRequest
	// Note, when set, is told which configuration was used.
	Note func(msg string)
	// WorkDir is the directory reported paths are relative to; "" for the
	// process's working directory (a language server's is its workspace).
	WorkDir string
}

// RuleRequest is what a command that runs rules asks for.
type RuleRequest struct {
	Policies []string // --policy: custom Rego rule directories, beside the configuration's
	Enable   []string // --rule: replaces the configuration's enable list
	Disable  []string // --skip-rule: added to the configuration's disable list
	FailOn   string   // --fail-on; "" for the configuration's, else DefaultFailOn
	Baseline string   // --baseline; "" for the configuration's
}

// Input says how to read the inputs: the flags shared by every command
// that reads them.
type Input struct {
	Stdin         io.Reader         // read for the path "-"
	Vars          map[string]string // --var
	VarFiles      []string          // --var-file
	CFNParams     map[string]string // --cfn-param
	CFNParamFiles []string          // --cfn-params-file
	TFDir         string            // --tf-dir: the configuration a plan was made from
	Root          string            // --root: what Terraform may read files and modules from
	ChangedOnly   bool              // --changed-only
	MaxFileSize   int64             // --max-file-size; 0 for the default
	// SkipPaths (--skip-path) are globs like the configuration's
	// skip_paths, relative to the working directory.
	SkipPaths []string
	// OnlyFiles (--only-files) treats named files as found in a walk and
	// reports only the findings located in them.
	OnlyFiles bool
	// AllowEmpty (--allow-empty) lets a run that reads no input at all
	// succeed; else it is incomplete: a green pipeline on code never read
	// is worse than a red one.
	AllowEmpty bool
	// Progress, when set, is told how many inputs are read (see
	// parsers.Options.Progress).
	Progress func(done, total int)
	// Overlay is read instead of the files it holds: an editor's unsaved
	// buffers (the language server), within the scan root and size limit.
	Overlay safefile.Overlay

	prior bool // a plan's prior state instead of its planned values (diff)
	// workDir is the directory plans keep to when their configuration's is
	// unknown (the working directory; rebased for diff --base).
	workDir string
}

// Settings is a run's resolved settings: from the flags, else the
// configuration file, else the defaults.
type Settings struct {
	Version string
	Config  *config.Config // never nil; empty without a file
	Input   Input
	Rules   []*rules.Rule  // the selected rules, built-in and custom, with severity overrides
	FailOn  rules.Severity // a finding at or above it fails the run
	// Baseline is the baseline file, relative to the working directory;
	// "" for none.
	Baseline string
	// WorkDir is the working directory: reported paths are relative to
	// it, and the repository it is in is the baselines' root.
	WorkDir string

	custom *custom.Set // the custom rules (in Rules too); nil for none
}

// DefaultFailOn is the severity a run fails on without --fail-on or
// fail_on.
const DefaultFailOn = "high"

// Never is a FailOn no finding reaches (--exit-zero).
const Never = rules.Critical + 1

// Resolve reads the configuration file and settles every setting. A bad
// flag or configuration is an error before any input is read.
func Resolve(req Request) (*Settings, error) {
	cwd := req.WorkDir
	if cwd == "" {
		var err error
		if cwd, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	cfg, err := findConfig(req.ConfigFile, req.ConfigFrom)
	if err != nil {
		return nil, err
	}
	if req.Note != nil {
		req.Note(configNote(cfg))
	}
	s := &Settings{Version: req.Version, Config: cfg, Input: req.Input, WorkDir: cwd}
	s.Input.workDir = cwd
	if _, _, err := skipPaths(cfg.Dir(), cfg.SkipPaths, cwd, req.Input.SkipPaths); err != nil {
		return nil, fmt.Errorf("--skip-path: %w", err)
	}
	if req.Rules == nil {
		return s, nil
	}
	r := req.Rules
	set, all, err := customRules(r.Policies, cfg, req.Version, cwd)
	if err != nil {
		return nil, err
	}
	failOnName := cmp.Or(r.FailOn, cfg.FailOn, DefaultFailOn)
	if s.FailOn, err = rules.ParseSeverity(failOnName); err != nil {
		return nil, fmt.Errorf("--fail-on: %w", err)
	}
	include := r.Enable
	if len(include) == 0 {
		include = cfg.Rules.Enable
	}
	selected, err := rules.Select(all, include, append(cfg.Rules.Disable, r.Disable...), cfg.OptIn()...)
	if err != nil {
		return nil, err
	}
	s.Rules, s.custom = cfg.ApplySeverity(selected), set
	s.Baseline = r.Baseline
	if s.Baseline == "" {
		s.Baseline = displayPath(cfg.BaselinePath(), cwd)
	}
	return s, nil
}

// Catalogue returns the built-in rules and the custom ones of policies and
// of the configuration found from the working directory (configFile, when
// set), for the commands that scan nothing (rules, explain).
func Catalogue(version, configFile string, policies []string) ([]*rules.Rule, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	cfg, err := findConfig(configFile, ".")
	if err != nil {
		return nil, err
	}
	_, all, err := customRules(policies, cfg, version, cwd)
	return all, err
}

// TestResult is the outcome of one custom rule test.
type TestResult = custom.TestResult

// TestPolicies runs every test_ rule of the _test.rego files under dirs,
// with the custom rules loaded as a scan loads them (metadata checked,
// library and built-ins available).
func TestPolicies(ctx context.Context, version string, dirs []string) ([]TestResult, error) {
	set, err := custom.Load(dirs, rules.All, custom.Options{Version: version})
	if err != nil {
		return nil, err
	}
	if !set.HasTests() {
		return nil, fmt.Errorf("no _test.rego file under %v", dirs)
	}
	return set.Test(ctx)
}

// findConfig reads file, or .iacscan.yml found from the first path upward;
// no file means defaults.
func findConfig(file, firstPath string) (*config.Config, error) {
	path := file
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
	cwd, _ := os.Getwd()
	return "configuration " + displayPath(cfg.Path, cwd)
}

// customRules loads the custom rules of policies and the configuration's,
// and returns them with the built-in rules: the catalogue a command works
// with. The set is nil when there are no policy directories.
func customRules(policies []string, cfg *config.Config, version, cwd string) (*custom.Set, []*rules.Rule, error) {
	dirs := append(policies, cfg.PolicyDirs()...)
	if len(dirs) == 0 {
		return nil, rules.All, cfg.CheckRules(rules.All)
	}
	set, err := custom.Load(dirs, rules.All, custom.Options{Version: version, Path: relativeTo(cwd), OrgIDs: cfg.OrgIDs})
	if err != nil {
		return nil, nil, err
	}
	all := append(append([]*rules.Rule(nil), rules.All...), set.Rules()...)
	if err := cfg.CheckRules(all); err != nil {
		return nil, nil, err
	}
	return set, all, nil
}

// displayPath shows an absolute path relative to cwd when it is below it.
func displayPath(p, cwd string) string {
	if cwd == "" || !filepath.IsAbs(p) {
		return p
	}
	if rel, err := filepath.Rel(cwd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
