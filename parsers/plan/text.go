package plan

import (
	"bytes"
	"unicode/utf8"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/format"
)

// maxPreamble bounds how far into a file text before the JSON (the
// "[command]terraform show -json …" line that CI wrappers print) is looked
// for. Beyond it, a file that does not start with JSON is not a plan.
const maxPreamble = 64 << 10

// text is a plan file normalised to UTF-8, with where its JSON starts.
type text struct {
	data []byte
	// start is the offset of the JSON object; past a byte order mark or a
	// wrapper's preamble.
	start int
	// wrapped is set when text came before the JSON: the wrapper's epilogue
	// after it is then tolerated too.
	wrapped bool
}

// normalise converts UTF-16 input (what Windows PowerShell's ">" writes) to
// UTF-8, drops a byte order mark and finds the JSON object. It reports false
// when no JSON object starts within maxPreamble.
func normalise(data []byte) (text, bool) {
	data = format.UTF8Text(data) // Parse may be called without an Input
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	start := skipSpace(data, 0)
	if start < len(data) && data[start] == '{' {
		return text{data: data, start: start}, true
	}
	// A wrapper's preamble: the JSON starts at the beginning of a later line.
	head := data[:min(len(data), maxPreamble)]
	for i := bytes.IndexByte(head, '\n'); i >= 0; {
		if j := i + 1; j < len(head) && head[j] == '{' {
			return text{data: data, start: j, wrapped: true}, true
		}
		next := bytes.IndexByte(head[i+1:], '\n')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return text{}, false
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// positions turns byte offsets into line and column. Offsets arrive mostly
// in increasing order, so it counts forward from the last one instead of
// indexing every line of a file that may be hundreds of megabytes (or one
// line of that size).
type positions struct {
	file string
	data []byte
	off  int // last offset converted
	line int // its line, 1-based
	col  int // its column, 1-based, in characters
}

func newPositions(file string, data []byte) *positions {
	return &positions{file: file, data: data, line: 1, col: 1}
}

// at returns the location of the byte at off, as a range of one character.
func (p *positions) at(off int) model.Location {
	off = max(0, min(off, len(p.data)))
	if off < p.off {
		p.off, p.line, p.col = 0, 1, 1
	}
	span := p.data[p.off:off]
	if nl := bytes.Count(span, []byte{'\n'}); nl > 0 {
		p.line += nl
		p.col = 1
		span = span[bytes.LastIndexByte(span, '\n')+1:]
	}
	p.col += utf8.RuneCount(span)
	p.off = off
	return model.Location{File: p.file, StartLine: p.line, StartColumn: p.col, EndLine: p.line, EndColumn: p.col + 1}
}
