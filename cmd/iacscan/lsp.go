package main

import (
	"context"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/lsp"
)

func (e *env) lspCommand() *cli.Command {
	return &cli.Command{
		Name:  "lsp",
		Usage: "run a Language Server on standard input and output: findings as editor diagnostics",
		Description: "Speaks the Language Server Protocol over standard input and output. Every workspace\n" +
			"folder is scanned as 'iacscan DIR' would scan it, with the editor's unsaved text standing\n" +
			"for the files it has open, again on each open, change and save; findings are published as\n" +
			"diagnostics (rule ID as the code, linked to its page) with their related locations,\n" +
			"and quick fixes where the edit is certain (a missing or legacy policy Version).\n" +
			"The flags are those of a scan; .iacscan.yml is read from each folder upward.\n" +
			"Exit codes: 0 after the client's shutdown and exit, 2 otherwise.",
		Flags: append(inputFlags(),
			&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "read settings from `FILE` (default: .iacscan.yml in each workspace folder or above)"},
			&cli.StringSliceFlag{Name: "rule", Usage: "run only rules matching `PATTERN` (repeatable)"},
			&cli.StringSliceFlag{Name: "skip-rule", Usage: "skip rules matching `PATTERN` (repeatable)"},
			&cli.StringFlag{Name: "baseline", Usage: "show only findings not in the baseline `FILE`"},
			&cli.StringSliceFlag{Name: "skip-path", Usage: "do not scan paths matching `GLOB` (repeatable; beside skip_paths)"},
			policyFlag(),
		),
		OnUsageError: usageError,
		Action:       e.lsp,
	}
}

func (e *env) lsp(ctx context.Context, cmd *cli.Command) error {
	if cmd.Args().Len() > 0 {
		return cli.Exit("lsp takes no path: the client names its workspace folders", exitError)
	}
	req := e.request(cmd, ".", true)
	req.Input.Stdin = nil // standard input is the client's
	err := lsp.Serve(ctx, e.stdin, e.stdout, lsp.Options{Version: version, Request: req, Log: e.stderr})
	if err != nil {
		return cli.Exit("lsp: "+err.Error(), exitError)
	}
	return nil
}
