package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Every help page fits an 80-column terminal.
func TestHelpFitsEightyColumns(t *testing.T) {
	var commands []string
	for _, c := range (&env{}).app().Commands {
		commands = append(commands, c.Name)
	}
	for _, name := range append([]string{""}, commands...) {
		args := []string{"iacscan", "help"}
		if name != "" {
			args = append(args, name)
		}
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("iacscan help %s exited %d: %s", name, code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "USAGE:") {
			t.Errorf("iacscan help %s printed no usage:\n%s", name, stdout.String())
		}
		for _, line := range strings.Split(stdout.String(), "\n") {
			if len([]rune(line)) > helpWidth {
				t.Errorf("iacscan help %s: %d columns: %q", name, len([]rune(line)), line)
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
