package syntax

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/iacscan/iacscan/model"
)

// maxJSONDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxJSONDepth = 1000

// ParseJSON decodes JSON text (RFC 8259) into a Node tree that keeps the
// start and end of every value and key. Duplicate keys are kept, in order,
// for the caller to judge. A syntax error is an *InputError at the offending
// line and column, saying what was expected.
//
// It is a small scanner of our own rather than encoding/json's Token API,
// which does not give positions and was 8× slower on large documents.
func ParseJSON(file string, data []byte) (*Node, error) {
	// A byte order mark is not part of the first line as editors count it.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s := &jsonScanner{file: file, data: data, line: 1, col: 1}
	s.space()
	n, err := s.value(0)
	if err != nil {
		return nil, err
	}
	s.space()
	if s.off < len(s.data) {
		return nil, s.errorf("unexpected %s after the top-level value", s.describeNext())
	}
	return n, nil
}

// jsonScanner reads JSON text, tracking line and column (in runes) as it goes.
type jsonScanner struct {
	file      string
	data      []byte
	off       int
	line, col int
	buf       []byte // scratch for unescaping strings
}

// pos returns the current position.
func (s *jsonScanner) pos() (int, int) { return s.line, s.col }

// advance moves past n bytes that contain no newline, counting runes.
func (s *jsonScanner) advance(n int) {
	s.col += utf8.RuneCount(s.data[s.off : s.off+n])
	s.off += n
}

func (s *jsonScanner) space() {
	for s.off < len(s.data) {
		switch s.data[s.off] {
		case ' ', '\t', '\r':
			s.off++
			s.col++
		case '\n':
			s.off++
			s.line++
			s.col = 1
		default:
			return
		}
	}
}

func (s *jsonScanner) loc(line, col int) model.Location {
	return model.Location{File: s.file, StartLine: line, StartColumn: col, EndLine: s.line, EndColumn: s.col}
}

func (s *jsonScanner) errorf(format string, args ...any) error {
	return &model.InputError{
		Loc:     model.Location{File: s.file, StartLine: s.line, StartColumn: s.col, EndLine: s.line, EndColumn: s.col + 1},
		Message: "invalid JSON: " + fmt.Sprintf(format, args...),
	}
}

