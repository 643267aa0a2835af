package mdterm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// style is a set of text attributes.
type style uint8

const (
	bold style = 1 << iota
	italic
	faint
	code
	link
	title // a level 1 or 2 heading

	plain        style = 0
	codeStyle          = code
	headingStyle       = title | bold
)

// escape returns the ANSI SGR sequence that turns st on.
func (st style) escape() string {
	var codes []string
	for _, a := range []struct {
		s    style
		code string
	}{{bold, "1"}, {faint, "2"}, {italic, "3"}, {link, "4;38;5;38"}, {code, "38;5;203"}, {title, "38;5;75"}} {
		if st&a.s != 0 {
			codes = append(codes, a.code)
		}
	}
	return "\x1b[" + strings.Join(codes, ";") + "m"
}

const reset = "\x1b[0m"

func (r *renderer) styled(s string, st style) string {
	if !r.color || st == plain || s == "" {
		return s
	}
	return st.escape() + s + reset
}

// span is a run of text in one style; a word is the spans between two
// spaces.
type span struct {
	text  string
	style style
}

type word []span

func (w word) width() int {
	n := 0
	for _, s := range w {
		n += utf8.RuneCountInString(s.text)
	}
	return n
}

// inline parses text's inline Markup in the base style and splits it into
// words.
func (r *renderer) inline(text string, base style) []word {
	var spans []span
	parseInline(text, base, &spans)
	var words []word
	var cur word
	for _, s := range spans {
		for i, part := range strings.Split(s.text, " ") {
			if i > 0 && len(cur) > 0 {
				words = append(words, cur)
				cur = nil
			}
			if part != "" {
				cur = append(cur, span{part, s.style})
			}
		}
	}
	if len(cur) > 0 {
		words = append(words, cur)
	}
	return words
}

// parseInline appends the spans of s: code spans, strong and emphasis,
// links and autolinks styled, backslash escapes resolved, the rest as
// text.
func parseInline(s string, st style, out *[]span) {
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			*out = append(*out, span{text.String(), st})
			text.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] < utf8.RuneSelf && (unicode.IsPunct(rune(s[i+1])) || unicode.IsSymbol(rune(s[i+1]))):
			text.WriteByte(s[i+1])
			i += 2
			continue
		case c == '`':
			n := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			run := s[i : i+n]
			if end := closingRun(s[i+n:], run); end >= 0 {
				flush()
				body := s[i+n : i+n+end]
				if len(body) > 2 && body[0] == ' ' && body[len(body)-1] == ' ' {
					body = body[1 : len(body)-1]
				}
				*out = append(*out, span{body, st | code})
				i += n + end + n
				continue
			}
			text.WriteString(run)
			i += n
			continue
		case c == '*' || c == '_':
			delim := s[i : i+1]
			if strings.HasPrefix(s[i:], delim+delim) {
				delim += delim
			}
			if end := closingEmphasis(s, i, delim); end > 0 {
				flush()
				emph := italic
				if len(delim) == 2 {
					emph = bold
				}
				parseInline(s[i+len(delim):end], st|emph, out)
				i = end + len(delim)
				continue
			}
			text.WriteString(delim)
			i += len(delim)
			continue
		case c == '[':
			if label, url, n := linkAt(s[i:]); n > 0 {
				flush()
				parseInline(label, st|link, out)
				if url != label {
					*out = append(*out, span{" (" + url + ")", st | faint})
				}
				i += n
				continue
			}
		case c == '<':
			if end := strings.IndexByte(s[i:], '>'); end > 0 && autolink(s[i+1:i+end]) {
				flush()
				*out = append(*out, span{s[i+1 : i+end], st | link})
				i += end + 1
				continue
			}
		}
		text.WriteByte(c)
		i++
	}
	flush()
}

// closingRun returns the offset in s of a backquote run exactly as long as
// run, or -1.
func closingRun(s, run string) int {
	for j := 0; j < len(s); {
		if s[j] != '`' {
			j++
			continue
		}
		n := len(s[j:]) - len(strings.TrimLeft(s[j:], "`"))
		if n == len(run) {
			return j
		}
		j += n
	}
	return -1
}

