package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/scan"
)

// baselineCommand records today's findings, so that later scans with
// --baseline report only new ones.
func (e *env) baselineCommand() *cli.Command {
	flags := slices.DeleteFunc(scanFlags(), func(f cli.Flag) bool {
		switch f.Names()[0] {
		case "format", "fail-on", "exit-zero", "baseline", "sarif-category", "sarif-root", "no-color":
			return true
		}
		return false
	})
	return &cli.Command{
		Name:      "baseline",
		Usage:     "record today's findings, so that scans with --baseline report only new ones",
		ArgsUsage: "PATH...",
		Description: "Writes the baseline (sorted JSON, one entry per finding) to standard output or --output:\n" +
			"  iacscan baseline . > .iacscan-baseline.json\n" +
			"  iacscan --baseline .iacscan-baseline.json .\n" +
			"Findings are matched by fingerprint, which survives line moves and reformatting.\n" +
			"Exit codes: 0 written, 2 the scan could not be done completely (written without what could not be read).",
		Flags:        flags,
		OnUsageError: usageError,
		Action:       e.baseline,
	}
}

func (e *env) baseline(ctx context.Context, cmd *cli.Command) error {
	paths := cmd.Args().Slice()
	if len(paths) == 0 {
		return cli.Exit("no path to scan (try: iacscan baseline . > .iacscan-baseline.json)", exitError)
	}
	if len(cmd.StringSlice("output")) > 1 {
		return cli.Exit("--output: a baseline is written to one file", exitError)
	}
	req := e.request(cmd, paths[0], true)
	s, err := scan.Resolve(req)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	s.Baseline = "" // a baseline records every finding
	res, err := e.run(cmd, paths, s)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	b := res.NewBaseline(s)
	path := ""
	if o := cmd.StringSlice("output"); len(o) == 1 {
		path = o[0]
	}
	if err := writeOutput(e.stdout, path, b.Write); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	e.note(cmd, fmt.Sprintf("baseline of %s", plural(len(b.Findings), "finding")))
	// An incomplete scan makes a baseline without the findings of the
	// inputs it could not read: say which, and exit 2 as a scan would.
	if res.Status() == scan.Incomplete {
		n := 0
		for _, err := range res.Errors {
			if !scan.IsWarning(err) {
				fmt.Fprintln(e.stderr, printable.Lines(err.Error()))
				n++
			}
		}
		return cli.Exit(fmt.Sprintf("%s: the baseline lacks what these inputs hold", plural(n, "input error")), exitError)
	}
	return nil
}
