package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/rules"
)

// TestExplainRendering: piped, explain prints the Markdown source; on a
// terminal it renders it: no Markdown markers, lines within the width,
// colours only when allowed.
func TestExplainRendering(t *testing.T) {
	md := rules.FullAdmin.Markdown()
	var piped bytes.Buffer
	if err := writeExplanation(&piped, md, true); err != nil || piped.String() != md {
		t.Fatalf("piped output is not the Markdown source (err %v)", err)
	}
	for _, color := range []bool{true, false} {
		out, err := renderMarkdown(md, 60, color)
		if err != nil {
			t.Fatal(err)
		}
		// Rendered: code blocks without their fences, inline code without
		// backquotes.
		if text := ansiEscape.ReplaceAllString(out, ""); strings.Contains(text, "```") || strings.Contains(text, "`NotAction`") || !strings.Contains(text, "How to fix") {
			t.Errorf("color %v: Markdown not rendered:\n%s", color, out)
		}
		if strings.Contains(out, "\x1b[") != color {
			t.Errorf("color %v: ANSI escapes present = %v", color, !color)
		}
		for _, line := range strings.Split(out, "\n") {
			if n := visibleWidth(line); n > 60 {
				t.Errorf("color %v: line of %d columns: %q", color, n, line)
			}
		}
	}
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// visibleWidth counts the runes of a line outside ANSI escape sequences.
func visibleWidth(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case r == '\x1b':
			esc = true
		case esc && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			esc = false
		case !esc:
			n++
		}
	}
	return n
}
