package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/scan"
)

// policyFlag adds custom Rego rules to a command.
func policyFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "policy", Usage: "load custom Rego rules from `DIR` (repeatable; also: policies in .iacscan.yml)"}
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
	return scan.Catalogue(version, cmd.String("config"), cmd.StringSlice("policy"))
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
			results, err := scan.TestPolicies(ctx, version, dirs)
			if err != nil {
				return cli.Exit(err.Error(), exitError)
			}
			return e.printTests(results, cmd.Bool("verbose"))
		},
	}
}

func (e *env) printTests(results []scan.TestResult, verbose bool) error {
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