// describeNext names the next character for error messages.
func (s *jsonScanner) describeNext() string {
	if s.off >= len(s.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(s.data[s.off:])
	return strconv.QuoteRune(r)
}

func (s *jsonScanner) value(depth int) (*Node, error) {
	if depth > maxJSONDepth {
		return nil, s.errorf("nested more than %d levels deep", maxJSONDepth)
	}
	if s.off >= len(s.data) {
		return nil, s.errorf("unexpected end of input, expected a value")
	}
	line, col := s.pos()
	n := &Node{}
	var err error
	switch c := s.data[s.off]; {
	case c == '{':
		n.Kind = KindMap
		err = s.object(n, depth)
	case c == '[':
		n.Kind = KindList
		err = s.array(n, depth)
	case c == '"':
		n.Kind = KindString
		n.Value, err = s.str()
	case c == '-' || c >= '0' && c <= '9':
		n.Kind = KindNumber
		n.Value, err = s.number()
	case c == 't':
		n.Kind, n.Value, err = KindBool, "true", s.literal("true")
	case c == 'f':
		n.Kind, n.Value, err = KindBool, "false", s.literal("false")
	case c == 'n':
		n.Kind, err = KindNull, s.literal("null")
	default:
		return nil, s.errorf("unexpected %s, expected a value", s.describeNext())
	}
	if err != nil {
		return nil, err
	}
	n.Loc = s.loc(line, col)
	return n, nil
}

func (s *jsonScanner) literal(word string) error {
	if !bytes.HasPrefix(s.data[s.off:], []byte(word)) {
		return s.errorf("unexpected %s, expected a value", s.describeNext())
	}
	s.advance(len(word))
	return nil
}

func (s *jsonScanner) object(n *Node, depth int) error {
	s.advance(1) // {
	s.space()
	if s.off < len(s.data) && s.data[s.off] == '}' {
		s.advance(1)
		return nil
	}
	for {
		if s.off >= len(s.data) || s.data[s.off] != '"' {
			return s.errorf("unexpected %s, expected a string key", s.describeNext())
		}
		line, col := s.pos()
		key, err := s.str()
		if err != nil {
			return err
		}
		keyLoc := s.loc(line, col)
		s.space()
		if s.off >= len(s.data) || s.data[s.off] != ':' {
			return s.errorf("unexpected %s, expected ':' after the key", s.describeNext())
		}
		s.advance(1)
		s.space()
		v, err := s.value(depth + 1)
		if err != nil {
			return err
		}
		n.Entries = append(n.Entries, &Entry{Key: key, KeyLoc: keyLoc, Value: v})
		s.space()
		if done, err := s.next('}', "object"); done || err != nil {
			return err
		}
	}
}

func (s *jsonScanner) array(n *Node, depth int) error {
	s.advance(1) // [
	s.space()
	if s.off < len(s.data) && s.data[s.off] == ']' {
		s.advance(1)
		return nil
	}
	for {
		v, err := s.value(depth + 1)
		if err != nil {
			return err
		}
		n.Items = append(n.Items, v)
		s.space()
		if done, err := s.next(']', "array"); done || err != nil {
			return err
		}
	}
}

// next consumes the ',' between members or the closing bracket.
func (s *jsonScanner) next(closing byte, what string) (done bool, err error) {
	if s.off < len(s.data) {
		switch s.data[s.off] {
		case closing:
			s.advance(1)
			return true, nil
		case ',':
			s.advance(1)
			s.space()
			return false, nil
		}
	}
	return false, s.errorf("unexpected %s, expected ',' or '%c' in %s", s.describeNext(), closing, what)
}

// str reads a string literal at s.off, unescaping it.
func (s *jsonScanner) str() (string, error) {
	start := s.off + 1
	i := start
	for i < len(s.data) {
		c := s.data[i]
		switch {
		case c == '"':
			text := string(s.data[start:i])
			s.advance(i + 1 - s.off)
			return text, nil
		case c == '\\':
			return s.escapedStr(start)
		case c < 0x20:
			s.advance(i - s.off)
			return "", s.errorf("control character %U in string (escape it)", rune(c))
		}
		i++
	}
	s.advance(i - s.off)
	return "", s.errorf("unexpected end of input in string")
}

// escapedStr is the slow path of str, for strings with escapes.
func (s *jsonScanner) escapedStr(start int) (string, error) {
	s.buf = s.buf[:0]
	i := start
	for i < len(s.data) {
		c := s.data[i]
		switch {
		case c == '"':
			s.advance(i + 1 - s.off)
			return string(s.buf), nil
		case c < 0x20:
			s.advance(i - s.off)
			return "", s.errorf("control character %U in string (escape it)", rune(c))
		case c != '\\':
			s.buf = append(s.buf, c)
			i++
			continue
		}
		if i+1 >= len(s.data) {
			break
		}
		switch e := s.data[i+1]; e {
		case '"', '\\', '/':
			s.buf = append(s.buf, e)
		case 'b':
			s.buf = append(s.buf, '\b')
		case 'f':
			s.buf = append(s.buf, '\f')
		case 'n':
			s.buf = append(s.buf, '\n')
		case 'r':
			s.buf = append(s.buf, '\r')
		case 't':
			s.buf = append(s.buf, '\t')
		case 'u':
			r, width, ok := s.unicodeEscape(i)
			if !ok {
				s.advance(i - s.off)
				return "", s.errorf(`invalid \u escape`)
			}
			s.buf = utf8.AppendRune(s.buf, r)
			i += width
			continue
		default:
			s.advance(i - s.off)
			return "", s.errorf("invalid escape '\\%c' in string", e)
		}
		i += 2
	}
	s.advance(len(s.data) - s.off)
	return "", s.errorf("unexpected end of input in string")
}

// unicodeEscape decodes \uXXXX at i, joining a UTF-16 surrogate pair.
func (s *jsonScanner) unicodeEscape(i int) (rune, int, bool) {
	hex := func(at int) (rune, bool) {
		if at+6 > len(s.data) || s.data[at] != '\\' || s.data[at+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(s.data[at+2:at+6]), 16, 16)
		return rune(v), err == nil
	}
	r, ok := hex(i)
	if !ok {
		return 0, 0, false
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex(i + 6); ok {
			if joined := utf16.DecodeRune(r, r2); joined != utf8.RuneError {
				return joined, 12, true
			}
		}
		return utf8.RuneError, 6, true
	}
	return r, 6, true
}

// number reads a number, checking the JSON grammar, and returns its text.
func (s *jsonScanner) number() (string, error) {
	i := s.off
	digits := func() int {
		start := i
		for i < len(s.data) && s.data[i] >= '0' && s.data[i] <= '9' {
			i++
		}
		return i - start
	}
	if s.data[i] == '-' {
		i++
	}
	switch n := digits(); {
	case n == 0:
		return "", s.numberError(i)
	case n > 1 && s.data[i-n] == '0':
		return "", s.numberError(i - n + 1)
	}
	if i < len(s.data) && s.data[i] == '.' {
		i++
		if digits() == 0 {
			return "", s.numberError(i)
		}
	}
	if i < len(s.data) && (s.data[i] == 'e' || s.data[i] == 'E') {
		i++
		if i < len(s.data) && (s.data[i] == '+' || s.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			return "", s.numberError(i)
		}
	}
	text := string(s.data[s.off:i])
	s.advance(i - s.off)
	return text, nil
}

func (s *jsonScanner) numberError(at int) error {
	s.advance(at - s.off)
	return s.errorf("unexpected %s in number", s.describeNext())
}
