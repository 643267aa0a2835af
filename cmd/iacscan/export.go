package main

import (
	"context"
	"encoding/json"
	"io"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/export"
	"github.com/iacscan/iacscan/scan"
)

// exportCommand is `iacscan export PATH...`: the inventory as JSON, in the
// versioned shape of export/schema/v1.json (docs/export.md).
func (e *env) exportCommand() *cli.Command {
	return &cli.Command{
		Name:      "export",
		Usage:     "write the IAM model of the inputs as JSON (schema: docs/export.md)",
		ArgsUsage: "PATH...",
		Description: "Writes principals with their effective permissions, policies with parsed statements, attachments,\n" +
			"memberships and the other IAM resources, with source locations; values unknown before deploy are\n" +
			"marked. The shape is versioned (schema_version) and validated by export/schema/v1.json.\n" +
			"Exit codes: 0 done, 2 an input could not be read completely (the export is still written).",
		Flags: append(inputFlags(),
			outputFlag(),
			&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "read skip_paths from `FILE` (default: .iacscan.yml found upward)"},
		),
		OnUsageError: usageError,
		Action:       e.export,
	}
}

func (e *env) export(ctx context.Context, cmd *cli.Command) error {
	paths := cmd.Args().Slice()
	if len(paths) == 0 {
		return cli.Exit("no path to export (try: iacscan export .)", exitError)
	}
	s, err := scan.Resolve(e.request(cmd, paths[0], false))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	loaded := scan.Load(paths, s)
	doc := export.Build(loaded.Inventory, export.Options{Version: version, Path: s.RelativeTo(), Errors: loaded.Errors})
	write := func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	if err := writeOutput(e.stdout, cmd.String("output"), write); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	return inputErrors(e.stderr, loaded)
}
