package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/scan"
)

// client speaks JSON-RPC to a server over pipes, as an editor does.
type client struct {
	t      *testing.T
	w      io.WriteCloser
	r      *bufio.Reader
	nextID int
	done   chan error
}

func startServer(t *testing.T, opts Options) *client {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &client{t: t, w: inW, r: bufio.NewReader(outR), done: make(chan error, 1)}
	go func() {
		err := Serve(context.Background(), inR, outW, opts)
		outW.Close()
		c.done <- err
	}()
	t.Cleanup(func() { inW.Close(); outR.Close() })
	return c
}

func (c *client) send(v any) {
	c.t.Helper()
	if err := writeMessage(c.w, v); err != nil {
		c.t.Fatalf("sending: %v", err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and returns its response, failing on any other
// message but notifications, which are returned too.
func (c *client) call(method string, params any) (json.RawMessage, []message) {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	var notes []message
	for {
		m := c.receive()
		if m.Method != "" {
			notes = append(notes, m)
			continue
		}
		if string(m.ID) != fmt.Sprint(id) {
			c.t.Fatalf("response to %s has id %s, want %d", method, m.ID, id)
		}
		if m.Error != nil {
			c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
		}
		return m.Result, notes
	}
}

// receive reads the next message, within a bound.
func (c *client) receive() message {
	c.t.Helper()
	type read struct {
		body []byte
		err  error
	}
	got := make(chan read, 1)
	go func() {
		body, err := readMessage(c.r, 1<<24)
		got <- read{body, err}
	}()
	select {
	case r := <-got:
		if r.err != nil {
			c.t.Fatalf("reading from the server: %v", r.err)
		}
		var m message
		if err := json.Unmarshal(r.body, &m); err != nil {
			c.t.Fatalf("a message that is not JSON-RPC: %v: %s", err, r.body)
		}
		return m
	case <-time.After(30 * time.Second):
		c.t.Fatal("no message from the server within 30 s")
	}
	return message{}
}

// diagnostics reads messages until a publishDiagnostics, skipping log
// messages.
func (c *client) diagnostics() publishDiagnosticsParams {
	c.t.Helper()
	for {
		m := c.receive()
		if m.Method == "window/logMessage" {
			continue
		}
		if m.Method != "textDocument/publishDiagnostics" {
			c.t.Fatalf("got %s %s, want publishDiagnostics", m.Method, m.Params)
		}
		var p publishDiagnosticsParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatal(err)
		}
		return p
	}
}

// policy.tf holds the policy; the document it uses is in doc.tf, which the
// editor has open.
// diagnosticsOf reads publishes until one for the given version of an
// open document: a scan of the file on disk, or of an older text, may
// publish before it.
func (c *client) diagnosticsOf(version int) publishDiagnosticsParams {
	c.t.Helper()
	for {
		p := c.diagnostics()
		if p.Version != nil && *p.Version == version {
			return p
		}
	}
}

const (
	policyTF = `resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = data.aws_iam_policy_document.admin.json
}
`
	docOnDisk = `data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}
`
)

// The whole exchange: initialize, didOpen of a file whose editor text
// grants full admin (the file on disk does not), its diagnostics, a
// didChange that fixes it and the empty diagnostics that follow, shutdown
// and exit.
func TestServerPublishesFindingsOfTheEditorsText(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"policy.tf": policyTF, "doc.tf": docOnDisk} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	real, _ := filepath.EvalSymlinks(dir)
	uri, policyURI := uriOf(filepath.Join(real, "doc.tf")), uriOf(filepath.Join(real, "policy.tf"))
	c := startServer(t, Options{Version: "test", Request: scan.Request{Rules: &scan.RuleRequest{Enable: []string{"IAM201"}}}})

	result, _ := c.call("initialize", map[string]any{"processId": nil, "rootUri": uriOf(real), "capabilities": map[string]any{}})
	var init initializeResult
	if err := json.Unmarshal(result, &init); err != nil {
		t.Fatal(err)
	}
	want := initializeResult{
		Capabilities: serverCapabilities{
			TextDocumentSync:   textDocumentSyncOptions{OpenClose: true, Change: syncFull, Save: saveOptions{IncludeText: true}},
			CodeActionProvider: codeActionOptions{CodeActionKinds: []string{"quickfix"}},
		},
		ServerInfo: serverInfo{Name: "iacscan", Version: "test"},
	}
	if diff := cmp.Diff(want, init); diff != "" {
		t.Errorf("initialize result (-want +got):\n%s", diff)
	}
	c.notify("initialized", map[string]any{})

	admin := strings.Replace(strings.Replace(docOnDisk, `"s3:GetObject"`, `"*"`, 1), `"arn:aws:s3:::reports/*"`, `"*"`, 1)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "terraform", "version": 1, "text": admin}})
	version := 1
	wantDiags := publishDiagnosticsParams{URI: uri, Version: &version, Diagnostics: []diagnostic{{
		Range:           lspRange{Start: position{1, 2}, End: position{4, 3}},
		Severity:        severityError,
		Code:            "IAM201",
		CodeDescription: &codeDescription{Href: "https://github.com/iacscan/iacscan/blob/main/docs/rules/IAM201.md"},
		Source:          "iacscan",
		Message:         "managed policy `aws_iam_policy.admin` allows every action (`*`) on every resource (`*`) in statement 1",
		RelatedInformation: []relatedInfomation{{
			Location: location{URI: policyURI, Range: lspRange{Start: position{0, 0}, End: position{3, 1}}},
			Message:  "`aws_iam_policy.admin` uses this policy document",
		}},
	}}}
	// The scan at initialize may publish nothing or come first: wait for
	// the one of the opened text.
	got := c.diagnostics()
	for len(got.Diagnostics) == 0 {
		got = c.diagnostics()
	}
	if diff := cmp.Diff(wantDiags, got); diff != "" {
		t.Errorf("diagnostics after didOpen (-want +got):\n%s", diff)
	}

	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"text": docOnDisk}}})
	version = 2
	if diff := cmp.Diff(publishDiagnosticsParams{URI: uri, Version: &version, Diagnostics: []diagnostic{}}, c.diagnostics()); diff != "" {
		t.Errorf("diagnostics after the fix (-want +got):\n%s", diff)
	}

	if result, _ := c.call("shutdown", nil); string(result) != "null" {
		t.Errorf("shutdown result = %s, want null", result)
	}
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("Serve after shutdown and exit = %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return after exit")
	}
}

