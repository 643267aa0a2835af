package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"syscall"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/scan"
)

// Exit codes: the contract pipelines rely on.
const (
	exitOK       = 0 // no finding at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitError    = 2 // the scan could not be done completely: usage error, unreadable or invalid input

	exitInterrupted = 130 // stopped by SIGINT or SIGTERM, as a shell reports it
)

// errInterrupted is what a command that stops on a signal returns.
var errInterrupted = scan.ErrInterrupted

// interruptGrace is how long a command has to return once a signal
// cancelled its context (diff --base removes its copy of the base tree);
// a command that does not watch the context is ended then.
const interruptGrace = time.Second

// version is set at build time with -ldflags "-X main.version=…"; main
// completes it from the build information (see buildVersion).
var version = "dev"

func main() {
	info, ok := debug.ReadBuildInfo()
	version = buildVersion(version, info, ok)
	os.Exit(runSignalled())
}

// runSignalled runs the CLI on the process's arguments and standard streams,
// with SIGINT and SIGTERM cancelling the commands' context.
func runSignalled() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return untilSignal(ctx, stop, func() int { return run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr) })
}

// untilSignal returns run's exit code. A signal cancels ctx, which run's
// commands see; stop then restores the default handling (a second signal
// ends the process at once), and a command that has not returned within
// interruptGrace is ended with exitInterrupted.
func untilSignal(ctx context.Context, stop func(), run func() int) int {
	done := make(chan int, 1)
	go func() { done <- run() }()
	select {
	case code := <-done:
		return code
	case <-ctx.Done():
	}
	stop()
	select {
	case code := <-done:
		return code
	case <-time.After(interruptGrace):
		return exitInterrupted
	}
}

// env is the process environment a command runs in, so tests can run the
// CLI in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run runs the CLI and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// No line of any output may be a GitHub workflow command, whatever
	// text of an input reached it (see printable.Guard).
	stdout, stderr = printable.Guard(stdout), printable.Guard(stderr)
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	err := e.app().Run(ctx, args)
	var exit cli.ExitCoder
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		if msg := exit.Error(); msg != "" {
			fmt.Fprintln(stderr, "iacscan:", printable.Lines(msg))
		}
		switch code := exit.ExitCode(); code {
		case exitOK, exitFindings, exitError, exitInterrupted:
			return code
		}
		// The CLI library's own failures (help for no such command, an
		// unknown completion shell: 3) are usage errors of ours.
		return exitError
	default:
		fmt.Fprintln(stderr, "iacscan:", printable.Lines(err.Error()))
		return exitError
	}
}

func (e *env) app() *cli.Command {
	return &cli.Command{
		Name:      "iacscan",
		Usage:     "find AWS IAM mistakes in Terraform, plans, CloudFormation and policy documents before they are deployed",
		ArgsUsage: "[PATH...]",
		Description: "Scans files and directories (recursively; - reads standard input) and reports IAM findings.\n" +
			"Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 the scan could not be done completely.",
		Version:               version,
		Reader:                e.stdin,
		Writer:                e.stdout,
		ErrWriter:             e.stderr,
		EnableShellCompletion: true,
		ConfigureShellCompletionCommand: func(c *cli.Command) {
			c.Hidden = false
			c.Usage = "print a shell completion script (bash, zsh, fish or pwsh)"
			write := c.Action
			c.Action = func(ctx context.Context, cmd *cli.Command) error {
				// The library would say "No help topic" for a shell it lacks.
				if shell := cmd.Args().First(); shell != "" && !slices.Contains([]string{"bash", "zsh", "fish", "pwsh"}, shell) {
					return cli.Exit(fmt.Sprintf("completion: unknown shell %q (want bash, zsh, fish or pwsh)", shell), exitError)
				}
				return write(ctx, cmd)
			}
		},
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
		OnUsageError:   usageError,
		Flags:          scanFlags(),
		Action:         e.scan,
		Commands: []*cli.Command{
			{
				Name:         "scan",
				Usage:        "scan paths for IAM findings (the default command)",
				ArgsUsage:    "PATH...",
				Flags:        scanFlags(),
				OnUsageError: usageError,
				Action:       e.scan,
			},
			e.baselineCommand(),
			e.planCommand(),
			e.initCommand(),
			e.rulesCommand(),
			e.explainCommand(),
			e.summaryCommand(),
			e.exportCommand(),
			e.testPoliciesCommand(),
			e.diffCommand(),
			e.canCommand(),
			e.whoCanCommand(),
			e.lspCommand(),
			e.versionCommand(),
		},
	}
}

// usageError makes flag errors exit with 2, after the usage line.
func usageError(_ context.Context, _ *cli.Command, err error, _ bool) error {
	return cli.Exit(err.Error(), exitError)
}
