package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/urfave/cli/v3"
)

// runSummaryCLI runs the summary command under a bare root command (the
// real root wires it in main.go) and returns stdout, stderr and exit code.
func runSummaryCLI(args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	root := &cli.Command{
		Name: "iacscan", Writer: &stdout, ErrWriter: &stderr, Reader: strings.NewReader(""),
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
		Commands:       []*cli.Command{summaryCommand()},
	}
	err := root.Run(context.Background(), append([]string{"iacscan", "summary"}, args...))
	code := 0
	var exit cli.ExitCoder
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		code = exitError
	}
	return stdout.String(), stderr.String(), code
}

func TestSummaryCommand(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"../../summary/testdata/input/deployer.json"}, 0, "Write  limited: 1 of"},
		{[]string{"--format", "json", "../../summary/testdata/input/deployer.json"}, 0, `"level": "Permissions management"`},
		{[]string{"-f", "markdown", "../../summary/testdata/input"}, 0, "| Service | Access level |"},
		{[]string{"--format", "yaml", "../../summary/testdata/input"}, exitError, ""},
		{[]string{"--principal", "no-such-*", "../../summary/testdata/input"}, 0, "no principals found"},
		{[]string{"--service", "s3", "../../summary/testdata/input/deployer.json"}, 0, "  Amazon S3 (s3)\n    List "},
		{[]string{"--service", "[", "../../summary/testdata/input"}, exitError, ""},
		{[]string{}, exitError, ""},
		{[]string{"testdata/no-such-file.json"}, exitError, "no principals found"},
	}
	for _, tt := range tests {
		out, errOut, code := runSummaryCLI(tt.args...)
		if code != tt.code || !strings.Contains(out, tt.contains) {
			t.Errorf("summary %v: exit %d, want %d; stdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, out, errOut)
		}
	}
}
