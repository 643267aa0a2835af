package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/config"
	"github.com/iacscan/iacscan/custom"
	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/rules"
)

// policyFlag adds custom Rego rules to a command.
func policyFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "policy", Usage: "load custom Rego rules from `DIR` (repeatable; also: policies in .iacscan.yml)"}
}

// customRules loads the custom rules of --policy and the configuration's
// policies, and returns them with the built-in rules: the catalogue a
// command works with. The set is nil when there are no policy directories.
func customRules(cmd *cli.Command, cfg *config.Config) (*custom.Set, []*rules.Rule, error) {
	dirs := append(cmd.StringSlice("policy"), cfg.PolicyDirs()...)
	if len(dirs) == 0 {
		return nil, rules.All, cfg.CheckRules(rules.All)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, nil, err
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

// catalogueFlags are the flags of the commands that show rules.
func catalogueFlags() []cli.Flag {
	return []cli.Flag{
		policyFlag(),
		&cli.StringFlag{Name: "config", Aliases: []string{"c"},
			Usage: "read policies from `FILE` (default: .iacscan.yml in the working directory or above)"},
	}
}

// catalogue returns the built-in rules and the custom ones of --policy and
// of the configuration found from the working directory, for the commands
// that scan nothing (rules, explain).
func catalogue(cmd *cli.Command) ([]*rules.Rule, error) {
	cfg, err := loadConfig(cmd, ".")
	if err != nil {
		return nil, err
	}
	_, all, err := customRules(cmd, cfg)
	return all, err
}

// testPoliciesCommand is `iacscan test-policies DIR...`: the custom rules'
// _test.rego files, run with iacscan's library and built-ins.
func (e *env) testPoliciesCommand() *cli.Command {
	return &cli.Command{
		Name:      "test-policies",
		Usage:     "run the _test.rego tests of custom Rego rules",
		ArgsUsage: "DIR...",
		Description: "Loads the rules as a scan does (metadata checked, library and built-ins available) and runs every\n" +
			"test_ rule of the _test.rego files under DIR. Exit codes: 0 all passed, 1 a test failed,\n" +
			"2 the policies could not be loaded (syntax, type or metadata error, with file and line).",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list passing tests too"},
		},
		OnUsageError: usageError,
		Action: func(ctx context.Context, cmd *cli.Command) error {
			dirs := cmd.Args().Slice()
			if len(dirs) == 0 {
				return cli.Exit("no policy directory (try: iacscan test-policies policies/)", exitError)
			}
			set, err := custom.Load(dirs, rules.All, custom.Options{Version: version})
			if err != nil {
				return cli.Exit(err.Error(), exitError)
			}
			if !set.HasTests() {
				return cli.Exit("no _test.rego file under "+fmt.Sprint(dirs), exitError)
			}
			results, err := set.Test(ctx)
			if err != nil {
				return cli.Exit(err.Error(), exitError)
			}
			return e.printTests(results, cmd.Bool("verbose"))
		},
	}
}

func (e *env) printTests(results []custom.TestResult, verbose bool) error {
	passed, failed, skipped := 0, 0, 0
	for _, r := range results {
		where := printable.String(fmt.Sprintf("%s:%d", filepath.ToSlash(r.File), r.Line))
		switch {
		case r.Skipped:
			skipped++
			if verbose {
				fmt.Fprintf(e.stdout, "SKIP %s (%s)\n", r.Name, where)
			}
		case r.Passed:
			passed++
			if verbose {
				fmt.Fprintf(e.stdout, "PASS %s (%s)\n", r.Name, where)
			}
		case r.Error != "":
			failed++
			fmt.Fprintf(e.stdout, "ERROR %s (%s): %s\n", r.Name, where, printable.String(r.Error))
		default:
			failed++
			fmt.Fprintf(e.stdout, "FAIL %s (%s)\n", r.Name, where)
		}
	}
	fmt.Fprintf(e.stdout, "policy tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if failed > 0 {
		return cli.Exit("", exitFindings)
	}
	return nil
}
