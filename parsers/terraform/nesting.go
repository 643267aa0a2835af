package terraform

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// maxNesting bounds the brackets, braces, parentheses, quotes and template
// sequences open at once in text handed to hcl. hcl's parser recurses once
// per level, and some ten thousand levels overflow the Go stack
// (hashicorp/hcl#809): a fatal error that kills the process and cannot be
// recovered. Real configuration nests a few tens of levels deep.
const maxNesting = 1000

// CheckNesting reports an error diagnostic at the first place src (HCL
// native syntax, or JSON syntax when json is true) nests deeper than hcl
// can parse safely. Text that passes may be given to hcl's parsers.
func CheckNesting(src []byte, filename string, json bool) hcl.Diagnostics {
	if json {
		return jsonNesting(src, filename)
	}
	if openers(src) <= maxNesting {
		return nil // most files: too few openers to nest that deep, no need to lex
	}
	toks, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	return tokenNesting(toks, 0)
}

// openers counts the bytes that can open a level (brackets, braces,
// parentheses, quotes, the < of a heredoc): nesting is never deeper.
func openers(src []byte) int {
	n := 0
	for _, c := range src {
		switch c {
		case '[', '{', '(', '"', '<':
			n++
		}
	}
	return n
}

// CheckTemplateNesting is CheckNesting for a template (templatefile).
func CheckTemplateNesting(src []byte, filename string) hcl.Diagnostics {
	toks, _ := hclsyntax.LexTemplate(src, filename, hcl.InitialPos)
	return tokenNesting(toks, 0)
}

func tokenNesting(toks hclsyntax.Tokens, depth int) hcl.Diagnostics {
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenOQuote,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
			if depth > maxNesting {
				return nestingDiagnostics(t.Range)
			}
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCQuote,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			depth = max(depth-1, 0)
		}
	}
	return nil
}

// jsonNesting measures JSON arrays and objects, and the templates in its
// strings, which hcl parses as expressions nested inside them.
func jsonNesting(src []byte, filename string) hcl.Diagnostics {
	depth, line, col := 0, 1, 1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '[', '{':
			depth++
			if depth > maxNesting {
				return nestingDiagnostics(hcl.Range{Filename: filename, Start: hcl.Pos{Line: line, Column: col, Byte: i}, End: hcl.Pos{Line: line, Column: col + 1, Byte: i + 1}})
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '\n':
			line, col = line+1, 0
		case '"':
			end := jsonStringEnd(src, i)
			if d := stringNesting(src[i:end], filename, hcl.Pos{Line: line, Column: col, Byte: i}, depth); d != nil {
				return d
			}
			col += end - 1 - i // JSON strings hold no raw newline
			i = end - 1
		}
		col++
	}
	return nil
}

// jsonStringEnd returns the offset after the string that opens at src[start].
func jsonStringEnd(src []byte, start int) int {
	for i := start + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '"', '\n':
			return i + 1
		}
	}
	return len(src)
}

// stringNesting checks a JSON string literal as the template hcl reads it
// as, when it opens enough brackets to matter.
func stringNesting(lit []byte, filename string, at hcl.Pos, depth int) hcl.Diagnostics {
	opens := 0
	for _, c := range lit {
		if c == '[' || c == '{' || c == '(' {
			opens++
		}
	}
	if depth+opens <= maxNesting {
		return nil
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return nil // not a string hcl would accept either
	}
	toks, _ := hclsyntax.LexTemplate([]byte(s), filename, at)
	if d := tokenNesting(toks, depth); d != nil {
		// Positions inside an escaped string are approximate: point at it.
		rng := hcl.Range{Filename: filename, Start: at, End: hcl.Pos{Line: at.Line, Column: at.Column + 1, Byte: at.Byte + 1}}
		return nestingDiagnostics(rng)
	}
	return nil
}

func nestingDiagnostics(rng hcl.Range) hcl.Diagnostics {
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "nested too deeply",
		Detail:   fmt.Sprintf("more than %d levels of brackets, braces, parentheses or template sequences; iacscan does not parse this file", maxNesting),
		Subject:  &rng,
	}}
}
