package lsp

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/scan"
)

// diagnosticsOf turns a folder's scan into diagnostics by file (absolute
// paths): each active finding at its location, with its rule as the code
// and the rule's page as the code's description, its related locations as
// related information; each input error where it happened. Suppressed and
// baselined findings are not shown: they were accepted.
func diagnosticsOf(folder string, res *scan.Result, texts map[string][]byte) map[string][]diagnostic {
	lines := lineIndex{folder: folder, texts: texts, read: map[string][]byte{}}
	out := map[string][]diagnostic{}
	policies := policiesAt(res, lines)
	for _, f := range res.Findings {
		if f.Suppressed != nil || f.Loc.File == "" {
			continue
		}
		path := lines.abs(f.Loc.File)
		d := diagnostic{
			Range:    lines.rangeOf(path, f.Loc),
			Severity: severityOf(f.Rule.Severity),
			Code:     f.Rule.ID,
			Source:   "iacscan",
			Message:  lines.relative(f.Message),
		}
		if href := rules.DocURL(f.Rule); href != "" {
			d.CodeDescription = &codeDescription{Href: href}
		}
		d.Data = fixOf(f, path, lines, policies[lines.absLoc(f.Loc)])
		for _, r := range f.Related {
			if r.Loc.File == "" {
				continue
			}
			rp := lines.abs(r.Loc.File)
			d.RelatedInformation = append(d.RelatedInformation, relatedInfomation{
				Location: location{URI: uriOf(rp), Range: lines.rangeOf(rp, r.Loc)},
				Message:  lines.relative(r.Message),
			})
		}
		out[path] = append(out[path], d)
	}
	for _, err := range res.Errors {
		ie, ok := errors.AsType[*model.InputError](err)
		if !ok || ie.Loc.File == "" || ie.Loc.File == scan.StdinName {
			continue
		}
		path := lines.abs(ie.Loc.File)
		severity := severityError
		if ie.Warning {
			severity = severityWarning
		}
		out[path] = append(out[path], diagnostic{
			Range:    lines.rangeOf(path, ie.Loc),
			Severity: severity,
			Source:   "iacscan",
			Message:  lines.relative(ie.Message),
		})
	}
	return out
}

// policiesAt is the policies by their document's location (its file
// absolute, as findings' files are not): the places a policy finding
// points at.
func policiesAt(res *scan.Result, lines lineIndex) map[model.Location][]*model.Policy {
	at := map[model.Location][]*model.Policy{}
	if res.Loaded == nil || res.Loaded.Inventory == nil {
		return at
	}
	for _, p := range res.Loaded.Inventory.Policies {
		if p.Document != nil && p.Document.Loc.File != "" {
			loc := lines.absLoc(p.Document.Loc)
			at[loc] = append(at[loc], p)
		}
	}
	return at
}

// severityOf maps iacscan's five severities onto the protocol's four:
// what fails a default run is an error.
func severityOf(s rules.Severity) int {
	switch s {
	case rules.Critical, rules.High:
		return severityError
	case rules.Medium:
		return severityWarning
	case rules.Low:
		return severityInformation
	}
	return severityHint
}

// lineIndex turns iacscan's locations (one-based lines, columns in
// characters) into the protocol's ranges (zero-based, UTF-16 code units),
// reading the lines of the editor's text or, for a file not open, the
// disk's.
type lineIndex struct {
	folder string
	texts  map[string][]byte // open documents, by real path
	read   map[string][]byte // files read from disk for their lines
}

func (l lineIndex) abs(file string) string {
	if filepath.IsAbs(file) {
		return filepath.Clean(file)
	}
	return filepath.Join(l.folder, filepath.FromSlash(file))
}

// relative is a message with the paths in it that name files of the
// folder (a policy file is named by its path) relative to it, as a scan
// of the folder from there names them: the editor shows the folder.
func (l lineIndex) relative(message string) string {
	if filepath.Dir(l.folder) == l.folder {
		return message // the file system's root: every path is in it
	}
	return strings.ReplaceAll(message, "`"+l.folder+string(filepath.Separator), "`")
}

// absLoc is loc with its file absolute.
func (l lineIndex) absLoc(loc model.Location) model.Location {
	loc.File = l.abs(loc.File)
	return loc
}

func (l lineIndex) text(path string) []byte {
	if t, ok := l.texts[path]; ok {
		return t
	}
	if t, ok := l.read[path]; ok {
		return t
	}
	t, _ := safefile.NewRoot(l.folder, 0).ReadFile(path) // no text: columns stay as they are
	l.read[path] = t
	return t
}

func (l lineIndex) rangeOf(path string, loc model.Location) lspRange {
	start := l.position(path, loc.StartLine, loc.StartColumn)
	end := start
	if loc.EndLine > 0 {
		end = l.position(path, loc.EndLine, loc.EndColumn)
	}
	if end.Line < start.Line || end.Line == start.Line && end.Character < start.Character {
		end = start
	}
	return lspRange{Start: start, End: end}
}

// line is the text of a one-based line, without its end; nil when there
// is no such line.
func (l lineIndex) line(path string, n int) []byte {
	text := l.text(path)
	for i := 1; i < n && text != nil; i++ {
		nl := bytes.IndexByte(text, '\n')
		if nl < 0 {
			return nil
		}
		text = text[nl+1:]
	}
	if text == nil {
		return nil
	}
	if nl := bytes.IndexByte(text, '\n'); nl >= 0 {
		text = text[:nl]
	}
	return bytes.TrimSuffix(text, []byte("\r"))
}

// position is the protocol's position of a one-based line and column.
func (l lineIndex) position(path string, line, column int) position {
	p := position{Line: max(line-1, 0), Character: max(column-1, 0)}
	if column <= 1 {
		return p
	}
	text := l.line(path, line)
	if text == nil {
		return p
	}
	units := 0
	for chars := 0; chars < column-1 && len(text) > 0; chars++ {
		r, size := utf8.DecodeRune(text)
		text = text[size:]
		units += utf16.RuneLen(r) // an invalid byte decodes as U+FFFD: one unit
	}
	p.Character = units
	return p
}

// uriOf is the file URI of an absolute path.
func uriOf(path string) string {
	p := filepath.ToSlash(path)
	if runtime.GOOS == "windows" && !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// pathOf is the path a file URI names.
func pathOf(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s: only file URIs are scanned", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	if p == "" {
		return "", fmt.Errorf("%s: no path", uri)
	}
	return filepath.FromSlash(p), nil
}
