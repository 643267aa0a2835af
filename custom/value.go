package custom

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
)

// jsonValue converts a JSON document into the Rego value that
// util.UnmarshalJSON followed by ast.InterfaceToValue makes of it, in one
// pass over the text: the tree of Go maps and slices between the two,
// which the conversion walks again and throws away, cost more than the
// conversion. Strings with escapes and numbers are read by encoding/json
// and OPA themselves, so that they convert alike.
func jsonValue(data []byte) (ast.Value, error) {
	p := jsonParser{data: data}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.i < len(p.data) {
		return nil, p.errorf("more than one value")
	}
	return v, nil
}

type jsonParser struct {
	data []byte
	i    int
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *jsonParser) skipSpace() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (ast.Value, error) {
	p.skipSpace()
	if p.i >= len(p.data) {
		return nil, p.errorf("unexpected end")
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return ast.String(s), nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range []struct {
		text string
		v    ast.Value
	}{{"true", ast.Boolean(true)}, {"false", ast.Boolean(false)}, {"null", ast.NullValue}} {
		if len(p.data)-p.i >= len(lit.text) && string(p.data[p.i:p.i+len(lit.text)]) == lit.text {
			p.i += len(lit.text)
			return lit.v, nil
		}
	}
	return nil, p.errorf("unexpected %q", p.data[p.i])
}

func (p *jsonParser) object() (ast.Value, error) {
	p.i++ // '{'
	var ps pairs
	if p.skipSpace(); p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return ast.NewObject(), nil
	}
	for {
		if p.skipSpace(); p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, p.errorf("want an object key")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if p.skipSpace(); p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, p.errorf("want ':'")
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		ps.set(key, v)
		if done, err := p.next('}'); err != nil || done {
			return ast.NewObject(ps.kvs...), err
		}
	}
}

// pairs are an object's keys and values as they are read: the last value
// of a key repeated wins, as in encoding/json's maps. Small objects (most
// of an export's) are searched, large ones indexed.
type pairs struct {
	kvs   [][2]*ast.Term
	index map[string]int
}

func (ps *pairs) set(key string, v ast.Value) {
	const indexFrom = 16
	if ps.index == nil && len(ps.kvs) >= indexFrom {
		ps.index = make(map[string]int, 2*len(ps.kvs))
		for i, kv := range ps.kvs {
			ps.index[string(kv[0].Value.(ast.String))] = i
		}
	}
	i, found := -1, false
	if ps.index != nil {
		i, found = ps.index[key]
	} else {
		for j := range ps.kvs {
			if string(ps.kvs[j][0].Value.(ast.String)) == key {
				i, found = j, true
				break
			}
		}
	}
	if found {
		ps.kvs[i][1] = ast.NewTerm(v)
		return
	}
	if ps.index != nil {
		ps.index[key] = len(ps.kvs)
	}
	ps.kvs = append(ps.kvs, [2]*ast.Term{ast.StringTerm(key), ast.NewTerm(v)})
}

func (p *jsonParser) array() (ast.Value, error) {
	p.i++ // '['
	var elems []*ast.Term
	if p.skipSpace(); p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return ast.NewArray(), nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		elems = append(elems, ast.NewTerm(v))
		if done, err := p.next(']'); err != nil || done {
			return ast.NewArray(elems...), err
		}
	}
}

// next reads the ',' between elements or the closing delimiter, and reports
// whether it was the end.
func (p *jsonParser) next(end byte) (bool, error) {
	if p.skipSpace(); p.i < len(p.data) {
		switch p.data[p.i] {
		case ',':
			p.i++
			return false, nil
		case end:
			p.i++
			return true, nil
		}
	}
	return false, p.errorf("want ',' or %q", end)
}

// str reads a string; one with escapes (rare in an export) or bytes that
// are not UTF-8 (which encoding/json replaces) is unquoted by encoding/json.
func (p *jsonParser) str() (string, error) {
	start := p.i
	escaped := false
	for p.i++; p.i < len(p.data); p.i++ {
		switch c := p.data[p.i]; {
		case c == '\\':
			escaped = true
			p.i++
		case c == '"':
			p.i++
			raw := p.data[start:p.i]
			if !escaped && utf8.Valid(raw) {
				return string(raw[1 : len(raw)-1]), nil
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", p.errorf("%v", err)
			}
			return s, nil
		case c < 0x20:
			return "", p.errorf("control character in a string")
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *jsonParser) number() (ast.Value, error) {
	start := p.i
	for p.i < len(p.data) {
		c := p.data[p.i]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			p.i++
			continue
		}
		break
	}
	text := string(p.data[start:p.i])
	if !json.Valid([]byte(text)) {
		return nil, p.errorf("bad number %q", text)
	}
	return ast.InterfaceToValue(json.Number(text))
}
