package mdterm

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRenderPlain(t *testing.T) {
	for _, c := range []struct {
		name, in string
		width    int
		want     string
	}{
		{"heading and paragraph", "# Title\n\nSome *emphasised* and **strong** `code`\nacross lines.\n", 40,
			"  Title\n  ═════\n\n  Some emphasised and strong code across\n  lines.\n"},
		{"level 3 heading", "### Small ###\ntext", 40, "  Small\n\n  text\n"},
		{"wrapped at the width", "one two three four five six", 20,
			"  one two three four\n  five six\n"},
		{"fenced code kept, long lines broken", "```json\n{\"a\": 1}\n0123456789abcdefghij\n```\nafter", 20,
			"    {\"a\": 1}\n    0123456789abcdef\n    ghij\n\n  after\n"},
		{"unclosed fence runs to the end", "~~~\nx", 40, "    x\n"},
		{"list items with continuation", "- first\n  continued\n- second\n\n1. one\n2. two", 40,
			"  • first continued\n  • second\n  1. one\n  2. two\n"},
		{"hanging indent", "- aaaa bbbb cccc dddd", 20, "  • aaaa bbbb cccc\n    dddd\n"},
		{"links and autolinks", "See [the docs](https://x.test/a) or <https://y.test>.", 60,
			"  See the docs (https://x.test/a) or https://y.test.\n"},
		{"html is text", "a <b>c</b>", 40, "  a <b>c</b>\n"},
		{"escapes and snake_case", `a\*b snake_case_name _it_`, 40, "  a*b snake_case_name it\n"},
		{"unmatched markers stay", "2 * 3 and ** and `x", 40, "  2 * 3 and ** and `x\n"},
		{"double backquotes", "``a ` b``", 40, "  a ` b\n"},
		{"quote", "> quoted\n> text", 40, "  │ quoted text\n"},
		{"rule", "a\n\n---\n\nb", 24, "  a\n\n  " + strings.Repeat("─", 22) + "\n\n  b\n"},
		{"long word broken", "x https://example.com/a/very/long/path", 20,
			"  x\n  https://example.co\n  m/a/very/long/path\n"},
		{"empty", "", 40, ""},
		{"narrow widths count as 20", "aaaa bbbb cccc dddd eeee", 5, "  aaaa bbbb cccc\n  dddd eeee\n"},
	} {
		if got := Render(c.in, c.width, false); got != c.want {
			t.Errorf("%s: got\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
}

func TestRenderColor(t *testing.T) {
	got := Render("## Why\n\nAn `Allow` of **every action**.", 40, true)
	want := "  \x1b[1;38;5;75mWhy\x1b[0m\n  \x1b[2m───\x1b[0m\n\n" +
		"  An \x1b[38;5;203mAllow\x1b[0m of \x1b[1mevery action\x1b[0m.\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// FuzzRender: any text renders without panicking, within the width, and
// without escapes when colours are off.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"# h\n\n- a\n  b\n\n```\ncode\n```", "[a](b) <c:d> **e** _f_ `g`", "> q\n---\n1) x"} {
		f.Add(s, 30)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = 20 + abs(width)%100
		out := Render(s, width, false)
		if strings.Contains(out, "\x1b[") && !strings.Contains(s, "\x1b[") {
			t.Fatalf("escape in plain output %q", out)
		}
		for _, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(line); n > width {
				t.Fatalf("line of %d runes at width %d: %q", n, width, line)
			}
		}
		Render(s, width, true)
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
