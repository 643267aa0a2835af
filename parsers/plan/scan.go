package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// A plan can be hundreds of megabytes, most of it values iacscan does not
// need (planned_values repeats resource_changes; most resources hold
// nothing about IAM). So the file is never decoded whole: these functions
// find the extent of each value by matching brackets, and only the parts
// that are used are decoded, one resource at a time. Other top-level
// sections are validated; resources that are not read are only checked for
// structure (balanced brackets, terminated strings).

// syntaxError is a problem at a byte offset of the plan.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func errAt(off int, format string, args ...any) *syntaxError {
	return &syntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

// span is the extent of one JSON value: data[start:end].
type span struct{ start, end int }

// valueEnd returns the offset just past the JSON value that starts at i. It
// only matches strings and brackets; decoding or validate checks the rest.
func valueEnd(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, errAt(len(data), "unexpected end of input")
	}
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, err := stringEnd(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errAt(len(data), "unexpected end of input")
	case '}', ']', ',', ':':
		return 0, errAt(i, "unexpected %q", data[i])
	}
	for j := i; j < len(data); j++ {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return j, nil
		}
	}
	return len(data), nil
}

func stringEnd(data []byte, i int) (int, error) {
	for j := i + 1; ; {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return 0, errAt(i, "unterminated string")
		}
		quote := j + k
		escapes := 0
		for p := quote - 1; p > i && data[p] == '\\'; p-- {
			escapes++
		}
		if escapes%2 == 0 {
			return quote + 1, nil
		}
		j = quote + 1
	}
}

// members calls fn for each member of the object at i and returns the offset
// past the object.
func members(data []byte, i int, fn func(key string, value span) error) (int, error) {
	return memberValues(data, i, func(key string, start int) (int, error) {
		end, err := valueEnd(data, start)
		if err != nil {
			return 0, err
		}
		return end, fn(key, span{start, end})
	})
}

// memberValues is members for a caller that reads each value itself: fn is
// given the key and the offset of the value, and returns the offset past it.
func memberValues(data []byte, i int, fn func(key string, start int) (int, error)) (int, error) {
	return walk(data, i, '{', '}', func(j int) (int, error) {
		if data[j] != '"' {
			return 0, errAt(j, "object key must be a string")
		}
		keyEnd, err := stringEnd(data, j)
		if err != nil {
			return 0, err
		}
		key, err := str(data, span{j, keyEnd})
		if err != nil {
			return 0, err
		}
		k := skipSpace(data, keyEnd)
		if k >= len(data) || data[k] != ':' {
			return 0, errAt(k, "expected ':' after object key %q", key)
		}
		return fn(key, skipSpace(data, k+1))
	})
}

// elements calls fn for each element of the array at i and returns the
// offset past the array.
func elements(data []byte, i int, fn func(value span) error) (int, error) {
	return walk(data, i, '[', ']', func(j int) (int, error) {
		end, err := valueEnd(data, j)
		if err != nil {
			return 0, err
		}
		return end, fn(span{j, end})
	})
}

// walk steps through the comma-separated items of an object or array at i;
// item reads one item at its first byte and returns the offset past it.
func walk(data []byte, i int, open, closing byte, item func(int) (int, error)) (int, error) {
	if i >= len(data) || data[i] != open {
		return 0, errAt(i, "expected %q", open)
	}
	j := skipSpace(data, i+1)
	if j < len(data) && data[j] == closing {
		return j + 1, nil
	}
	for {
		if j >= len(data) {
			return 0, errAt(j, "unexpected end of input")
		}
		end, err := item(j)
		if err != nil {
			return 0, err
		}
		j = skipSpace(data, end)
		switch {
		case j >= len(data):
			return 0, errAt(j, "unexpected end of input: expected ',' or %q", closing)
		case data[j] == closing:
			return j + 1, nil
		case data[j] != ',':
			return 0, errAt(j, "expected ',' or %q, found %q", closing, data[j])
		}
		j = skipSpace(data, j+1)
	}
}

// str decodes the JSON string at s as encoding/json does; cheaply when it
// has no escapes and is valid UTF-8 (encoding/json replaces invalid bytes).
func str(data []byte, s span) (string, error) {
	raw := data[s.start:s.end]
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", errAt(s.start, "expected a string")
	}
	raw = raw[1 : len(raw)-1]
	if plain(raw) {
		return string(raw), nil
	}
	if out, ok := unquote(raw); ok {
		return out, nil
	}
	var out string
	if err := json.Unmarshal(data[s.start:s.end], &out); err != nil {
		return "", decodeError(s, err)
	}
	return out, nil
}

// plain reports whether the inside of a JSON string is its value: no
// escapes, no quotes or control characters (which JSON does not allow),
// valid UTF-8.
func plain(raw []byte) bool {
	for _, c := range raw {
		if c < ' ' || c == '\\' || c == '"' {
			return false
		}
	}
	return utf8.Valid(raw)
}

// unquote decodes the inside of a JSON string as encoding/json does:
// escapes, invalid UTF-8 and unpaired surrogates become U+FFFD. It reports
// false for a string that is not valid (a control character, an unknown
// escape, a quote).
func unquote(raw []byte) (string, bool) {
	var b strings.Builder
	b.Grow(len(raw))
	for r := 0; r < len(raw); {
		c := raw[r]
		switch {
		case c == '"' || c < ' ':
			return "", false
		case c < utf8.RuneSelf && c != '\\':
			b.WriteByte(c)
			r++
			continue
		case c != '\\':
			rr, size := utf8.DecodeRune(raw[r:])
			b.WriteRune(rr)
			r += size
			continue
		}
		if r+1 >= len(raw) {
			return "", false
		}
		switch e := raw[r+1]; e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			rr := hex4(raw[r+2:])
			if rr < 0 {
				return "", false
			}
			r += 6
			if utf16.IsSurrogate(rr) {
				if pair := utf16.DecodeRune(rr, hex4(raw[min(r+2, len(raw)):])); pair != unicode.ReplacementChar && r+1 < len(raw) && raw[r] == '\\' && raw[r+1] == 'u' {
					b.WriteRune(pair)
					r += 6
					continue
				}
				rr = unicode.ReplacementChar
			}
			b.WriteRune(rr)
			continue
		default:
			return "", false
		}
		r += 2
	}
	return b.String(), true
}

// hex4 returns the value of the four hexadecimal digits that start b, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// decode decodes the value at s into v. Numbers in untyped values become
// float64: a json.Decoder would keep them exact but copies every value
// into its buffer first, and the numbers of IAM resources (durations,
// lengths, counts) are far from float64's limits.
func decode(data []byte, s span, v any) error {
	if err := json.Unmarshal(data[s.start:s.end], v); err != nil {
		return decodeError(s, err)
	}
	return nil
}

// validate checks that a value iacscan skips is valid JSON.
func validate(data []byte, s span) error {
	if valid(data[s.start:s.end]) {
		return nil
	}
	var v any
	return decodeError(s, json.Unmarshal(data[s.start:s.end], &v))
}

// decodeError places an encoding/json error at its offset in the file.
func decodeError(s span, err error) error {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &se):
		return errAt(s.start+max(0, int(se.Offset)-1), "invalid JSON: %v", se)
	case errors.As(err, &te):
		return errAt(s.start+max(0, int(te.Offset)-1), "unexpected JSON: %s is a %s, expected %s", te.Field, te.Value, te.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errAt(s.end, "unexpected end of input")
	case err == nil:
		return errAt(s.start, "invalid JSON")
	}
	return errAt(s.start, "invalid JSON: %v", err)
}
