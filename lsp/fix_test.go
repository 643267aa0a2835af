package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/iacscan/iacscan/scan"
)

// Each quick fix, applied as the client would apply it, leaves a text the
// rule no longer reports: the fix is real, not a suggestion.
func TestQuickFixesFixTheFinding(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, title string
	}{
		{"policy file without Version", "policy.json", "{\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/${aws:username}/*\"}]\n}\n", `Add "Version": "2012-10-17"`},
		{"jsonencode without Version", "main.tf", "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({ Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::b/$${aws:username}/*\" }] })\n}\n", `Add "Version": "2012-10-17"`},
		{"template without Version", "template.yaml", "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub \"arn:aws:s3:::b/${!aws:username}/*\"\n", "Add Version: 2012-10-17"},
		{"legacy Version", "legacy.json", "{\"Version\": \"2008-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/${aws:username}/*\"}]}\n", "Use policy language version 2012-10-17"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			real, _ := filepath.EvalSymlinks(dir)
			uri := uriOf(filepath.Join(real, tc.file))
			c := startServer(t, Options{Request: scan.Request{Rules: &scan.RuleRequest{Enable: []string{"IAM412"}}}})
			c.call("initialize", map[string]any{"rootUri": uriOf(real), "capabilities": map[string]any{}})
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 1, "text": tc.text}})
			got := c.diagnosticsOf(1)
			if len(got.Diagnostics) != 1 || got.Diagnostics[0].Code != "IAM412" || got.Diagnostics[0].Data == nil {
				t.Fatalf("diagnostics = %+v, want one IAM412 with a fix", got.Diagnostics)
			}
			result, _ := c.call("textDocument/codeAction", map[string]any{
				"textDocument": map[string]any{"uri": uri}, "range": got.Diagnostics[0].Range,
				"context": map[string]any{"diagnostics": got.Diagnostics},
			})
			var actions []codeAction
			if err := json.Unmarshal(result, &actions); err != nil {
				t.Fatal(err)
			}
			if len(actions) != 1 || actions[0].Title != tc.title || actions[0].Kind != "quickfix" || len(actions[0].Edit.Changes[uri]) != 1 {
				t.Fatalf("code actions = %+v, want one quickfix %q on %s", actions, tc.title, uri)
			}
			fixed := apply(t, tc.text, actions[0].Edit.Changes[uri][0])
			c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"text": fixed}}})
			if after := c.diagnosticsOf(2); len(after.Diagnostics) != 0 {
				t.Errorf("after the fix:\n%s\ndiagnostics = %+v, want none", fixed, after.Diagnostics)
			}
			c.call("shutdown", nil)
			c.notify("exit", nil)
		})
	}
}

// apply applies an edit as a client does: positions in UTF-16 units.
func apply(t *testing.T, text string, e textEdit) string {
	t.Helper()
	offset := func(p position) int {
		lines := strings.SplitAfter(text, "\n")
		if p.Line >= len(lines) {
			t.Fatalf("edit at line %d of %d", p.Line, len(lines))
		}
		off := 0
		for _, l := range lines[:p.Line] {
			off += len(l)
		}
		units := 0
		for i, r := range lines[p.Line] {
			if units >= p.Character {
				return off + i
			}
			units += utf16.RuneLen(r)
		}
		return off + len(lines[p.Line])
	}
	start, end := offset(e.Range.Start), offset(e.Range.End)
	return text[:start] + e.NewText + text[end:]
}
