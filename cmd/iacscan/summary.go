package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/scan"
	"github.com/iacscan/iacscan/summary"
)

// summaryCommand is `iacscan summary PATH...`: per principal, the access
// levels each service grants — AWS's policy summary, before deploy.
func (e *env) summaryCommand() *cli.Command {
	return &cli.Command{
		Name:      "summary",
		Usage:     "summarise each principal's effective permissions by service and access level",
		ArgsUsage: "PATH...",
		Description: "For every user, group and role (and every policy whose holder is not in the scan), lists the\n" +
			"access levels each service grants — List, Read, Write, Permissions management, Tagging —\n" +
			"full or limited, on all resources or some, and whether only under conditions.\n" +
			"Text shows principals with identical permissions once, one line per access level with\n" +
			"services granting alike merged, and counts what it merged; --full lists each apart.\n" +
			"Exit codes: 0 done, 2 an input could not be read completely.",
		Flags: append(inputFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + strings.Join(summary.Formats, ", ")},
			outputFlag(),
			&cli.StringSliceFlag{Name: "principal", Usage: "only principals whose ID matches `PATTERN` (glob such as 'module.app.*'; repeatable)"},
			&cli.BoolFlag{Name: "full", Usage: "text: every principal apart, one line per service and access level"},
			&cli.StringSliceFlag{Name: "service", Usage: "only services whose prefix matches `PATTERN` (s3, 'ec2*'; repeatable)"},
		),
		Action: e.summary,
	}
}

func (e *env) summary(ctx context.Context, cmd *cli.Command) error {
	paths := cmd.Args().Slice()
	if len(paths) == 0 {
		return cli.Exit("no path to summarise (try: iacscan summary .)", exitError)
	}
	format := cmd.String("format")
	if !slices.Contains(summary.Formats, format) {
		return cli.Exit(fmt.Sprintf("--format: unknown summary format %q (want one of %s)", format, strings.Join(summary.Formats, ", ")), exitError)
	}
	s, err := scan.Resolve(e.request(cmd, paths[0], false))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	loaded := scan.Load(paths, s)
	sum := summary.Build(loaded.Analysis())
	if err := sum.Filter(cmd.StringSlice("principal"), cmd.StringSlice("service")); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	write := func(w io.Writer) error { return summary.Write(w, sum, format, summary.Options{Full: cmd.Bool("full")}) }
	if err := writeOutput(e.stdout, cmd.String("output"), write); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	return inputErrors(e.stderr, loaded)
}

// inputErrors prints input errors and warnings; errors that are not
// warnings make the summary incomplete (exit 2).
func inputErrors(w io.Writer, loaded *scan.Loaded) error {
	for _, err := range loaded.Errors {
		fmt.Fprintln(w, "iacscan:", printable.String(err.Error()))
	}
	return exitFor(loaded.Status())
}
