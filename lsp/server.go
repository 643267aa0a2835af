package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/iacscan/iacscan/config"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/scan"
)

// Options configure a server.
type Options struct {
	// Version is iacscan's, for the client and the reports.
	Version string
	// Request is the scan every workspace folder gets (rules, --config,
	// inputs, the size limit); the server sets its paths, working
	// directory and overlay.
	Request scan.Request
	// Log, when set, is told what the server does and how long each scan
	// took (standard error: a client shows it as the server's output).
	Log io.Writer
}

// Serve answers one client on in and out until it sends exit, the stream
// ends or ctx is done. It returns nil after shutdown then exit, and an
// error otherwise (an exit without shutdown, a stream that broke).
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	s := &server{
		opts:      opts,
		out:       out,
		docs:      make(map[string]*document),
		published: make(map[string]bool),
		wake:      make(chan struct{}, 1),
	}
	ctx, cancel := context.WithCancel(ctx)
	var scans sync.WaitGroup
	scans.Go(func() { s.scanLoop(ctx) })
	err := s.read(ctx, bufio.NewReader(in))
	cancel()
	scans.Wait()
	return err
}

type server struct {
	opts Options

	writeMu sync.Mutex
	out     io.Writer

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	folders     []string             // real paths of the workspace folders
	docs        map[string]*document // open documents, by real path
	published   map[string]bool      // URIs whose last diagnostics were not empty
	settings    map[string]*scan.Settings

	wake chan struct{} // a scan is wanted
}

// document is an open file: the editor's text stands for the disk's.
type document struct {
	uri     string
	version int
	text    []byte // never changed: a change replaces it
}

func (s *server) read(ctx context.Context, r *bufio.Reader) error {
	maxBody := int(2*s.maxFileSize() + 1<<20) // a document, escaped, and the envelope
	for ctx.Err() == nil {
		body, err := readMessage(r, maxBody)
		if err == io.EOF {
			return errors.New("the client closed the stream without exit")
		}
		if err != nil {
			return fmt.Errorf("reading a message: %w", err)
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			s.reply(nil, nil, &responseError{Code: codeParseError, Message: err.Error()})
			continue
		}
		if m.Method == "exit" {
			if s.isShutdown() {
				return nil
			}
			return errors.New("exit before shutdown")
		}
		s.handle(&m)
	}
	return ctx.Err()
}

func (s *server) maxFileSize() int64 {
	if n := s.opts.Request.Input.MaxFileSize; n > 0 {
		return min(n, 1<<30)
	}
	return 64 << 20 // a file an editor holds; larger ones are read from disk
}

func (s *server) isShutdown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shutdown
}

// handle answers a request or acts on a notification.
func (s *server) handle(m *message) {
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case m.Method == "initialize":
		s.initialize(m)
		return
	case !initialized:
		if m.isRequest() {
			s.reply(m.ID, nil, &responseError{Code: codeNotInitialized, Message: "initialize first"})
		}
		return
	case shutdown && m.isRequest():
		s.reply(m.ID, nil, &responseError{Code: codeInvalidRequest, Message: "the server is shutting down"})
		return
	}
	var err error
	switch m.Method {
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		s.reply(m.ID, json.RawMessage("null"), nil)
	case "textDocument/didOpen":
		var p didOpenParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			err = s.setText(p.TextDocument.URI, p.TextDocument.Version, p.TextDocument.Text)
		}
	case "textDocument/didChange":
		var p didChangeParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			err = s.change(p)
		}
	case "textDocument/didSave":
		var p didSaveParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			err = s.save(p)
		}
	case "textDocument/codeAction":
		var p codeActionParams
		if err = json.Unmarshal(m.Params, &p); err != nil {
			s.reply(m.ID, nil, &responseError{Code: codeInvalidParams, Message: err.Error()})
			return
		}
		s.reply(m.ID, codeActions(p), nil)
	case "textDocument/didClose":
		var p didCloseParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.close(p.TextDocument.URI)
		}
	default:
		if m.isRequest() {
			s.reply(m.ID, nil, &responseError{Code: codeMethodNotFound, Message: "method not supported: " + m.Method})
		}
	}
	if err != nil {
		s.logMessage(messageError, fmt.Sprintf("%s: %v", m.Method, err))
	}
}

// capabilities are what the server offers: full-text sync, with the text
// on save, and quick fixes.
var capabilities = serverCapabilities{
	TextDocumentSync:   textDocumentSyncOptions{OpenClose: true, Change: syncFull, Save: saveOptions{IncludeText: true}},
	CodeActionProvider: codeActionOptions{CodeActionKinds: []string{"quickfix"}},
}

// codeActions are the quick fixes of the diagnostics the client names,
// from the data they were published with.
func codeActions(p codeActionParams) []codeAction {
	actions := []codeAction{}
	for _, d := range p.Context.Diagnostics {
		if d.Source != "iacscan" || d.Data == nil {
			continue
		}
		actions = append(actions, codeAction{
			Title: d.Data.Title, Kind: "quickfix", Diagnostics: []diagnostic{d}, IsPreferred: true,
			Edit: workspaceEdit{Changes: map[string][]textEdit{p.TextDocument.URI: {d.Data.Edit}}},
		})
	}
	return actions
}

