package lsp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReadMessage(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // bodies, in order
		err      error    // after them; io.EOF for a clean end
	}{
		{"two messages", "Content-Length: 2\r\n\r\n{}Content-Length: 7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"a\":1}", []string{"{}", `{"a":1}`}, io.EOF},
		{"bare LF and case", "content-length:2\n\n[]", []string{"[]"}, io.EOF},
		{"empty stream", "", nil, io.EOF},
		{"no length", "Content-Type: x\r\n\r\n{}", nil, errFraming},
		{"bad length", "Content-Length: -1\r\n\r\n", nil, errFraming},
		{"not a header", "{\"jsonrpc\":\"2.0\"}\r\n\r\n", nil, errFraming},
		{"over the limit", "Content-Length: 65\r\n\r\n", nil, errFraming},
		{"short body", "Content-Length: 10\r\n\r\n{}", nil, io.ErrUnexpectedEOF},
		{"header cut", "Content-Length: 2\r\n", nil, io.ErrUnexpectedEOF},
		{"endless header line", "Content-Length: " + strings.Repeat("1", 2000), nil, errFraming},
		{"endless headers", strings.Repeat("X: y\r\n", 100), nil, errFraming},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tc.in))
			var got []string
			for {
				body, err := readMessage(r, 64)
				if err != nil {
					if !errors.Is(err, tc.err) {
						t.Errorf("err = %v, want %v", err, tc.err)
					}
					break
				}
				got = append(got, string(body))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("bodies = %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzReadMessage: any byte stream reads as whole messages within the
// limit, then an error; never a panic or a body over the limit, and a body
// written by writeMessage reads back as it was.
func FuzzReadMessage(f *testing.F) {
	f.Add([]byte("Content-Length: 2\r\n\r\n{}"))
	f.Add([]byte("Content-Length: 99999999999999999999\r\n\r\n"))
	f.Add([]byte("content-length:1\n\nxContent-Length: 3\r\n\r\nab"))
	f.Add([]byte(":\r\n\r\n"))
	const limit = 1 << 10
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bufio.NewReaderSize(bytes.NewReader(data), 16)
		for i := 0; ; i++ {
			body, err := readMessage(r, limit)
			if err != nil {
				break
			}
			if len(body) > limit {
				t.Fatalf("a body of %d bytes, over the limit of %d", len(body), limit)
			}
			if i > len(data) {
				t.Fatalf("%d messages from %d bytes", i, len(data))
			}
		}
		var buf bytes.Buffer
		if err := writeMessage(&buf, string(data)); err != nil {
			t.Fatal(err)
		}
		want := buf.Bytes()[bytes.Index(buf.Bytes(), []byte("\r\n\r\n"))+4:]
		body, err := readMessage(bufio.NewReader(&buf), 1<<20)
		if err != nil || !bytes.Equal(body, want) {
			t.Fatalf("round trip: %q, %v; want %q", body, err, want)
		}
	})
}
