package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// maxNesting bounds how deep hcl's parser and every walk of its syntax tree
// recurse: the brackets, braces, parentheses, quotes and template sequences
// open at once, plus the operators, conditionals, index and splat steps and
// template directives that nest inside one of them. hcl recurses once per
// level, and some ten thousand levels overflow the Go stack
// (hashicorp/hcl#809): a fatal error that kills the process and cannot be
// recovered. Real configuration nests a few tens of levels deep.
const maxNesting = 1000

// lexChunk is the first prefix of a file lexed to measure it; each next
// prefix doubles, so text nested too deeply is refused after lexing about
// twice the bytes before the place it goes too deep, not the whole file.
const lexChunk = 64 << 10

// CheckNesting reports an error diagnostic at the first place src (HCL
// native syntax, or JSON syntax when json is true) nests deeper than hcl
// can parse safely. Text that passes may be given to hcl's parsers.
func CheckNesting(src []byte, filename string, json bool) hcl.Diagnostics {
	if json {
		return jsonNesting(src, filename)
	}
	if nestingBytes(src) <= maxNesting {
		return nil // most files: too few bytes that can nest to go that deep, no need to lex
	}
	return lexNesting(src, 0, func(prefix []byte) hclsyntax.Tokens {
		toks, _ := hclsyntax.LexConfig(prefix, filename, hcl.InitialPos)
		return toks
	})
}

// CheckTemplateNesting is CheckNesting for a template (templatefile).
func CheckTemplateNesting(src []byte, filename string) hcl.Diagnostics {
	return lexNesting(src, 0, func(prefix []byte) hclsyntax.Tokens {
		toks, _ := hclsyntax.LexTemplate(prefix, filename, hcl.InitialPos)
		return toks
	})
}

// nestingBytes counts the bytes that can open a level or be an operator
// (one byte of every token that does): nesting is never deeper.
func nestingBytes(src []byte) int {
	n := 0
	for _, c := range src {
		switch c {
		case '[', '{', '(', '"', '<', '!', '-', '+', '*', '/', '%', '&', '|', '=', '>', '?', '.':
			n++
		}
	}
	return n
}

// lexNesting measures src, starting depth levels deep, lexed by lex in
// doubling prefixes. A prefix's
// tokens are src's tokens but for the last one, which the cut may have
// split: a place too deep before it is src's; one at it is looked at again
// in the next prefix.
func lexNesting(src []byte, depth int, lex func([]byte) hclsyntax.Tokens) hcl.Diagnostics {
	for n := lexChunk; ; n *= 2 {
		if n >= len(src) {
			return tokenNesting(lex(src), depth)
		}
		toks := lex(src[:n])
		if d := tokenNesting(toks[:max(len(toks)-2, 0)], depth); d != nil {
			return d
		}
	}
}

// level is one bracket, quote or template sequence open while measuring.
// Since its last separator (a comma, or a new line between the items of a
// body or object, where hcl's parser returns to the level) the syntax tree
// under it is at most ops + sub deep: each operator, ? of a conditional,
// index or splat step and open if or for directive wraps what precedes or
// follows it, and sub is one more than the deepest level closed in it.
type level struct {
	open   hclsyntax.TokenType
	depth  int // levels outside it
	ops    int
	sub    int
	height int // the most ops + sub has been, separators included
}

// grow records that the tree under l is now ops + sub deep, and reports
// the place at rng when that is too deep.
func (l *level) grow(rng hcl.Range) hcl.Diagnostics {
	l.height = max(l.height, l.ops+l.sub)
	if l.depth+l.height > maxNesting {
		return nestingDiagnostics(rng)
	}
	return nil
}

// tokenNesting measures toks, starting depth levels deep.
func tokenNesting(toks hclsyntax.Tokens, depth int) hcl.Diagnostics {
	stack := []level{{open: hclsyntax.TokenOBrace, depth: depth}}
	top := func() *level { return &stack[len(stack)-1] }
	for i, t := range toks {
		switch t.Type {
		case hclsyntax.TokenOBrack:
			if i > 0 && endsTerm(toks[i-1].Type) {
				top().ops++ // an index or splat step wraps what it follows
				if d := top().grow(t.Range); d != nil {
					return d
				}
			}
			fallthrough
		case hclsyntax.TokenOBrace, hclsyntax.TokenOParen, hclsyntax.TokenOQuote,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			l := top()
			stack = append(stack, level{open: t.Type, depth: l.depth + l.ops + 1})
			if top().depth > maxNesting {
				return nestingDiagnostics(t.Range)
			}
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCQuote,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			if len(stack) == 1 {
				continue
			}
			closed := *top()
			stack = stack[:len(stack)-1]
			l := top()
			l.sub = max(l.sub, closed.height+1)
			if d := l.grow(t.Range); d != nil {
				return d
			}
		case hclsyntax.TokenBang, hclsyntax.TokenMinus, hclsyntax.TokenPlus, hclsyntax.TokenStar,
			hclsyntax.TokenSlash, hclsyntax.TokenPercent, hclsyntax.TokenAnd, hclsyntax.TokenOr,
			hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenLessThan,
			hclsyntax.TokenGreaterThan, hclsyntax.TokenLessThanEq, hclsyntax.TokenGreaterThanEq,
			hclsyntax.TokenQuestion:
			top().ops++
			if d := top().grow(t.Range); d != nil {
				return d
			}
		case hclsyntax.TokenComma:
			top().ops, top().sub = 0, 0
		case hclsyntax.TokenNewline:
			if top().open == hclsyntax.TokenOBrace {
				top().ops, top().sub = 0, 0
			}
		case hclsyntax.TokenIdent:
			if d := directive(stack, toks, i); d != nil {
				return d
			}
		}
	}
	return nil
}

// endsTerm reports whether a token of type ty can end a term, so that a
// bracket after it is an index or splat, not a tuple.
func endsTerm(ty hclsyntax.TokenType) bool {
	switch ty {
	case hclsyntax.TokenIdent, hclsyntax.TokenNumberLit, hclsyntax.TokenStar, hclsyntax.TokenCBrack,
		hclsyntax.TokenCParen, hclsyntax.TokenCBrace, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
		return true
	}
	return false
}

// directive counts the open if and for directives of a template, which
// nest what lies between them and their end, into the template holding
// them: the level below the %{ sequence that toks[i] starts.
func directive(stack []level, toks hclsyntax.Tokens, i int) hcl.Diagnostics {
	if i == 0 || toks[i-1].Type != hclsyntax.TokenTemplateControl || len(stack) < 2 {
		return nil
	}
	tmpl := &stack[len(stack)-2]
	switch string(toks[i].Bytes) {
	case "if", "for":
		tmpl.ops++
		return tmpl.grow(toks[i].Range)
	case "endif", "endfor":
		tmpl.ops = max(tmpl.ops-1, 0)
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
	// An escape (\u0021 is !) may be any byte that nests.
	if depth+nestingBytes(lit)+bytes.Count(lit, []byte{'\\'}) <= maxNesting {
		return nil
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return nil // not a string hcl would accept either
	}
	d := lexNesting([]byte(s), depth, func(prefix []byte) hclsyntax.Tokens {
		toks, _ := hclsyntax.LexTemplate(prefix, filename, at)
		return toks
	})
	if d != nil {
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
		Detail:   fmt.Sprintf("more than %d levels of brackets, braces, parentheses, template sequences and directives, operators, conditionals and index or splat steps; iacscan does not parse this file", maxNesting),
		Subject:  &rng,
	}}
}
