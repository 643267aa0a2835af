package report

import (
	"crypto/sha256"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// repoRelative turns a finding's path (relative to the working directory, or
// absolute) into a URI relative to root, the repository root given relative
// to the working directory ("" for the working directory itself). It reports
// false for paths that are no file under the root: empty, a pseudo-file such
// as "<stdin>", or outside it.
func repoRelative(root, file string) (string, bool) {
	if file == "" || isPseudoFile(file) {
		return "", false
	}
	if root == "" {
		root = "."
	}
	p := filepath.FromSlash(file)
	rel, err := filepath.Rel(root, p)
	if err != nil {
		// Rel is lexical: it cannot place "main.tf" under a root of ".."
		// without knowing the working directory, nor mix relative and
		// absolute paths. Both are relative to the working directory, so
		// resolve them there.
		absRoot, err1 := filepath.Abs(root)
		absPath, err2 := filepath.Abs(p)
		if err1 != nil || err2 != nil {
			return "", false
		}
		if rel, err = filepath.Rel(absRoot, absPath); err != nil {
			return "", false
		}
	}
	rel = filepath.ToSlash(rel)
	if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false
	}
	return (&url.URL{Path: rel}).String(), true
}

// OutsideRoot lists, once each and in order, the files of findings that
// lie outside root (as SRCRoot is given): SARIF keeps their results with
// absolute file URIs, which GitHub cannot place in the repository.
func OutsideRoot(findings []*rules.Finding, root string) []string {
	var out []string
	for _, f := range findings {
		if _, ok := repoRelative(root, f.Loc.File); !ok && outsideFile(f.Loc.File) && !slices.Contains(out, f.Loc.File) {
			out = append(out, f.Loc.File)
		}
	}
	return out
}

// outsideFile reports whether a finding's file is a real file, which
// repoRelative placed outside the root.
func outsideFile(file string) bool {
	return file != "" && !isPseudoFile(file)
}

// absoluteURI is the file: URI of a path relative to the working directory.
func absoluteURI(file string) string {
	abs, err := filepath.Abs(filepath.FromSlash(file))
	if err != nil {
		abs = file
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// isPseudoFile reports names like "<stdin>" that stand for an input with no
// file behind it.
func isPseudoFile(name string) bool {
	return strings.HasPrefix(name, "<") && strings.HasSuffix(name, ">")
}

func sarifLocation(uri string, l model.Location) *sarif.Location {
	artifact := sarif.NewSimpleArtifactLocation(uri)
	if !strings.HasPrefix(uri, "file:") {
		artifact.WithUriBaseId(srcRootID)
	}
	return sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(artifact).WithRegion(sarifRegion(l)))
}

// sarifRegion is the region of l with nothing SARIF or GitHub rejects: lines
// start at 1 (a location with no line points at the file's first line),
// unknown columns are left out, and the end never comes before the start.
func sarifRegion(l model.Location) *sarif.Region {
	if l.StartLine < 1 {
		return sarif.NewRegion().WithStartLine(1)
	}
	r := sarif.NewRegion().WithStartLine(l.StartLine)
	if l.StartColumn > 0 {
		r.WithStartColumn(l.StartColumn)
	}
	if l.EndLine < l.StartLine {
		return r
	}
	r.WithEndLine(l.EndLine)
	if l.EndColumn > 0 && (l.EndLine > l.StartLine || l.EndColumn > l.StartColumn) {
		r.WithEndColumn(l.EndColumn)
	}
	return r
}

// stableUUID derives a UUID from s (RFC 9562 version 8, "custom"), so the
// same input always gives the same GUID.
func stableUUID(s string) string {
	sum := sha256.Sum256([]byte(s))
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
