package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// frame writes JSON-RPC bodies as the base protocol frames them.
func frame(bodies ...string) string {
	var b strings.Builder
	for _, body := range bodies {
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	return b.String()
}

// iacscan lsp answers on standard output and exits 0 after shutdown and
// exit, 2 after an exit without shutdown or with a path.
func TestLSPCommand(t *testing.T) {
	dir := t.TempDir()
	initialize := fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file://%s","capabilities":{}}}`, dir)
	for _, tc := range []struct {
		name   string
		args   []string
		in     string
		code   int
		stdout []string
		stderr string
	}{
		{"shutdown then exit", nil, frame(initialize, `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`, `{"jsonrpc":"2.0","method":"exit"}`), 0,
			[]string{`"serverInfo":{"name":"iacscan","version":"` + version + `"}`, `{"jsonrpc":"2.0","id":2,"result":null}`}, ""},
		{"exit without shutdown", nil, frame(initialize, `{"jsonrpc":"2.0","method":"exit"}`), 2, []string{`"capabilities"`}, "iacscan: lsp: exit before shutdown\n"},
		{"a request before initialize", nil, frame(`{"jsonrpc":"2.0","id":7,"method":"shutdown"}`), 2,
			[]string{`{"jsonrpc":"2.0","id":7,"error":{"code":-32002,"message":"initialize first"}}`}, "iacscan: lsp: the client closed the stream without exit\n"},
		{"a path", []string{"."}, "", 2, nil, "iacscan: lsp takes no path: the client names its workspace folders\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"iacscan", "lsp"}, tc.args...), strings.NewReader(tc.in), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			for _, want := range tc.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %s:\n%s", want, stdout.String())
				}
			}
			if got := stderr.String(); !strings.HasSuffix(got, tc.stderr) || tc.stderr == "" && strings.Contains(got, "iacscan: ") {
				t.Errorf("stderr = %q, want it to end %q", got, tc.stderr)
			}
		})
	}
}
