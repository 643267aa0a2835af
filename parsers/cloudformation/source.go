package cloudformation

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// source is the text of a YAML file split into lines, for what yaml.v3 does
// not tell: where a value ends. Lines and columns are 1-based; columns count
// runes, as yaml.v3 and syntax.ParseJSON do.
//
// Converting between columns and byte offsets takes constant time on ASCII
// lines and a binary search on others: a template written on one line of
// flow YAML has as many values as bytes on that line, and counting runes
// from the start of the line for each made reading it quadratic.
type source struct {
	lines [][]byte
	// runeStarts holds, for each line with non-ASCII text, the byte offset
	// of each of its runes; nil for an ASCII line.
	runeStarts [][]int
}

func newSource(data []byte) *source {
	s := &source{lines: bytes.Split(data, []byte("\n"))}
	s.runeStarts = make([][]int, len(s.lines))
	for i, line := range s.lines {
		if isASCII(line) {
			continue
		}
		starts := make([]int, 0, utf8.RuneCount(line))
		for off := 0; off < len(line); {
			starts = append(starts, off)
			_, size := utf8.DecodeRune(line[off:])
			off += size
		}
		s.runeStarts[i] = starts
	}
	return s
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// offset converts a rune column of line n to a byte offset in it.
func (s *source) offset(n, col int) int {
	if n < 1 || n > len(s.lines) {
		return 0
	}
	line := s.line(n)
	i := max(col-1, 0)
	if starts := s.runeStarts[n-1]; starts != nil {
		if i < len(starts) {
			return min(starts[i], len(line))
		}
		return len(line)
	}
	return min(i, len(line))
}

// column converts a byte offset of line n to a rune column.
func (s *source) column(n, off int) int {
	if n < 1 || n > len(s.lines) {
		return 1
	}
	off = min(off, len(s.line(n)))
	if starts := s.runeStarts[n-1]; starts != nil {
		return 1 + sort.SearchInts(starts, off)
	}
	return 1 + off
}

// pos is a line and column in the source.
type pos struct{ line, col int }

func (s *source) line(n int) []byte {
	if n < 1 || n > len(s.lines) {
		return nil
	}
	return bytes.TrimSuffix(s.lines[n-1], []byte("\r"))
}

// column converts a byte offset of a line to a rune column.
func column(line []byte, off int) int {
	return 1 + utf8.RuneCount(line[:min(off, len(line))])
}

// skipProperties moves past a node's tag and anchor (!Sub, &name) and the
// blanks after them, to where its content starts.
func (s *source) skipProperties(p pos) pos {
	for p.line <= len(s.lines) {
		line := s.line(p.line)
		off := s.offset(p.line, p.col)
		for off < len(line) && (line[off] == '!' || line[off] == '&') {
			for off < len(line) && line[off] != ' ' && line[off] != '\t' {
				off++
			}
			for off < len(line) && (line[off] == ' ' || line[off] == '\t') {
				off++
			}
		}
		if off < len(line) && line[off] != '#' {
			return pos{p.line, s.column(p.line, off)}
		}
		p = pos{p.line + 1, 1}
		for p.line <= len(s.lines) && isBlankOrComment(s.line(p.line)) {
			p.line++
		}
		if p.line > len(s.lines) {
			break
		}
		p.col = s.column(p.line, indentOf(s.line(p.line)))
	}
	return p
}

func isBlankOrComment(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	return len(t) == 0 || t[0] == '#'
}

func indentOf(line []byte) int {
	return len(line) - len(bytes.TrimLeft(line, " "))
}

// quotedEnd returns the position just past the closing quote of a quoted
// scalar that opens at p.
func (s *source) quotedEnd(p pos, quote byte) pos {
	off := s.offset(p.line, p.col) + 1
	for n := p.line; n <= len(s.lines); n++ {
		line := s.line(n)
		for off < len(line) {
			switch c := line[off]; {
			case quote == '"' && c == '\\':
				off += 2
				continue
			case c == quote && quote == '\'' && off+1 < len(line) && line[off+1] == '\'':
				off += 2
				continue
			case c == quote:
				return pos{n, s.column(n, off+1)}
			}
			off++
		}
		off = 0
	}
	return s.endOfLine(p)
}

// blockEnd returns the end of a literal or folded block scalar whose header
// (| or >) is at p: its last line indented deeper than the line before the
// block, past blank lines.
func (s *source) blockEnd(p pos) pos {
	end := s.endOfLine(p)
	indent := -1
	for n := p.line + 1; n <= len(s.lines); n++ {
		line := s.line(n)
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		ind := indentOf(line)
		if indent < 0 {
			indent = ind
			if ind < p.col-1 && ind <= indentOf(s.line(p.line)) {
				break
			}
		}
		if ind < indent {
			break
		}
		end = pos{n, s.column(n, len(line))}
	}
	return end
}

// endOfLine is the column after the last non-blank character of p's line
// before a comment.
func (s *source) endOfLine(p pos) pos {
	line := s.line(p.line)
	text := line
	from := s.offset(p.line, p.col)
	if i := bytes.Index(line[from:], []byte(" #")); i >= 0 {
		text = line[:from+i]
	}
	text = bytes.TrimRight(text, " \t")
	return pos{p.line, s.column(p.line, len(text))}
}

// plainEnd returns the end of a plain (unquoted) scalar with the given value
// starting at p. Single-line values are the common case; a value folded over
// several lines is followed line by line.
func (s *source) plainEnd(p pos, value string) pos {
	line := s.line(p.line)
	off := s.offset(p.line, p.col)
	if bytes.HasPrefix(line[off:], []byte(value)) {
		return pos{p.line, p.col + utf8.RuneCountInString(value)}
	}
	rest := []byte(value)
	end := p
	for n := p.line; n <= len(s.lines) && len(rest) > 0; n++ {
		line = s.line(n)
		text := bytes.TrimSpace(line[min(off, len(line)):])
		if i := bytes.Index(text, []byte(" #")); i >= 0 {
			text = bytes.TrimSpace(text[:i])
		}
		off = 0
		rest = bytes.TrimLeft(rest, " \n")
		if len(text) == 0 {
			continue
		}
		if !bytes.HasPrefix(rest, text) {
			break
		}
		rest = rest[len(text):]
		end = pos{n, s.column(n, bytes.Index(line, text)+len(text))}
	}
	if end == p {
		return s.endOfLine(p)
	}
	return end
}

// flowEnd returns the position after the bracket that closes a flow
// collection, searching from after its last item (or its opening bracket).
func (s *source) flowEnd(from pos, closer byte) pos {
	for n := from.line; n <= len(s.lines); n++ {
		line := s.line(n)
		off := 0
		if n == from.line {
			off = s.offset(n, from.col)
		}
		for ; off < len(line); off++ {
			switch line[off] {
			case ' ', '\t', ',':
				continue
			case closer:
				return pos{n, s.column(n, off+1)}
			}
			if line[off] != '#' {
				return from
			}
			break
		}
	}
	return from
}