func (s *server) initialize(m *message) {
	var p initializeParams
	if err := json.Unmarshal(m.Params, &p); err != nil {
		s.reply(m.ID, nil, &responseError{Code: codeInvalidParams, Message: err.Error()})
		return
	}
	var folders []string
	for _, f := range p.WorkspaceFolders {
		if dir, err := pathOf(f.URI); err == nil {
			folders = append(folders, dir)
		}
	}
	if len(folders) == 0 && p.RootURI != "" {
		if dir, err := pathOf(p.RootURI); err == nil {
			folders = append(folders, dir)
		}
	}
	if len(folders) == 0 && p.RootPath != "" {
		folders = append(folders, p.RootPath)
	}
	// No folder (an editor with a single file open): only the open
	// documents are scanned, not the server's working directory, which
	// the editor chose for its own reasons.
	for i, f := range folders {
		folders[i] = realPath(f)
	}
	s.mu.Lock()
	s.initialized = true
	s.folders = slices.Compact(folders)
	s.mu.Unlock()
	s.reply(m.ID, initializeResult{
		Capabilities: capabilities,
		ServerInfo:   serverInfo{Name: "iacscan", Version: s.opts.Version},
	}, nil)
	s.request()
}

// setText records a document's text as the editor has it, and asks for a
// scan.
func (s *server) setText(uri string, version int, text string) error {
	path, err := pathOf(uri)
	if err != nil {
		return err
	}
	if int64(len(text)) > s.maxFileSize() {
		return fmt.Errorf("%s: the document is larger than the size limit; the file on disk is scanned", uri)
	}
	s.mu.Lock()
	real := realPath(path)
	s.docs[real] = &document{uri: uri, version: version, text: []byte(text)}
	if isConfig(real) {
		s.settings = nil
	}
	s.mu.Unlock()
	s.request()
	return nil
}

func (s *server) change(p didChangeParams) error {
	if len(p.ContentChanges) == 0 {
		return nil
	}
	last := p.ContentChanges[len(p.ContentChanges)-1]
	if last.Range != nil {
		return errors.New("incremental changes are not supported: the server asked for full text")
	}
	return s.setText(p.TextDocument.URI, p.TextDocument.Version, last.Text)
}

func (s *server) save(p didSaveParams) error {
	path, err := pathOf(p.TextDocument.URI)
	if err != nil {
		return err
	}
	if p.Text != nil {
		s.mu.Lock()
		version := 0
		if d := s.docs[realPath(path)]; d != nil {
			version = d.version
		}
		s.mu.Unlock()
		return s.setText(p.TextDocument.URI, version, *p.Text)
	}
	s.mu.Lock()
	if isConfig(path) {
		s.settings = nil
	}
	s.mu.Unlock()
	s.request()
	return nil
}

// close forgets a document: the file on disk is what counts again.
func (s *server) close(uri string) {
	path, err := pathOf(uri)
	if err != nil {
		return
	}
	s.mu.Lock()
	real := realPath(path)
	delete(s.docs, real)
	if isConfig(real) {
		s.settings = nil
	}
	s.mu.Unlock()
	s.request()
}

// request asks for a scan; requests that come while one runs make one more
// scan after it, of the latest texts.
func (s *server) request() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *server) scanLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		s.scanAll()
	}
}

// scanAll scans every workspace folder with the open documents' texts and
// publishes what changed.
func (s *server) scanAll() {
	s.mu.Lock()
	folders := slices.Clone(s.folders)
	docs := maps.Clone(s.docs)
	s.mu.Unlock()
	overlay := make(safefile.Overlay, len(docs))
	for path, d := range docs {
		overlay[path] = d.text
	}
	runs := make([]scanRun, 0, len(folders))
	for _, folder := range folders {
		runs = append(runs, scanRun{dir: folder, paths: []string{folder}})
	}
	runs = append(runs, looseRuns(folders, docs)...)
	files := map[string][]diagnostic{}
	for _, run := range runs {
		start := time.Now()
		settings, err := s.settingsFor(run.dir)
		if err != nil {
			s.logMessage(messageError, fmt.Sprintf("%s: %v", run.dir, err))
			continue
		}
		res, err := runScan(run, settings, overlay)
		if err != nil {
			s.logMessage(messageError, fmt.Sprintf("%s: %v", run.dir, err))
			continue
		}
		for path, diags := range diagnosticsOf(run.dir, res, textsOf(docs)) {
			files[path] = append(files[path], diags...)
		}
		s.logf("scanned %s in %s: %d findings", strings.Join(run.paths, ", "), time.Since(start).Round(time.Millisecond), len(res.Findings))
	}
	s.publish(files, docs)
}

// scanRun is one scan: paths, reported relative to dir, with the
// settings of dir.
type scanRun struct {
	dir   string
	paths []string
}

