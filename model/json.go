package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// ParseJSON decodes JSON text into a Node tree that keeps the start and end of
// every value and key. Duplicate keys are kept (in order) for the caller to
// judge. A syntax error is returned as an *InputError at the offending line
// and column.
func ParseJSON(file string, data []byte) (*Node, error) {
	r := newJSONReader(file, data)
	n, err := r.value()
	if err != nil {
		return nil, err
	}
	if off := r.skip(int(r.dec.InputOffset())); off < len(r.data) {
		return nil, Errorf(r.pos(off, off+1), "invalid JSON: unexpected %q after the top-level value", r.data[off])
	}
	return n, nil
}

// jsonReader walks encoding/json tokens and maps byte offsets to positions.
type jsonReader struct {
	file  string
	data  []byte
	lines []int // byte offset of each line start, in data
	dec   *json.Decoder

	// The last position computed: offsets arrive almost always in order, so
	// counting runes from here keeps long single-line documents linear.
	curLine, curOff, curCol int
}

func newJSONReader(file string, data []byte) *jsonReader {
	// A byte order mark is not part of the first line as editors count it.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := []int{0}
	for i, b := range data {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &jsonReader{file: file, data: data, lines: lines, dec: dec, curCol: 1}
}

// skip returns the offset of the next token at or after off, past whitespace
// and the separators the decoder consumes silently.
func (r *jsonReader) skip(off int) int {
	for off < len(r.data) {
		switch r.data[off] {
		case ' ', '\t', '\n', '\r', ':', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// lineCol converts a byte offset into a 1-based line and rune column.
func (r *jsonReader) lineCol(off int) (int, int) {
	line := sort.Search(len(r.lines), func(i int) bool { return r.lines[i] > off }) - 1
	if line == r.curLine && off >= r.curOff {
		r.curCol += utf8.RuneCount(r.data[r.curOff:off])
	} else {
		r.curCol = 1 + utf8.RuneCount(r.data[r.lines[line]:off])
	}
	r.curLine, r.curOff = line, off
	return line + 1, r.curCol
}

func (r *jsonReader) pos(start, end int) Location {
	sl, sc := r.lineCol(start)
	el, ec := r.lineCol(end)
	return Location{File: r.file, StartLine: sl, StartColumn: sc, EndLine: el, EndColumn: ec}
}

func (r *jsonReader) syntaxError(err error, near int) error {
	var se *json.SyntaxError
	off := near
	msg := err.Error()
	switch {
	case errors.As(err, &se):
		off = r.offending(int(se.Offset), msg)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		off, msg = len(r.data), "unexpected end of input"
	}
	if off > len(r.data) {
		off = len(r.data)
	}
	return &InputError{Loc: r.pos(off, off), Message: "invalid JSON: " + msg, Err: err}
}

// offending finds the byte a syntax error is about. The decoder's offset is
// sometimes just past that byte and sometimes before the whitespace in front
// of it, so look for the character the message names near the offset.
func (r *jsonReader) offending(off int, msg string) int {
	off = min(max(off, 0), len(r.data))
	_, rest, ok := strings.Cut(msg, "invalid character '")
	if !ok || len(rest) < 2 || rest[1] != '\'' {
		return max(off-1, 0)
	}
	for i := off; i < len(r.data) && i < off+64; i++ {
		if r.data[i] == rest[0] {
			return i
		}
	}
	return max(off-1, 0)
}

func (r *jsonReader) value() (*Node, error) {
	start := r.skip(int(r.dec.InputOffset()))
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.syntaxError(err, start)
	}
	n := &Node{}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.Kind = KindMap
			err = r.object(n)
		case '[':
			n.Kind = KindList
			err = r.array(n)
		default:
			return nil, Errorf(r.pos(start, start+1), "invalid JSON: unexpected %q", rune(t))
		}
		if err != nil {
			return nil, err
		}
	case string:
		n.Kind, n.Value = KindString, t
	case json.Number:
		n.Kind, n.Value = KindNumber, string(t)
	case bool:
		n.Kind, n.Value = KindBool, fmt.Sprint(t)
	case nil:
		n.Kind = KindNull
	}
	n.Loc = r.pos(start, int(r.dec.InputOffset()))
	return n, nil
}

func (r *jsonReader) object(n *Node) error {
	for r.dec.More() {
		keyStart := r.skip(int(r.dec.InputOffset()))
		tok, err := r.dec.Token()
		if err != nil {
			return r.syntaxError(err, keyStart)
		}
		key, ok := tok.(string)
		if !ok {
			return Errorf(r.pos(keyStart, keyStart+1), "invalid JSON: object key must be a string")
		}
		keyLoc := r.pos(keyStart, int(r.dec.InputOffset()))
		v, err := r.value()
		if err != nil {
			return err
		}
		n.Entries = append(n.Entries, &Entry{Key: key, KeyLoc: keyLoc, Value: v})
	}
	return r.closing()
}

func (r *jsonReader) array(n *Node) error {
	for r.dec.More() {
		v, err := r.value()
		if err != nil {
			return err
		}
		n.Items = append(n.Items, v)
	}
	return r.closing()
}

func (r *jsonReader) closing() error {
	off := r.skip(int(r.dec.InputOffset()))
	if _, err := r.dec.Token(); err != nil {
		return r.syntaxError(err, off)
	}
	return nil
}
