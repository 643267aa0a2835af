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
		name, rule, file, text, title, want string
	}{
		{"policy file without Version", "IAM412", "policy.json", "{\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/${aws:username}/*\"}]\n}\n", `Add "Version": "2012-10-17"`,
			"{ \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/${aws:username}/*\"}]\n}\n"},
		{"jsonencode without Version", "IAM412", "main.tf", "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({ Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::b/$${aws:username}/*\" }] })\n}\n", `Add "Version": "2012-10-17"`,
			"resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({ \"Version\": \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::b/$${aws:username}/*\" }] })\n}\n"},
		{"template without Version", "IAM412", "template.yaml", "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub \"arn:aws:s3:::b/${!aws:username}/*\"\n", "Add Version: 2012-10-17",
			"Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub \"arn:aws:s3:::b/${!aws:username}/*\"\n"},
		{"legacy Version", "IAM412", "legacy.json", "{\"Version\": \"2008-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/${aws:username}/*\"}]}\n", "Use policy language version 2012-10-17",
			"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/${aws:username}/*\"}]}\n"},
		{"template ending without a line end", "IAM306", "bucket.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - {Effect: Allow, Principal: \"*\", Action: s3:GetObject, Resource: !Sub \"${B.Arn}/*\"}", tlsTitle,
			"Resources:\n  B:\n    Type: AWS::S3::Bucket\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - {Effect: Allow, Principal: \"*\", Action: s3:GetObject, Resource: !Sub \"${B.Arn}/*\"}\n          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal: \"*\"\n            Action: \"s3:*\"\n            Resource:\n              - !Sub \"arn:${AWS::Partition}:s3:::${B}\"\n              - !Sub \"arn:${AWS::Partition}:s3:::${B}/*\"\n            Condition:\n              Bool:\n                aws:SecureTransport: \"false\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			testQuickFix(t, dir, tc.rule, tc.file, tc.text, tc.title, tc.want)
		})
	}
}

// testQuickFix opens file of dir, which holds text, through the JSON-RPC
// client, takes the one diagnostic of rule and its one quick fix, applies
// it as a client does, checks the result is want, and that the server,
// told of the change, reports nothing any more. With want "", it checks
// that the diagnostic comes with no fix.
func testQuickFix(t *testing.T, dir, rule, file, text, title, want string) string {
	t.Helper()
	real, _ := filepath.EvalSymlinks(dir)
	uri := uriOf(filepath.Join(real, file))
	c := startServer(t, Options{Request: scan.Request{Rules: &scan.RuleRequest{Enable: []string{rule}}}})
	c.call("initialize", map[string]any{"rootUri": uriOf(real), "capabilities": map[string]any{}})
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 1, "text": text}})
	got := c.diagnosticsOf(1)
	if len(got.Diagnostics) != 1 || got.Diagnostics[0].Code != rule || (got.Diagnostics[0].Data == nil) != (want == "") {
		t.Fatalf("diagnostics = %+v, want one %s, with a fix: %t", got.Diagnostics, rule, want != "")
	}
	if want == "" {
		c.call("shutdown", nil)
		c.notify("exit", nil)
		return ""
	}
	result, _ := c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": got.Diagnostics[0].Range,
		"context": map[string]any{"diagnostics": got.Diagnostics},
	})
	var actions []codeAction
	if err := json.Unmarshal(result, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) != 1 || actions[0].Title != title || actions[0].Kind != "quickfix" || len(actions[0].Edit.Changes[uri]) != 1 {
		t.Fatalf("code actions = %+v, want one quickfix %q on %s", actions, title, uri)
	}
	fixed := apply(t, text, actions[0].Edit.Changes[uri][0])
	if fixed != want && !*update {
		t.Errorf("fixed text:\n%s\nwant:\n%s", fixed, want)
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"text": fixed}}})
	if after := c.diagnosticsOf(2); len(after.Diagnostics) != 0 {
		t.Errorf("after the fix:\n%s\ndiagnostics = %+v, want none", fixed, after.Diagnostics)
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	return fixed
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