// closingEmphasis returns the offset of the delimiter closing the emphasis
// opened at s[i], or -1. The opening must be followed by a non-space and
// the closing preceded by one; underscores inside words (snake_case) do not
// count.
func closingEmphasis(s string, i int, delim string) int {
	start := i + len(delim)
	if start >= len(s) || s[start] == ' ' || delim[0] == '_' && i > 0 && wordByte(s[i-1]) {
		return -1
	}
	for j := start + 1; j+len(delim) <= len(s); j++ {
		if s[j] == '`' { // code spans are not searched for delimiters
			if end := closingRun(s[j+1:], "`"); end >= 0 {
				j += end + 1
				continue
			}
		}
		if !strings.HasPrefix(s[j:], delim) || s[j-1] == ' ' {
			continue
		}
		after := j + len(delim)
		if after < len(s) && s[after] == delim[0] {
			continue
		}
		if delim[0] == '_' && after < len(s) && wordByte(s[after]) {
			continue
		}
		return j
	}
	return -1
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// linkAt parses "[label](url)" at the start of s and returns its parts and
// length, or n 0.
func linkAt(s string) (label, url string, n int) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth > 0 {
				continue
			}
			if i+1 >= len(s) || s[i+1] != '(' {
				return "", "", 0
			}
			end := strings.IndexByte(s[i+2:], ')')
			if end < 0 {
				return "", "", 0
			}
			url = strings.TrimSpace(s[i+2 : i+2+end])
			if t, _, ok := strings.Cut(url, " "); ok { // a title after the URL
				url = t
			}
			return s[1:i], strings.Trim(url, "<>"), i + 3 + end
		}
	}
	return "", "", 0
}

// autolink reports whether the text between angle brackets is a URL or an
// e-mail address rather than HTML.
func autolink(s string) bool {
	if strings.ContainsAny(s, " <") {
		return false
	}
	scheme, _, ok := strings.Cut(s, ":")
	return ok && len(scheme) >= 2 && strings.Trim(strings.ToLower(scheme), "abcdefghijklmnopqrstuvwxyz0123456789+.-") == "" ||
		strings.Contains(s, "@") && !strings.Contains(s, "/")
}

// outLine is a wrapped line and its visible width.
type outLine struct {
	text  string
	width int
}

// wrap lays words out in lines of at most r.width columns: the first
// prefixed with head, the others with hang. A word longer than a line is
// broken.
func (r *renderer) wrap(words []word, head, hang string) []outLine {
	var lines []outLine
	prefix := head
	var line []span
	used := 0
	room := func() int { return max(r.width-utf8.RuneCountInString(prefix), 1) }
	end := func() {
		lines = append(lines, outLine{prefix + r.render(line), utf8.RuneCountInString(prefix) + used})
		line, used, prefix = line[:0], 0, hang
	}
	for _, w := range words {
		if used > 0 && used+1+w.width() > room() {
			end()
		}
		if used > 0 {
			line = append(line, span{" ", plain})
			used++
		}
		for _, s := range w {
			for text := s.text; text != ""; {
				if used >= room() {
					end()
				}
				part := prefixRunes(text, room()-used)
				line = append(line, span{part, s.style})
				used += utf8.RuneCountInString(part)
				text = text[len(part):]
			}
		}
	}
	if used > 0 || len(lines) == 0 {
		end()
	}
	return lines
}

// render writes a line's spans, styling each run of one style once (a
// space between two runs of a style belongs to it).
func (r *renderer) render(line []span) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		st, j := line[i].style, i+1
		for j < len(line) && (line[j].style == st || line[j].text == " " && j+1 < len(line) && line[j+1].style == st) {
			j++
		}
		var run strings.Builder
		for _, s := range line[i:j] {
			run.WriteString(s.text)
		}
		b.WriteString(r.styled(run.String(), st))
		i = j
	}
	return b.String()
}

// breakAt splits s into pieces of at most n runes (one empty piece for an
// empty s).
func breakAt(s string, n int) []string {
	n = max(n, 1)
	parts := []string{prefixRunes(s, n)}
	for s = s[len(parts[0]):]; s != ""; s = s[len(parts[len(parts)-1]):] {
		parts = append(parts, prefixRunes(s, n))
	}
	return parts
}

// prefixRunes returns the longest prefix of s of at most n runes.
func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
