package mdterm

import (
	"strings"
	"unicode/utf8"

	"github.com/iacscan/iacscan/internal/printable"
)

// margin indents every line of the output.
const margin = "  "

// Render renders markdown for a terminal of the given width (at least 20
// columns are used); color enables ANSI styles. No output line is wider
// than width.
func Render(markdown string, width int, color bool) string {
	r := renderer{width: max(width, 20) - len(margin), color: color}
	// Control characters in the text are escaped first, so that no escape
	// sequence reaches the terminal but the renderer's own styles.
	markdown = printable.Lines(strings.ReplaceAll(markdown, "\r\n", "\n"))
	r.blocks(strings.Split(markdown, "\n"))
	return r.out.String()
}

type renderer struct {
	out   strings.Builder
	width int // columns for text, after the margin
	color bool
	// gap: a block has been written, so the next one starts after a blank
	// line; inList: that block was a list item, so another item follows it
	// directly.
	gap, inList bool
}

// blocks renders lines, block by block.
func (r *renderer) blocks(lines []string) {
	for len(lines) > 0 {
		line := lines[0]
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case strings.TrimSpace(line) == "":
			lines = lines[1:]
		case fence(trimmed) != "":
			lines = r.code(lines)
		case heading(trimmed) > 0:
			r.heading(trimmed)
			lines = lines[1:]
		case rule(trimmed):
			r.start()
			r.line(r.styled(strings.Repeat("─", r.width), faint))
			lines = lines[1:]
		case strings.HasPrefix(trimmed, ">"):
			lines = r.quote(lines)
		case listMarker(trimmed) != "":
			lines = r.item(lines)
		default:
			lines = r.paragraph(lines)
		}
	}
}

// start separates a new block from the previous one.
func (r *renderer) start() {
	if r.gap {
		r.out.WriteByte('\n')
	}
	r.gap, r.inList = true, false
}

func (r *renderer) line(s string) {
	r.out.WriteString(strings.TrimRight(margin+s, " "))
	r.out.WriteByte('\n')
}

// fence returns the fence a line opens a code block with ("```", "~~~~"),
// or "".
func fence(s string) string {
	for _, c := range []string{"`", "~"} {
		n := len(s) - len(strings.TrimLeft(s, c))
		if n >= 3 && (c == "~" || !strings.Contains(s[n:], "`")) {
			return s[:n]
		}
	}
	return ""
}

// code renders a fenced code block (the fences dropped, lines indented and
// broken at the width) and returns the lines after it.
func (r *renderer) code(lines []string) []string {
	open := fence(strings.TrimLeft(lines[0], " "))
	r.start()
	lines = lines[1:]
	for len(lines) > 0 {
		line := lines[0]
		lines = lines[1:]
		if t := strings.TrimSpace(line); strings.HasPrefix(t, open) && strings.Trim(t, open[:1]) == "" {
			break
		}
		line = strings.ReplaceAll(line, "\t", "    ")
		for _, part := range breakAt(line, r.width-2) {
			r.line("  " + r.styled(part, codeStyle))
		}
	}
	return lines
}

// heading returns the level of an ATX heading ("## Why" is 2), or 0.
func heading(s string) int {
	n := len(s) - len(strings.TrimLeft(s, "#"))
	if n == 0 || n > 6 || len(s) > n && s[n] != ' ' {
		return 0
	}
	return n
}

func (r *renderer) heading(s string) {
	level := heading(s)
	text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s[level:]), "#"))
	r.start()
	style := bold
	if level <= 2 {
		style = headingStyle
	}
	words := r.inline(text, style)
	lines := r.wrap(words, "", "")
	widest := 0
	for _, l := range lines {
		r.line(l.text)
		widest = max(widest, l.width)
	}
	if level <= 2 {
		underline := "═"
		if level == 2 {
			underline = "─"
		}
		r.line(r.styled(strings.Repeat(underline, widest), faint))
	}
}

// rule reports whether a line is a thematic break ("---", "***", "___").
func rule(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	return len(s) >= 3 && (strings.Trim(s, "-") == "" || strings.Trim(s, "*") == "" || strings.Trim(s, "_") == "")
}

// quote renders a block quote (its lines without their ">"), each line
// prefixed with a bar, and returns the lines after it.
func (r *renderer) quote(lines []string) []string {
	var text []string
	for len(lines) > 0 && strings.HasPrefix(strings.TrimLeft(lines[0], " "), ">") {
		t := strings.TrimPrefix(strings.TrimLeft(lines[0], " "), ">")
		text = append(text, strings.TrimPrefix(t, " "))
		lines = lines[1:]
	}
	r.start()
	bar := r.styled("│ ", faint)
	r.width -= 2 // the bar's
	wrapped := r.wrap(r.inline(strings.Join(text, " "), plain), "", "")
	r.width += 2
	for _, l := range wrapped {
		r.line(bar + l.text)
	}
	return lines
}

// listMarker returns a list item's marker ("-", "12."), or "".
func listMarker(s string) string {
	if len(s) >= 2 && strings.ContainsRune("-*+", rune(s[0])) && s[1] == ' ' {
		return s[:1]
	}
	n := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if n > 0 && n <= 9 && len(s) > n+1 && (s[n] == '.' || s[n] == ')') && s[n+1] == ' ' {
		return s[:n+1]
	}
	return ""
}

// item renders a list item: its first line and the indented lines that
// continue it, wrapped under a bullet or its number. Items of one list are
// not separated by blank lines.
func (r *renderer) item(lines []string) []string {
	first := strings.TrimLeft(lines[0], " ")
	indent := len(lines[0]) - len(first)
	marker := listMarker(first)
	text := []string{strings.TrimSpace(first[len(marker):])}
	lines = lines[1:]
	for len(lines) > 0 {
		t := strings.TrimLeft(lines[0], " ")
		if t == "" || listMarker(t) != "" || len(lines[0])-len(t) <= indent && startsBlock(t) {
			break
		}
		text = append(text, strings.TrimSpace(t))
		lines = lines[1:]
	}
	if marker == "-" || marker == "*" || marker == "+" {
		marker = "•"
	}
	nest := strings.Repeat(" ", min(indent, r.width/2))
	if !r.inList {
		r.start()
	}
	r.inList = true
	head := nest + marker + " "
	hang := strings.Repeat(" ", utf8.RuneCountInString(head))
	for _, l := range r.wrap(r.inline(strings.Join(text, " "), plain), head, hang) {
		r.line(l.text)
	}
	return lines
}

// startsBlock reports whether a line begins a block other than a paragraph.
func startsBlock(s string) bool {
	return fence(s) != "" || heading(s) > 0 || rule(s) || strings.HasPrefix(s, ">") || listMarker(s) != ""
}

// paragraph renders consecutive lines of text as one wrapped paragraph and
// returns the lines after it.
func (r *renderer) paragraph(lines []string) []string {
	var text []string
	for len(lines) > 0 {
		t := strings.TrimSpace(lines[0])
		if t == "" || len(text) > 0 && startsBlock(t) {
			break
		}
		text = append(text, t)
		lines = lines[1:]
	}
	r.start()
	for _, l := range r.wrap(r.inline(strings.Join(text, " "), plain), "", "") {
		r.line(l.text)
	}
	return lines
}
