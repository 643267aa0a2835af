package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/scan"
)

// canCommand is `iacscan can PRINCIPAL ACTION [--resource ARN] PATH...`.
func (e *env) canCommand() *cli.Command {
	return &cli.Command{
		Name:      "can",
		Usage:     "answer whether a principal may perform an action, offline",
		ArgsUsage: "PRINCIPAL ACTION PATH...",
		Description: "PRINCIPAL is an ID (aws_iam_role.app, a logical ID), a user, group or role name, an IAM ARN,\n" +
			"or anonymous (a request without credentials, which only a resource policy open to everyone allows);\n" +
			"ACTION one action (s3:GetObject). The answer — allowed, implicitly denied, explicitly denied,\n" +
			"conditional (naming the condition keys that decide it; give them with --context) or unknown\n" +
			"(values known only after apply) — names the evaluation step that decided it (deny, guardrail,\n" +
			"resource policy, trust, identity, boundary, aws) and the statements, for the principal itself\n" +
			"and for each role it can reach through sts:AssumeRole.\n" +
			"Exit codes: 0 answered, 2 bad arguments or an input could not be read completely.",
		Flags:        accessFlags(),
		OnUsageError: usageError,
		Action: func(ctx context.Context, cmd *cli.Command) error {
			args := cmd.Args().Slice()
			if len(args) < 3 {
				return cli.Exit("usage: iacscan can PRINCIPAL ACTION PATH...", exitError)
			}
			return e.answer(cmd, args[0], args[1], args[2:])
		},
	}
}

// whoCanCommand is `iacscan who-can ACTION [--resource ARN] PATH...`.
func (e *env) whoCanCommand() *cli.Command {
	return &cli.Command{
		Name:      "who-can",
		Usage:     "list the principals that may perform an action, offline",
		ArgsUsage: "ACTION PATH...",
		Description: "Answers `iacscan can` for every principal of the scan and lists those that are not\n" +
			"implicitly denied, with the role chains (sts:AssumeRole) that lead to the access.\n" +
			"Exit codes: 0 answered, 2 bad arguments or an input could not be read completely.",
		Flags:        accessFlags(),
		OnUsageError: usageError,
		Action: func(ctx context.Context, cmd *cli.Command) error {
			args := cmd.Args().Slice()
			if len(args) < 2 {
				return cli.Exit("usage: iacscan who-can ACTION PATH...", exitError)
			}
			return e.answer(cmd, "", args[0], args[1:])
		},
	}
}

func accessFlags() []cli.Flag {
	return append(inputFlags(),
		&cli.StringFlag{Name: "resource", Usage: "the `ARN` of the resource the action is performed on (default: any resource)"},
		&cli.StringFlag{Name: "account", Usage: "the `ID` of the account the scan's principals are in (default: the account the inputs state)"},
		&cli.StringSliceFlag{Name: "context", Usage: "a request context `KEY=VALUE` for conditions (repeatable; KEY alone: the request does not carry it)"},
		&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "read skip_paths, accounts and org_ids from `FILE` (default: .iacscan.yml found upward)"},
		&cli.StringFlag{Name: "via-endpoint", Usage: "the request goes through the VPC endpoint with this `ID` in the scan (aws_vpc_endpoint.s3, a logical ID): its policy must allow it (in a role chain: the final request, not the sts:AssumeRole steps)"},
		&cli.StringFlag{Name: "session-policy", Usage: "the principal's session was made with this session policy `FILE` (AssumeRole's Policy): it must allow the request too"},
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + strings.Join(access.Formats, ", ")},
		outputFlag(),
	)
}

// answer loads the paths and answers for one principal, or for all when
// principal is empty.
func (e *env) answer(cmd *cli.Command, principal, action string, paths []string) error {
	format := cmd.String("format")
	if !slices.Contains(access.Formats, format) {
		return cli.Exit(fmt.Sprintf("--format: unknown format %q (want one of %s)", format, strings.Join(access.Formats, ", ")), exitError)
	}
	catalog := iam.Default()
	if strings.ContainsAny(action, "*?") {
		return cli.Exit(fmt.Sprintf("%s: name one action, not a pattern", action), exitError)
	}
	a := catalog.Action(action)
	if a == nil {
		return cli.Exit(fmt.Sprintf("%s: no such action in the IAM catalog", action), exitError)
	}
	ctx, err := access.ParseContext(cmd.StringSlice("context"))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	s, err := scan.Resolve(e.request(cmd, paths[0], false))
	if err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	loaded := scan.Load(paths, s)
	an := loaded.Analysis()
	q := access.Request{Action: a, Resource: cmd.String("resource"), Context: ctx, PrincipalAccount: cmd.String("account")}
	var notes []string
	if id := cmd.String("via-endpoint"); id != "" {
		g, n, err := access.EndpointPolicy(an, id)
		if err != nil {
			inputErrors(e.stderr, loaded)
			return cli.Exit(err.Error(), exitError)
		}
		q.Guardrails, notes = append(q.Guardrails, g...), n
	}
	if file := cmd.String("session-policy"); file != "" {
		data, err := safefile.Limit(maxFileSize(cmd)).ReadFile(file)
		if err != nil {
			return cli.Exit(fmt.Sprintf("--session-policy: %v", err), exitError)
		}
		g, err := access.SessionPolicy(an, file, data)
		if err != nil {
			return cli.Exit(fmt.Sprintf("--session-policy: %v", err), exitError)
		}
		q.Guardrails = append(q.Guardrails, g)
	}
	var answers []access.Answer
	switch principal {
	case "":
		answers = access.WhoCan(an, q)
	case "anonymous":
		answers = []access.Answer{access.Anonymous(an, q)}
	default:
		found := access.Find(an, principal)
		if len(found) == 0 {
			inputErrors(e.stderr, loaded)
			return cli.Exit(fmt.Sprintf("no principal %q in the scan", principal), exitError)
		}
		q.Session = access.Session(principal)
		for _, p := range found {
			answers = append(answers, access.Can(an, p, q)...)
		}
	}
	for i := range answers {
		answers[i].Notes = append(answers[i].Notes, notes...)
	}
	write := func(w io.Writer) error {
		if err := access.Write(w, answers, format); err != nil {
			return err
		}
		if principal == "" && len(answers) == 0 && format == "text" {
			_, err := fmt.Fprintf(w, "no principal of the scan may perform %s\n", a)
			return err
		}
		return nil
	}
	if err := writeOutput(e.stdout, cmd.String("output"), write); err != nil {
		return cli.Exit(err.Error(), exitError)
	}
	return inputErrors(e.stderr, loaded)
}
