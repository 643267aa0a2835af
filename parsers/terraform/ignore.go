package terraform

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// ignorePattern matches a suppression comment (syntax: syntax.IgnoreDirective).
// A bare directive matches too, so that it can be reported as naming no rule.
var ignorePattern = regexp.MustCompile(`^(?:#|//)\s*iacscan:ignore(?:\s+(.*?))?\s*$`)

// findIgnores returns the suppression comments of a native syntax file.
// Each covers the block that starts on the next line of code (the comment is
// above it), or else the innermost block the comment is in.
func findIgnores(src []byte, path string, f *hcl.File) []model.Ignore {
	if !strings.Contains(string(src), "iacscan:ignore") && !hasPeerMarker(src) {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	var blocks []hcl.Range
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		blocks = blockRanges(body, nil)
	}
	var out []model.Ignore
	for i, tok := range tokens {
		if tok.Type != hclsyntax.TokenComment {
			continue
		}
		text := strings.TrimSpace(string(tok.Bytes))
		next := nextCodeLine(tokens[i+1:])
		scope := location(scopeOf(tok.Range, next, blocks))
		if m := ignorePattern.FindStringSubmatch(text); m != nil {
			ig := syntax.ParseIgnoreDirective(m[1])
			ig.Loc = location(tok.Range)
			ig.Scope = scope
			out = append(out, ig)
			continue
		}
		peers, kind := syntax.ParsePeerDirectives(text)
		for _, ig := range peers {
			ig.Loc = location(tok.Range)
			ig.Scope, ig.Line = syntax.PeerScope(kind, scope, ig.Loc, next)
			out = append(out, ig)
		}
	}
	return out
}

// hasPeerMarker reports whether src may hold another scanner's directive.
func hasPeerMarker(src []byte) bool {
	for _, m := range syntax.PeerMarkers {
		if bytes.Contains(src, []byte(m)) {
			return true
		}
	}
	return false
}

// nextCodeLine is the line of the first token after a comment that is not a
// comment or a line break, or 0.
func nextCodeLine(tokens hclsyntax.Tokens) int {
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenComment, hclsyntax.TokenNewline:
			continue
		case hclsyntax.TokenEOF:
			return 0
		}
		return t.Range.Start.Line
	}
	return 0
}

// blockRanges lists every block of a body, outer blocks before inner ones.
func blockRanges(body *hclsyntax.Body, out []hcl.Range) []hcl.Range {
	for _, b := range body.Blocks {
		out = append(out, b.Range())
		out = blockRanges(b.Body, out)
	}
	return out
}

// scopeOf picks the block a comment covers: one starting on the comment's
// own line (a trailing comment on a block header) or on the next line of
// code, outermost first; else the innermost block around the comment; else
// the comment itself.
func scopeOf(comment hcl.Range, next int, blocks []hcl.Range) hcl.Range {
	for _, line := range []int{comment.Start.Line, next} {
		for _, b := range blocks {
			if line != 0 && b.Start.Line == line && (line == next || b.Start.Byte < comment.Start.Byte) {
				return b
			}
		}
	}
	var inner *hcl.Range
	for i, b := range blocks {
		if b.ContainsOffset(comment.Start.Byte) {
			inner = &blocks[i]
		}
	}
	if inner != nil {
		return *inner
	}
	return comment
}
