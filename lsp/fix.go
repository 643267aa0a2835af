package lsp

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// A quick fix is offered only where the edit is certain from the text at
// the finding's location: IAM412's missing or legacy policy Version, and
// IAM306's missing Deny of plain HTTP (fixtls.go).

// fix is a diagnostic's quick fix, published in its data and handed back
// by the client with a code action request.
type fix struct {
	Title string   `json:"title"`
	Edit  textEdit `json:"edit"`
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

const currentVersion = "2012-10-17"

// yamlKey is a block mapping's key at the start of a line's rest.
var yamlKey = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)`)

// fixOf is the quick fix of a finding, or nil; pols are the policies whose
// document is at the finding's location.
func fixOf(f *rules.Finding, path string, lines lineIndex, pols []*model.Policy) *fix {
	if f.Loc.StartLine == 0 || f.Loc.StartColumn == 0 {
		return nil
	}
	switch f.Rule.ID {
	case "IAM412":
		return versionFix(f, path, lines)
	case "IAM306":
		// Several policies share a document in a module's instances: the
		// one edit must fix each of them.
		var fx *fix
		for i, pol := range pols {
			this := tlsFix(pol, path, lines)
			if this == nil || i > 0 && *this != *fx {
				return nil
			}
			fx = this
		}
		return fx
	}
	return nil
}

// versionFix sets the Version of the document at the finding.
func versionFix(f *rules.Finding, path string, lines lineIndex) *fix {
	line := lines.line(path, f.Loc.StartLine)
	if line == nil {
		return nil
	}
	rest := line[min(byteOffset(line, f.Loc.StartColumn-1), len(line)):]
	at := lines.position(path, f.Loc.StartLine, f.Loc.StartColumn)
	for _, legacy := range []string{`"2008-10-17"`, `'2008-10-17'`, `2008-10-17`} {
		if bytes.HasPrefix(rest, []byte(legacy)) {
			end := at
			end.Character += len(legacy)
			return &fix{Title: "Use policy language version " + currentVersion, Edit: textEdit{
				Range:   lspRange{Start: at, End: end},
				NewText: strings.Replace(legacy, "2008-10-17", currentVersion, 1),
			}}
		}
	}
	title := `Add "Version": "` + currentVersion + `"`
	switch {
	case bytes.HasPrefix(rest, []byte("{")):
		// A JSON object, a YAML flow mapping or an HCL object (jsonencode)
		// all take "key": value, as the first member.
		after := at
		after.Character++
		return &fix{Title: title, Edit: textEdit{Range: lspRange{Start: after, End: after}, NewText: ` "Version": "` + currentVersion + `",`}}
	case isYAML(path) && yamlKey.Match(rest) && len(bytes.TrimSpace(line[:len(line)-len(rest)])) == 0:
		// The first key of a block mapping: the same indentation, a line
		// before it.
		indent := string(line[:len(line)-len(rest)])
		start := position{Line: at.Line, Character: 0}
		return &fix{Title: "Add Version: " + currentVersion, Edit: textEdit{Range: lspRange{Start: start, End: start}, NewText: indent + `Version: "` + currentVersion + `"` + "\n"}}
	}
	return nil
}

func isYAML(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".template":
		return true
	}
	return false
}

// byteOffset is the byte offset of the chars-th character of line.
func byteOffset(line []byte, chars int) int {
	off := 0
	for ; chars > 0 && off < len(line); chars-- {
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return off
}
