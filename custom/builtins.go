package custom

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/rules"
)

// builtin is a Go function that Rego rules call as iacscan.NAME: its
// declaration (for the compiler) and its implementation (for evaluation).
type builtin struct {
	decl *rego.Function
	impl func(*rego.Rego)
}

// builtins returns iacscan's custom built-ins, backed by the IAM catalog.
// They are functions of their arguments (and of the configured
// organisations) only, so that rule tests can feed them made-up input.
func builtins(c *iam.Catalog, orgs []string) []builtin {
	fn := func(name string, args []types.Type, result types.Type) *rego.Function {
		return &rego.Function{Name: "iacscan." + name, Decl: types.NewFunction(args, result), Memoize: true}
	}
	var bs []builtin
	add := func(decl *rego.Function, impl func(*rego.Function) func(*rego.Rego)) {
		bs = append(bs, builtin{decl: decl, impl: impl(decl)})
	}
	add(fn("action_matches", types.Args(types.S, types.S), types.B), func(d *rego.Function) func(*rego.Rego) {
		return rego.Function2(d, func(_ rego.BuiltinContext, pattern, action *ast.Term) (*ast.Term, error) {
			p, err := stringArg(pattern, 1)
			if err != nil {
				return nil, err
			}
			a, err := stringArg(action, 2)
			if err != nil {
				return nil, err
			}
			return ast.BooleanTerm(globMatch(p, a)), nil
		})
	})
	// any_matches is action_matches over a list in one call: effective
	// permissions list up to a few thousand patterns, too many to iterate
	// in Rego for every principal.
	anyMatches := fn("any_matches", types.Args(types.NewArray(nil, types.A), types.S), types.B)
	anyMatches.Memoize = false // hashing the list would cost more than matching it
	add(anyMatches, func(d *rego.Function) func(*rego.Rego) {
		return rego.Function2(d, func(_ rego.BuiltinContext, patterns, action *ast.Term) (*ast.Term, error) {
			list, ok := patterns.Value.(*ast.Array)
			if !ok {
				return nil, builtinError(1, "array", patterns)
			}
			a, err := stringArg(action, 2)
			if err != nil {
				return nil, err
			}
			found := false
			list.Until(func(t *ast.Term) bool {
				p, ok := t.Value.(ast.String)
				found = ok && globMatch(string(p), a)
				return found
			})
			return ast.BooleanTerm(found), nil
		})
	})
	add(fn("expand_actions", types.Args(types.S), types.NewArray(nil, types.S)), func(d *rego.Function) func(*rego.Rego) {
		return rego.Function1(d, func(_ rego.BuiltinContext, pattern *ast.Term) (*ast.Term, error) {
			p, err := stringArg(pattern, 1)
			if err != nil {
				return nil, err
			}
			var names []*ast.Term
			for a := range c.Actions(c.Match(p)) {
				names = append(names, ast.StringTerm(a.String()))
			}
			return ast.ArrayTerm(names...), nil
		})
	})
	add(fn("access_level", types.Args(types.S), types.S), func(d *rego.Function) func(*rego.Rego) {
		return rego.Function1(d, func(_ rego.BuiltinContext, action *ast.Term) (*ast.Term, error) {
			name, err := stringArg(action, 1)
			if err != nil {
				return nil, err
			}
			a := c.Action(name)
			if a == nil {
				return nil, nil // undefined: not an action of the catalog
			}
			return ast.StringTerm(a.Level.String()), nil
		})
	})
	add(fn("is_public", types.Args(types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))), types.B), func(d *rego.Function) func(*rego.Rego) {
		return rego.Function1(d, func(_ rego.BuiltinContext, stmt *ast.Term) (*ast.Term, error) {
			st, err := decodeStatement(stmt)
			if err != nil {
				return nil, err
			}
			return ast.BooleanTerm(rules.PublicStatement(st, orgs)), nil
		})
	})
	slices.SortFunc(bs, func(a, b builtin) int { return strings.Compare(a.decl.Name, b.decl.Name) })
	return bs
}

// declarations returns the compiler's view of the built-ins.
func declarations(bs []builtin) map[string]*ast.Builtin {
	out := make(map[string]*ast.Builtin, len(bs))
	for _, b := range bs {
		out[b.decl.Name] = &ast.Builtin{Name: b.decl.Name, Decl: b.decl.Decl}
	}
	return out
}

// testerBuiltins returns the built-ins in the form OPA's test runner takes.
func testerBuiltins(bs []builtin) []*tester.Builtin {
	out := make([]*tester.Builtin, 0, len(bs))
	for _, b := range bs {
		out = append(out, &tester.Builtin{Decl: &ast.Builtin{Name: b.decl.Name, Decl: b.decl.Decl}, Func: b.impl})
	}
	return out
}

func stringArg(t *ast.Term, pos int) (string, error) {
	s, ok := t.Value.(ast.String)
	if !ok {
		return "", builtinError(pos, "string", t)
	}
	return string(s), nil
}

func builtinError(pos int, want string, got *ast.Term) error {
	return &typeError{pos: pos, want: want, got: ast.ValueName(got.Value)}
}

type typeError struct {
	pos       int
	want, got string
}

func (e *typeError) Error() string {
	return fmt.Sprintf("operand %d must be %s, not %s", e.pos, e.want, e.got)
}

// globMatch matches an IAM action pattern ("iam:Pass*", "s3:Get?bject",
// "*") against a name, ignoring ASCII case as IAM does. It backtracks only
// to the last star, so its cost is at most len(pattern)*len(name) whatever
// the input. It agrees with iam.ActionMatches (a test checks), which
// compiles the pattern on each call; this one allocates nothing, since
// any_matches runs it thousands of times per principal.
func globMatch(pattern, name string) bool {
	p, n := 0, 0
	star, mark := -1, 0
	for n < len(name) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || lower(pattern[p]) == lower(name[n])):
			p++
			n++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, n
			p++
		case star >= 0:
			p = star + 1
			mark++
			n = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// jsonOf turns a Rego value into plain JSON.
func jsonOf(t *ast.Term) ([]byte, error) {
	x, err := ast.JSON(t.Value)
	if err != nil {
		return nil, err
	}
	return json.Marshal(x)
}
