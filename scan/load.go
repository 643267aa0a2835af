package scan

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/parsers/cloudformation"
	"github.com/iacscan/iacscan/parsers/plan"
	"github.com/iacscan/iacscan/parsers/terraform"
)

// StdinName is the file name findings in standard input are reported under.
const StdinName = parsers.StdinName

// Loaded is the inputs of a run, read and linked.
type Loaded struct {
	Inventory *model.Inventory
	// Errors are the input errors and warnings (*model.InputError where
	// the file is known), sorted by file and line.
	Errors []error

	analysis func() *iam.Analysis
}

// Load reads the inputs under paths with the settings' input options and
// the configuration's skip_paths.
func Load(paths []string, s *Settings) *Loaded {
	opts, err := s.parserOptions()
	if err != nil {
		// Resolve checked this; a working directory removed since then.
		// Scanning without the skips would report what was to be skipped.
		inv := emptyInventory()
		return &Loaded{Inventory: inv, Errors: []error{&model.InputError{Message: err.Error()}}, analysis: sync.OnceValue(func() *iam.Analysis {
			return iam.Analyze(inv, iam.Default())
		})}
	}
	inv, errs := parsers.Load(paths, opts)
	return &Loaded{Inventory: inv, Errors: errs, analysis: sync.OnceValue(func() *iam.Analysis {
		return iam.Analyze(inv, iam.Default())
	})}
}

// Analysis is the inputs' effective permissions, computed on first use.
func (l *Loaded) Analysis() *iam.Analysis { return l.analysis() }

// Status is Incomplete when an input could not be read completely, else
// Clean.
func (l *Loaded) Status() Status {
	if incomplete(l.Errors) {
		return Incomplete
	}
	return Clean
}

// IsWarning reports whether an input error is only a warning: the input
// was read, something in it deserves a look.
func IsWarning(err error) bool {
	var ie *model.InputError
	return errors.As(err, &ie) && ie.Warning
}

// incomplete reports whether one of errs is not a warning.
func incomplete(errs []error) bool {
	for _, err := range errs {
		if !IsWarning(err) {
			return true
		}
	}
	return false
}

// parserOptions are the loader's options for the settings.
func (s *Settings) parserOptions() (parsers.Options, error) {
	in := s.Input
	skipRoot, skip, err := skipPaths(s.Config.Dir(), s.Config.SkipPaths, in.workDir, in.SkipPaths)
	if err != nil {
		return parsers.Options{}, fmt.Errorf("--skip-path: %w", err)
	}
	return parsers.Options{
		Stdin:        in.Stdin,
		SkipPaths:    skip,
		SkipRoot:     skipRoot,
		FilesAsFound: in.OnlyFiles,
		MaxFileSize:  in.MaxFileSize,
		Overlay:      in.Overlay,
		Progress:     in.Progress,
		Terraform: terraform.Options{
			Vars:        in.Vars,
			VarFiles:    in.VarFiles,
			Env:         os.Environ(),
			SandboxRoot: in.Root,
		},
		Plan: plan.Options{
			TFDir:       in.TFDir,
			ChangedOnly: in.ChangedOnly,
			Prior:       in.prior,
			WorkDir:     in.workDir,
		},
		CloudFormation: cloudformation.Options{
			Params:     in.CFNParams,
			ParamFiles: in.CFNParamFiles,
		},
		Accounts:        s.Config.AccountMappings(),
		OrgIDs:          s.Config.OrgIDs,
		TrustedAccounts: s.Config.TrustedAccounts,
	}, nil
}

// relativeTo returns a function making paths relative to cwd with forward
// slashes, the form every report uses.
func relativeTo(cwd string) func(string) string {
	return func(p string) string {
		if p == StdinName {
			return p
		}
		if filepath.IsAbs(p) {
			if r, err := filepath.Rel(cwd, p); err == nil {
				p = r
			}
		}
		return filepath.ToSlash(filepath.Clean(p))
	}
}

// RelativeTo is relativeTo for the working directory, for the reports
// that name files (export).
func (s *Settings) RelativeTo() func(string) string { return relativeTo(s.WorkDir) }

// skipPaths puts the configuration's skip_paths (relative to its directory)
// and --skip-path (relative to the working directory) under one root: the
// one of the two directories that holds the other, else the volume's root.
// Where that cannot be known (no absolute working directory), it is an
// error: the flag's paths would not be skipped.
func skipPaths(configDir string, configured []string, workDir string, flagged []string) (string, []string, error) {
	switch {
	case len(flagged) == 0:
		return configDir, configured, nil
	case configDir == "" || len(configured) == 0:
		return workDir, flagged, nil
	}
	absConfig, err := filepath.Abs(configDir)
	if err != nil {
		return "", nil, fmt.Errorf("the configuration's directory %s: %w", configDir, err)
	}
	absWork, err := filepath.Abs(workDir)
	if err != nil {
		return "", nil, fmt.Errorf("the working directory %s: %w", workDir, err)
	}
	if rel, err := filepath.Rel(absConfig, absWork); err == nil && safefile.Within(absConfig, absWork) {
		return configDir, append(slices.Clone(configured), under(filepath.ToSlash(rel), flagged)...), nil
	}
	if rel, err := filepath.Rel(absWork, absConfig); err == nil && safefile.Within(absWork, absConfig) {
		return workDir, append(under(filepath.ToSlash(rel), configured), flagged...), nil
	}
	top := filepath.VolumeName(absConfig) + string(filepath.Separator)
	fromTop := func(dir string) string {
		rel, _ := filepath.Rel(top, dir) // both absolute on one volume
		return filepath.ToSlash(rel)
	}
	return top, append(under(fromTop(absConfig), configured), under(fromTop(absWork), flagged)...), nil
}

// under prefixes each pattern with dir ("." for none).
func under(dir string, patterns []string) []string {
	out := make([]string, len(patterns))
	for i, p := range patterns {
		out[i] = p
		if dir != "." {
			out[i] = dir + "/" + p
		}
	}
	return out
}
