package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/rules"
)

func (e *env) rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the rules (with custom rules of --policy or the configuration)",
		Flags: append(catalogueFlags(), &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text",
			Usage: "output format: text or json"}),
		OnUsageError: usageError,
		Action: func(_ context.Context, cmd *cli.Command) error {
			format := cmd.String("format")
			if format != "text" && format != "json" {
				return cli.Exit(fmt.Sprintf("rules: unknown format %q (want text or json)", format), exitError)
			}
			all, err := catalogue(cmd)
			if err != nil {
				return cli.Exit(err.Error(), exitError)
			}
			if format == "json" {
				return writeRulesJSON(e.stdout, all)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tTITLE")
			for _, r := range all {
				// A custom rule's metadata comes from the repository.
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, printable.String(r.Name), r.Severity, printable.String(r.Title))
			}
			return tw.Flush()
		},
	}
}

// ruleJSON is a rule as rules -f json lists it.
type ruleJSON struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Aliases      []string `json:"aliases"`
	Severity     string   `json:"severity"`
	Title        string   `json:"title"`
	OffByDefault string   `json:"off_by_default"` // why, and how to turn it on; "" when it runs
	HelpURI      string   `json:"help_uri"`       // "" for a custom rule without links
	Origin       string   `json:"origin"`         // the Rego file of a custom rule; "" for built-in
}

// writeRulesJSON writes the catalogue as {"rules": [...]}, sorted by ID.
func writeRulesJSON(w io.Writer, all []*rules.Rule) error {
	out := struct {
		Rules []ruleJSON `json:"rules"`
	}{Rules: []ruleJSON{}}
	for _, r := range all {
		help := rules.DocURL(r)
		out.Rules = append(out.Rules, ruleJSON{
			ID: r.ID, Name: r.Name, Aliases: append([]string{}, r.Aliases...), Severity: r.Severity.String(),
			Title: r.Title, OffByDefault: r.OffByDefault, HelpURI: help, Origin: r.Origin,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func (e *env) explainCommand() *cli.Command {
	return &cli.Command{
		Name:         "explain",
		Usage:        "show a rule's documentation",
		ArgsUsage:    "ID|NAME",
		Flags:        catalogueFlags(),
		OnUsageError: usageError,
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 1 {
				return cli.Exit("explain takes one rule ID or name (see: iacscan rules)", exitError)
			}
			all, err := catalogue(cmd)
			if err != nil {
				return cli.Exit(err.Error(), exitError)
			}
			r := rules.Lookup(all, cmd.Args().First())
			if r == nil {
				return cli.Exit(fmt.Sprintf("no rule %q (see: iacscan rules)", cmd.Args().First()), exitError)
			}
			color := !cmd.Bool("no-color") && os.Getenv("NO_COLOR") == ""
			return writeExplanation(e.stdout, printable.Lines(r.Markdown()), color)
		},
	}
}

func (e *env) versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version and the version of the embedded AWS IAM data",
		Action: func(context.Context, *cli.Command) error {
			_, err := fmt.Fprintf(e.stdout, "iacscan %s\nIAM data %s\n", version, iam.DataVersion())
			return err
		},
	}
}
