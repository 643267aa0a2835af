package printable

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// String returns s with the characters that would act on a terminal or
// hide text from a reader written as escapes: control characters (ESC,
// carriage return, newline, DEL, the C1 range) and the Unicode format
// characters that reorder or hide text (bidirectional overrides, zero-width
// characters). Inputs are written by whoever opened the pull request; a Sid
// or a file name holding "\x1b[2K\r" would otherwise rewrite the line a
// reviewer reads. A backslash is doubled only when the text is escaped, so
// plain text reads unchanged. A leading "::" (after blanks) has its first
// colon written \x3a: GitHub's runner takes a log line that starts with it
// for a workflow command (::error, ::add-mask, ::stop-commands), and the
// text may start a line.
func String(s string) string {
	return escape(s, false)
}

// Lines is String for a text of several lines: its line breaks are kept,
// and each line is escaped as String escapes the whole.
func Lines(s string) string {
	return escape(s, true)
}

func escape(s string, keepLines bool) string {
	if clean(s, keepLines) {
		return s
	}
	var b strings.Builder
	lineStart := true // only spaces since the start or a kept line break
	for i, r := range s {
		blank := false
		switch {
		case r == ':' && lineStart && strings.HasPrefix(s[i+1:], ":"):
			b.WriteString(`\x3a`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n' && keepLines:
			b.WriteByte('\n')
			lineStart = true
			continue
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			blank = r == ' '
			b.WriteRune(r)
		}
		lineStart = lineStart && blank
	}
	return b.String()
}

// clean reports whether escape would leave s as it is.
func clean(s string, keepLines bool) bool {
	if !keepLines {
		return strings.IndexFunc(s, unsafeRune) < 0 && !strings.HasPrefix(strings.TrimLeft(s, " "), "::")
	}
	for line := range strings.SplitSeq(s, "\n") {
		if !clean(line, false) {
			return false
		}
	}
	return true
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// Guard returns a writer that passes what is written to w, except that a
// colon that is the first character of a line after blanks is written
// \x3a: no line of the output is a GitHub workflow command, whatever part
// of an input reached it unescaped. iacscan never starts a line with a
// colon of its own; JSON, SARIF and XML never do either, so every output
// can go through it. A w with a file descriptor (a terminal) keeps it:
// the writer returned has w's Fd method.
func Guard(w io.Writer) io.Writer {
	g := &guard{w: w, lineStart: true}
	if f, ok := w.(fder); ok {
		return &fileGuard{guard: g, fder: f}
	}
	return g
}

// fder is what terminal detection asks of a writer.
type fder interface{ Fd() uintptr }

type fileGuard struct {
	*guard
	fder
}

type guard struct {
	w         io.Writer
	lineStart bool
}

func (g *guard) Write(p []byte) (int, error) {
	start := 0
	for i, c := range p {
		switch {
		case c == '\n':
			g.lineStart = true
		case c == ' ' || c == '\t':
		case c == ':' && g.lineStart:
			if _, err := g.w.Write(p[start:i]); err != nil {
				return start, err
			}
			if _, err := io.WriteString(g.w, `\x3a`); err != nil {
				return i, err
			}
			start = i + 1
			g.lineStart = false
		default:
			g.lineStart = false
		}
	}
	if _, err := g.w.Write(p[start:]); err != nil {
		return start, err
	}
	return len(p), nil
}
