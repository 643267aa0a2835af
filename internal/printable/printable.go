// Package printable writes text taken from inputs so that it cannot act on
// the terminal or hide from the person reading it.
package printable

import (
	"fmt"
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
// plain text reads unchanged.
func String(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
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
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}