// A CloudFormation template open in the editor is scanned from its text,
// and closing it goes back to the file on disk, which is clean.
func TestServerScansOpenTemplates(t *testing.T) {
	const onDisk = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "s3:GetObject"
            Resource: "arn:aws:s3:::reports/*"
`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(onDisk), 0o644); err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(dir)
	uri := uriOf(filepath.Join(real, "template.yaml"))
	c := startServer(t, Options{Request: scan.Request{Rules: &scan.RuleRequest{Enable: []string{"IAM201"}}}})
	c.call("initialize", map[string]any{"workspaceFolders": []any{map[string]any{"uri": uriOf(real), "name": "w"}}, "capabilities": map[string]any{}})

	admin := strings.NewReplacer(`"s3:GetObject"`, `"*"`, `"arn:aws:s3:::reports/*"`, `"*"`).Replace(onDisk)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 3, "text": admin}})
	got := c.diagnostics()
	for len(got.Diagnostics) == 0 {
		got = c.diagnostics()
	}
	version := 3
	want := publishDiagnosticsParams{URI: uri, Version: &version, Diagnostics: []diagnostic{{
		Range:           lspRange{Start: position{8, 12}, End: position{10, 25}},
		Severity:        severityError,
		Code:            "IAM201",
		CodeDescription: &codeDescription{Href: "https://github.com/iacscan/iacscan/blob/main/docs/rules/IAM201.md"},
		Source:          "iacscan",
		Message:         "managed policy `Admin` allows every action (`*`) on every resource (`*`) in statement 1",
	}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics after didOpen (-want +got):\n%s", diff)
	}

	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if diff := cmp.Diff(publishDiagnosticsParams{URI: uri, Diagnostics: []diagnostic{}}, c.diagnostics()); diff != "" {
		t.Errorf("diagnostics after didClose (-want +got):\n%s", diff)
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	if err := <-c.done; err != nil {
		t.Errorf("Serve = %v", err)
	}
}

// Documents outside every workspace folder, and all documents when the
// editor has no folder open, are scanned from their own directory: a
// policy file alone, a Terraform file with its module. Messages name the
// files as a scan from there does (as a scan of the folder does for its
// files, not by their absolute path), and every URI is the file's.
func TestServerScansDocumentsOutsideTheFolders(t *testing.T) {
	const (
		admin = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`
		docTF = `data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
`
	)
	for _, tc := range []struct {
		name string
		init func(ws, other string) map[string]any
	}{
		{"in the folder", func(_, other string) map[string]any { return map[string]any{"rootUri": uriOf(other)} }},
		{"outside the folder", func(ws, _ string) map[string]any { return map[string]any{"rootUri": uriOf(ws)} }},
		{"no folder", func(_, _ string) map[string]any { return map[string]any{"rootUri": nil} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws, other := t.TempDir(), t.TempDir()
			for path, text := range map[string]string{
				filepath.Join(ws, "template.yaml"):  "Resources:\n  B:\n    Type: AWS::S3::Bucket\n",
				filepath.Join(other, "a b.json"):    admin,
				filepath.Join(other, "policy.tf"):   policyTF,
				filepath.Join(other, "doc.tf"):      docTF,
				filepath.Join(other, "unread.json"): admin,
			} {
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			real, _ := filepath.EvalSymlinks(other)
			policyURI, tfURI, docURI := uriOf(filepath.Join(real, "a b.json")), uriOf(filepath.Join(real, "policy.tf")), uriOf(filepath.Join(real, "doc.tf"))
			c := startServer(t, Options{Request: scan.Request{Rules: &scan.RuleRequest{Enable: []string{"IAM201"}}}})
			c.call("initialize", tc.init(ws, other))
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": policyURI, "version": 1, "text": admin}})
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": tfURI, "version": 1, "text": policyTF}})
			one := 1
			iam201 := diagnostic{
				Severity: severityError, Code: "IAM201", Source: "iacscan",
				CodeDescription: &codeDescription{Href: "https://github.com/iacscan/iacscan/blob/main/docs/rules/IAM201.md"},
			}
			policy, doc := iam201, iam201
			policy.Range = lspRange{Start: position{0, 40}, End: position{0, 91}}
			policy.Message = "policy `a b.json` allows every action (`*`) on every resource (`*`) in statement 1"
			doc.Range = lspRange{Start: position{1, 2}, End: position{4, 3}}
			doc.Message = "managed policy `aws_iam_policy.admin` allows every action (`*`) on every resource (`*`) in statement 1"
			doc.RelatedInformation = []relatedInfomation{{
				Location: location{URI: tfURI, Range: lspRange{Start: position{0, 0}, End: position{3, 1}}},
				Message:  "`aws_iam_policy.admin` uses this policy document",
			}}
			want := map[string]publishDiagnosticsParams{
				policyURI: {URI: policyURI, Version: &one, Diagnostics: []diagnostic{policy}},
				tfURI:     {URI: tfURI, Version: &one, Diagnostics: []diagnostic{}},
				docURI:    {URI: docURI, Diagnostics: []diagnostic{doc}},
			}
			if real == realWS(tc.init(ws, other)) {
				// The folder's scan reads the file no editor has open.
				unread := policy
				unread.Message = "policy `unread.json` allows every action (`*`) on every resource (`*`) in statement 1"
				uri := uriOf(filepath.Join(real, "unread.json"))
				want[uri] = publishDiagnosticsParams{URI: uri, Diagnostics: []diagnostic{unread}}
			}
			// Publishes of scans before both opens may come first: read
			// until the last scan's, then compare all that it said.
			got := map[string]publishDiagnosticsParams{}
			for len(got) < len(want) || got[policyURI].Version == nil || got[tfURI].Version == nil || len(got[docURI].Diagnostics) == 0 || len(got[policyURI].Diagnostics) == 0 {
				p := c.diagnostics()
				got[p.URI] = p
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			c.call("shutdown", nil)
			c.notify("exit", nil)
		})
	}
}

// realWS is the real path of an initialize's rootUri, or "".
func realWS(init map[string]any) string {
	uri, _ := init["rootUri"].(string)
	if uri == "" {
		return ""
	}
	path, _ := pathOf(uri)
	real, _ := filepath.EvalSymlinks(path)
	return real
}
