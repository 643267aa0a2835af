package report

import (
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// hostileResult has input text that would act on a terminal: an ANSI
// sequence that clears the line, a carriage return, a newline that fakes a
// line of output, a right-to-left override.
func hostileResult() *Result {
	const file = "evil\x1b[2K\rok.json"
	return &Result{
		Rules: []*rules.Rule{ruleSid},
		Findings: []*rules.Finding{{
			Rule: ruleSid, Resource: "role\u202eevil", Source: model.SourcePolicy, Loc: loc(file, 1, 1, 1, 2),
			Message: "statement `A\x1b]0;title\x07` has no `Sid`\nfake.tf  1:1  INFO  no problem",
			Related: []rules.Related{{Loc: loc(file, 2, 1, 2, 2), Message: "here\x7f\u200b"}},
		}},
		Errors: []error{&model.InputError{Loc: model.Location{File: "x\x1b[31m.yaml", StartLine: 3}, Message: "bad \x00 value", Warning: true}},
	}
}

// TestOutputEscapesControls checks that text and Markdown write no control
// or hiding character taken from the input, and show them escaped.
func TestOutputEscapesControls(t *testing.T) {
	t.Parallel()
	wants := map[string][]string{
		"text": {
			`evil\x1b[2K\rok.json`, "  role\\u202eevil\n", "statement `A\\x1b]0;title\\x07` has no `Sid`\\nfake.tf",
			`2:1  here\x7f\u200b`, "warnings\n  x\\x1b[31m.yaml:3: bad \\x00 value",
		},
		"markdown": {
			"| `evil\\x1b[2K ok.json:1:1` |", "`role\\u202eevil`", "statement `A\\x1b]0;title\\x07` has no `Sid` fake.tf",
			`2:1: here\\x7f\\u200b`, "**warning** `x\\x1b[31m.yaml:3` bad \\\\x00 value",
		},
	}
	for format, want := range wants {
		t.Run(format, func(t *testing.T) {
			out := string(render(t, format, Options{}, hostileResult()))
			for _, bad := range []string{"\x1b", "\r", "\x07", "\x7f", "\x00", "\u202e", "\u200b", "\nfake.tf"} {
				if strings.Contains(out, bad) {
					t.Errorf("output holds %q:\n%s", bad, out)
				}
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %s:\n%s", w, out)
				}
			}
		})
	}
	t.Run("text/color", func(t *testing.T) {
		out := render(t, "text", Options{Color: true}, hostileResult())
		if n := strings.Count(string(out), "\x1b["); n == 0 || strings.Contains(string(out), "\x1b[2K") || strings.Contains(string(out), "\x1b[31m.yaml") {
			t.Errorf("colours must be iacscan's own escape sequences only:\n%q", out)
		}
	})
}
