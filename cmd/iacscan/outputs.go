package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"
	"golang.org/x/term"

	"github.com/iacscan/iacscan/report"
)

// output is one report a scan writes: a format and a file ("" for standard
// output).
type output struct {
	format string
	path   string
}

type outputs []output

// parseOutputs reads --format and the repeatable --output. Each --output is
//
//	FILE          the --format report, to FILE
//	FORMAT=FILE   a FORMAT report, to FILE
//	FORMAT        a FORMAT report, to standard output
//
// so one run can write SARIF for upload and text for the log:
// --output sarif=iacscan.sarif --output text. Without --output the --format
// report goes to standard output. (A file named like a format, or with a
// word and "=" in its name, is written as ./text.)
func parseOutputs(format string, values []string) (outputs, error) {
	if len(values) == 0 {
		return outputs{{format: format}}, nil
	}
	var outs outputs
	stdout := 0
	for _, v := range values {
		o := output{format: format, path: v}
		if f, file, ok := strings.Cut(v, "="); ok && isWord(f) {
			o = output{format: f, path: file}
		} else if slices.Contains(report.Formats(), v) {
			o = output{format: v}
		}
		if o.path == "" {
			stdout++
		}
		outs = append(outs, o)
	}
	if stdout > 1 {
		return nil, fmt.Errorf("--output: only one report can go to standard output")
	}
	return outs, nil
}

// toStdout reports whether one of the reports goes to standard output.
func (outs outputs) toStdout() bool {
	return slices.ContainsFunc(outs, func(o output) bool { return o.path == "" })
}

// writers makes each output's writer before the scan, so that a bad format
// name is a usage error and not a lost scan. Colour, wrapping and links are
// only for standard output (a terminal).
func (outs outputs) writers(opts report.Options) ([]report.Writer, error) {
	ws := make([]report.Writer, len(outs))
	for i, o := range outs {
		oo := opts
		if o.path != "" {
			oo.Color, oo.Width, oo.Links = false, 0, false
		}
		w, err := report.New(o.format, oo)
		if err != nil {
			return nil, err
		}
		ws[i] = w
	}
	return ws, nil
}

// write writes every report; a file is created only once there is
// something to put in it.
func (outs outputs) write(stdout io.Writer, ws []report.Writer, res *report.Result) error {
	for i, o := range outs {
		err := writeOutput(stdout, o.path, func(w io.Writer) error { return ws[i].Write(w, res) })
		if err != nil {
			return err
		}
	}
	return nil
}

// writeOutput is the one way a command writes where -o says: write is
// given the file path names, created only now that there is something to
// put in it, or stdout when path is "". Errors say which file; a file that
// could not be written whole is an error, however far the writing got.
func writeOutput(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		if err := write(stdout); err != nil {
			return fmt.Errorf("writing report: %w", err)
		}
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// outputFlag is -o FILE of the commands that write one report.
func outputFlag() cli.Flag {
	return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` instead of standard output"}
}

// color decides on ANSI colours for text on standard output: --no-color and
// NO_COLOR turn them off; FORCE_COLOR or CLICOLOR_FORCE turn them on even in
// a pipe; otherwise only on a terminal whose TERM is not "dumb".
func (e *env) color(cmd *cli.Command) bool {
	switch {
	case cmd.Bool("no-color") || os.Getenv("NO_COLOR") != "":
		return false
	case forced(os.Getenv("FORCE_COLOR")) || forced(os.Getenv("CLICOLOR_FORCE")):
		return true
	case os.Getenv("TERM") == "dumb":
		return false
	}
	f, ok := e.stdout.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// forced reads FORCE_COLOR and CLICOLOR_FORCE: set and not "0" or "false".
func forced(v string) bool {
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// isWord reports whether s is a lower-case word, as format names are.
func isWord(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == ""
}
