package format

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// UTF8Text returns text in UTF-16 as UTF-8, and other text unchanged. UTF-16
// is recognised by its byte order mark, or without one by the zero bytes
// of its first characters, which in a template, a policy or a plan are
// ASCII ({, A, #, -). Every format then reads UTF-8, in a walk as when the
// file is named.
func UTF8Text(data []byte) []byte {
	var bigEndian bool
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		data = data[2:]
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		data, bigEndian = data[2:], true
	case len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
	case len(data) >= 4 && data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		bigEndian = true
	default:
		return data
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	out := make([]byte, 0, len(units)+len(units)/2)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}
