package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"
)

// planCommand runs terraform plan in a directory and scans the plan with the
// configuration beside it: what will really be deployed, module outputs and
// data sources resolved.
func (e *env) planCommand() *cli.Command {
	flags := slices.DeleteFunc(scanFlags(), func(f cli.Flag) bool {
		return f.Names()[0] == "tf-dir" || f.Names()[0] == "only-files"
	})
	return &cli.Command{
		Name:      "plan",
		Usage:     "run terraform plan in DIR and scan the plan; this RUNS THE CODE OF DIR: never on untrusted code (a pull request from a fork)",
		ArgsUsage: "[DIR]",
		Description: "Runs terraform plan -out and terraform show -json in DIR (default: the\n" +
			"working directory) in a temporary directory it removes afterwards, then\n" +
			"scans the plan with the .tf files of DIR. --var and --var-file are passed\n" +
			"to terraform plan too. Exit codes as for scan.\n\n" +
			"terraform plan executes code the directory chooses: the providers it\n" +
			"installs (or finds committed under .terraform/), data \"external\" programs,\n" +
			"and a CLI configuration (TF_CLI_CONFIG_FILE, .terraformrc) that overrides\n" +
			"where providers come from. Run it only on code you trust, with no\n" +
			"credentials it could steal; on pull requests, scan the .tf files (iacscan\n" +
			"DIR), which reads them without running anything. A .terraform directory\n" +
			"tracked by git is refused: provider binaries there would run as they are.",
		Flags:        flags,
		OnUsageError: usageError,
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 1 {
				return cli.Exit("plan takes one directory", exitError)
			}
			dir := cmd.Args().First()
			if dir == "" {
				dir = "."
			}
			tmp, err := os.MkdirTemp("", "iacscan-plan-")
			if err != nil {
				return cli.Exit(err.Error(), exitError)
			}
			defer os.RemoveAll(tmp)
			return e.scanInputs(cmd, scanInput{
				configFrom: dir,
				tfDir:      dir,
				paths: func() ([]string, error) {
					plan, err := e.terraformPlan(ctx, cmd, dir, tmp)
					return []string{plan}, err
				},
			})
		},
	}
}

// terraformPlan writes the JSON plan of dir into tmp and returns its path.
func (e *env) terraformPlan(ctx context.Context, cmd *cli.Command, dir, tmp string) (string, error) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("terraform is not on PATH; install it, or scan a saved plan: " +
			"terraform show -json plan.out > plan.json && iacscan plan.json")
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return "", fmt.Errorf("%s is not a directory", dir)
	}
	if tracked, err := trackedTerraformDir(ctx, dir); err != nil {
		return "", err
	} else if tracked != "" {
		return "", fmt.Errorf("%s is tracked by git: terraform plan would run the provider binaries and modules committed there; "+
			"iacscan plan refuses it (scan the .tf files instead: iacscan %s)", tracked, dir)
	}
	planOut := filepath.Join(tmp, "plan.out")
	args := []string{"-chdir=" + dir, "plan", "-input=false", "-lock=false", "-no-color", "-out=" + planOut}
	for _, f := range cmd.StringSlice("var-file") {
		abs, err := filepath.Abs(f)
		if err != nil {
			return "", err
		}
		args = append(args, "-var-file="+abs)
	}
	vars := cmd.StringMap("var")
	names := make([]string, 0, len(vars))
	for name := range vars {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		args = append(args, "-var", name+"="+vars[name])
	}
	if _, err := e.terraform(ctx, cmd, tf, args...); err != nil {
		if errors.Is(err, errNotInitialised) {
			return "", fmt.Errorf("%s: terraform init has not been run here, or is out of date; run: terraform -chdir=%s init", dir, dir)
		}
		return "", err
	}
	plan, err := e.terraform(ctx, cmd, tf, "-chdir="+dir, "show", "-json", "-no-color", planOut)
	if err != nil {
		return "", err
	}
	planJSON := filepath.Join(tmp, "plan.json")
	if err := os.WriteFile(planJSON, plan, 0o600); err != nil {
		return "", err
	}
	return planJSON, nil
}

// trackedTerraformDir returns the path of dir's .terraform directory when
// git tracks a file in it ("" when it does not, or dir is in no git
// repository): what a commit put there is code terraform plan runs.
func trackedTerraformDir(ctx context.Context, dir string) (string, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", nil
	}
	c := exec.CommandContext(ctx, "git", "-C", dir, "ls-files", "-z", "--", ".terraform")
	out, err := c.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return "", nil // not a git work tree
	}
	if err != nil {
		return "", fmt.Errorf("git ls-files in %s: %w", dir, err)
	}
	if len(out) == 0 {
		return "", nil
	}
	return filepath.Join(dir, ".terraform"), nil
}

// errNotInitialised is terraform failing because terraform init is needed.
var errNotInitialised = errors.New("terraform init needed")

// terraform runs terraform and returns its standard output. Its messages go
// to standard error with --verbose, and always when it fails.
func (e *env) terraform(ctx context.Context, cmd *cli.Command, tf string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	c := exec.CommandContext(ctx, tf, args...)
	c.Stdout, c.Stderr = &stdout, &stderr
	if cmd.Bool("verbose") {
		e.note(cmd, "running terraform "+strings.Join(args, " "))
	}
	err := c.Run()
	if err != nil || cmd.Bool("verbose") {
		if args[1] != "show" || err != nil {
			e.stderr.Write(stdout.Bytes())
		}
		e.stderr.Write(stderr.Bytes())
	}
	if err != nil {
		if strings.Contains(stderr.String()+stdout.String(), "terraform init") {
			return nil, errNotInitialised
		}
		return nil, fmt.Errorf("terraform %s failed: %w", args[1], err)
	}
	return stdout.Bytes(), nil
}
