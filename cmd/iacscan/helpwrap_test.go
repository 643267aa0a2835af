package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Every help page fits an 80-column terminal (help is wrapped to 80
// whatever COLUMNS says), asked for as `help CMD`, `CMD --help` or
// `CMD -h`.
func TestHelpFitsEightyColumns(t *testing.T) {
	var commands []string
	for _, c := range (&env{}).app().Commands {
		commands = append(commands, c.Name)
	}
	for _, name := range append([]string{""}, commands...) {
		forms := [][]string{{"help"}, {"--help"}, {"-h"}}
		if name != "" {
			forms = [][]string{{"help", name}, {name, "--help"}, {name, "-h"}}
		}
		for _, form := range forms {
			args := append([]string{"iacscan"}, form...)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("%s exited %d: %s", strings.Join(args, " "), code, stderr.String())
			}
			if !strings.Contains(stdout.String(), "USAGE:") {
				t.Errorf("%s printed no usage:\n%s", strings.Join(args, " "), stdout.String())
			}
			for _, line := range strings.Split(stdout.String(), "\n") {
				if len([]rune(line)) > helpWidth {
					t.Errorf("%s: %d columns: %q", strings.Join(args, " "), len([]rune(line)), line)
				}
			}
		}
	}
}

func TestWrapHelp(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"   --short  fits", "   --short  fits"},
		{"   --fail-on SEVERITY  exit 1 when a finding has this SEVERITY or higher (info, low, medium, high, critical)",
			"   --fail-on SEVERITY  exit 1 when a finding has this SEVERITY or higher (info,\n" +
				"                       low, medium, high, critical)"},
		{"   --output FILE, -o FILE [ --output FILE, -o FILE ]  write the report to FILE; FORMAT=FILE writes another format too",
			"   --output FILE, -o FILE [ --output FILE, -o FILE ]\n" +
				"           write the report to FILE; FORMAT=FILE writes another format too"},
		{"   a plain paragraph of words that runs on past the eightieth column of the terminal",
			"   a plain paragraph of words that runs on past the eightieth column of the\n   terminal"},
	} {
		if got := wrapHelp(c.in, 80); got != c.want {
			t.Errorf("wrapHelp(%q):\n%s\nwant\n%s", c.in, got, c.want)
		}
	}
}