// looseRuns are the scans of the open documents outside every workspace
// folder: those of one directory together, as iacscan FILE... scans them
// from there (a Terraform file brings its module, so one of them is
// enough). Their neighbours are not read unless a document needs them.
func looseRuns(folders []string, docs map[string]*document) []scanRun {
	byDir := map[string]*scanRun{}
	terraform := map[string]bool{}
	for _, path := range slices.Sorted(maps.Keys(docs)) {
		if slices.ContainsFunc(folders, func(f string) bool { return safefile.Within(f, path) }) {
			continue
		}
		dir := filepath.Dir(path)
		if isTerraform(path) {
			if terraform[dir] {
				continue
			}
			terraform[dir] = true
		}
		if byDir[dir] == nil {
			byDir[dir] = &scanRun{dir: dir}
		}
		byDir[dir].paths = append(byDir[dir].paths, path)
	}
	runs := make([]scanRun, 0, len(byDir))
	for _, dir := range slices.Sorted(maps.Keys(byDir)) {
		runs = append(runs, *byDir[dir])
	}
	return runs
}

func isTerraform(path string) bool {
	return strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tf.json")
}

// settingsFor is the folder's resolved settings, kept until its
// configuration file changes.
func (s *server) settingsFor(folder string) (*scan.Settings, error) {
	s.mu.Lock()
	cached := s.settings[folder]
	s.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	req := s.opts.Request
	req.WorkDir, req.ConfigFrom = folder, folder
	req.Version = s.opts.Version
	if req.Rules == nil {
		req.Rules = &scan.RuleRequest{}
	}
	settings, err := scan.Resolve(req)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.settings == nil {
		s.settings = map[string]*scan.Settings{}
	}
	s.settings[folder] = settings
	s.mu.Unlock()
	return settings, nil
}

// runScan scans with the editor's texts.
func runScan(run scanRun, settings *scan.Settings, overlay safefile.Overlay) (*scan.Result, error) {
	with := *settings
	with.Input.Overlay = overlay
	with.Input.AllowEmpty = true
	return scan.Run(run.paths, &with, scan.Hooks{})
}

// publish sends the diagnostics of every file that has some, and empty
// diagnostics for the files that had some before.
func (s *server) publish(files map[string][]diagnostic, docs map[string]*document) {
	byURI := map[string]publishDiagnosticsParams{}
	for path, diags := range files {
		p := publishDiagnosticsParams{URI: uriOf(path), Diagnostics: diags}
		if d := docs[path]; d != nil {
			p.URI, p.Version = d.uri, &d.version
		}
		byURI[p.URI] = p
	}
	versions := map[string]*int{}
	for path, d := range docs {
		versions[d.uri] = &d.version
		// An open document hears after every scan, findings or none.
		if _, ok := files[path]; !ok {
			byURI[d.uri] = publishDiagnosticsParams{URI: d.uri, Version: &d.version, Diagnostics: []diagnostic{}}
		}
	}
	s.mu.Lock()
	for uri := range s.published {
		if _, ok := byURI[uri]; !ok {
			byURI[uri] = publishDiagnosticsParams{URI: uri, Version: versions[uri], Diagnostics: []diagnostic{}}
		}
	}
	s.published = map[string]bool{}
	for uri, p := range byURI {
		if len(p.Diagnostics) > 0 {
			s.published[uri] = true
		}
	}
	s.mu.Unlock()
	for _, uri := range slices.Sorted(maps.Keys(byURI)) {
		s.notify("textDocument/publishDiagnostics", byURI[uri])
	}
}

func (s *server) reply(id json.RawMessage, result any, rerr *responseError) {
	if id == nil {
		id = json.RawMessage("null")
	}
	m := struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  any             `json:"result,omitempty"`
		Error   *responseError  `json:"error,omitempty"`
	}{JSONRPC: "2.0", ID: id, Result: result, Error: rerr}
	if rerr == nil && result == nil {
		m.Result = json.RawMessage("null")
	}
	s.write(m)
}

func (s *server) notify(method string, params any) {
	s.write(struct {
		JSONRPC string `json:"jsonrpc"`
		Method  string `json:"method"`
		Params  any    `json:"params"`
	}{"2.0", method, params})
}

func (s *server) write(v any) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := writeMessage(s.out, v); err != nil {
		s.logf("writing to the client: %v", err)
	}
}

func (s *server) logMessage(kind int, msg string) {
	s.logf("%s", msg)
	s.notify("window/logMessage", logMessageParams{Type: kind, Message: msg})
}

func (s *server) logf(format string, args ...any) {
	if s.opts.Log != nil {
		fmt.Fprintf(s.opts.Log, "iacscan lsp: "+format+"\n", args...)
	}
}

// isConfig reports whether path is a configuration file, whose change
// resolves the settings again.
func isConfig(path string) bool {
	return filepath.Base(path) == config.FileName
}

// realPath is path absolute with its symbolic links resolved, the overlay's
// key; path itself when it does not exist.
func realPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

func textsOf(docs map[string]*document) map[string][]byte {
	texts := make(map[string][]byte, len(docs))
	for path, d := range docs {
		texts[path] = d.text
	}
	return texts
}
