package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/diff"
	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/scan"
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
			outputFlag(),
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
	failOn := scan.Never
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
	req := e.request(cmd, paths[0], true)
	s, err := scan.Resolve(req)
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	var d *scan.Diff
	if base != "" {
		d, err = scan.DiffBase(ctx, base, paths, s)
	} else {
		d, err = scan.DiffPlan(paths[0], s)
	}
	if errors.Is(err, errInterrupted) {
		return cli.Exit(err.Error(), exitInterrupted)
	}
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	for _, err := range d.Errors {
		fmt.Fprintf(e.stderr, "iacscan: %s\n", printable.Lines(err.Error()))
	}
	write := func(w io.Writer) error { return diff.Write(w, d.Report, format) }
	if err := writeOutput(e.stdout, cmd.String("output"), write); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	return exitFor(d.Status(failOn))
}
