package custom

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/iacscan/iacscan/export"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// input is the export of one inventory, converted once for all rules.
type input struct {
	inv   *model.Inventory
	value ast.Value
}

// inputFor returns the Rego input for an inventory, building it on first
// use: every rule of a scan reads the same document.
func (s *Set) inputFor(inv *model.Inventory) (*input, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.input != nil && s.input.inv == inv {
		return s.input, nil
	}
	doc := export.Build(inv, export.Options{Version: s.opts.Version, Path: s.opts.Path})
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("exporting the inventory: %w", err)
	}
	v, err := jsonValue(data)
	if err != nil {
		return nil, fmt.Errorf("exporting the inventory: %w", err)
	}
	s.input = &input{inv: inv, value: v}
	s.evalMu.Lock()
	s.spent = 0 // a new inventory: the rules' time over it starts again
	s.evalMu.Unlock()
	return s.input, nil
}

// check returns the rule's check: evaluate the package's deny set over the
// export and report each result on the element it names. A rule that fails
// is recorded in Errors; the scan goes on with the others.
func (s *Set) check(r *rules.Rule, query ast.Ref, loc *ast.Location) func(*rules.Pass) {
	return func(pass *rules.Pass) {
		fail := func(format string, args ...any) {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.errors = append(s.errors, &model.InputError{
				Loc:     model.Location{File: loc.File, StartLine: loc.Row, StartColumn: loc.Col},
				Message: fmt.Sprintf("custom rule %s failed; its findings are missing: %s", r.ID, fmt.Sprintf(format, args...)),
			})
		}
		in, err := s.inputFor(pass.Inventory)
		if err != nil {
			fail("%v", err)
			return
		}
		results, err := s.bounded(in, func(ctx context.Context) ([]*ast.Term, error) {
			return s.eval(ctx, query, in.value)
		})
		if err != nil {
			fail("%v", err)
			return
		}
		for _, res := range results {
			if err := report(pass, in.inv, res); err != nil {
				fail("%v", err)
			}
		}
	}
}

// eval evaluates a rule's deny set and returns its members.
func (s *Set) eval(ctx context.Context, query ast.Ref, in ast.Value) ([]*ast.Term, error) {
	opts := []func(*rego.Rego){
		rego.Compiler(s.compiler),
		rego.Store(inmem.New()),
		rego.ParsedQuery(ast.NewBody(ast.NewExpr(ast.NewTerm(query)))),
		rego.ParsedInput(in),
		rego.StrictBuiltinErrors(true),
	}
	for _, b := range s.builtins {
		opts = append(opts, b.impl)
	}
	rs, err := rego.New(opts...).Eval(ctx)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil // the set is empty: deny is undefined
	}
	v, err := ast.InterfaceToValue(rs[0].Expressions[0].Value)
	if err != nil {
		return nil, err
	}
	var out []*ast.Term
	switch set := v.(type) {
	case ast.Set:
		set.Foreach(func(t *ast.Term) { out = append(out, t) })
	case *ast.Array:
		set.Foreach(func(t *ast.Term) { out = append(out, t) })
	default:
		return nil, fmt.Errorf("%s is a %s, not a set of results", query, ast.ValueName(v))
	}
	return out, nil
}

// report turns one result into a finding. A result is an object:
// {"element": KEY or an element of the input, "message": TEXT} with,
// optionally, "statement": the index of a statement (or the statement) of
// the element's policy document, where the finding is then located.
func report(pass *rules.Pass, inv *model.Inventory, res *ast.Term) error {
	obj, ok := res.Value.(ast.Object)
	if !ok {
		return fmt.Errorf("a result must be an object {\"element\": …, \"message\": …}, not %s %s", ast.ValueName(res.Value), truncate(res.String()))
	}
	msg, ok := stringField(obj, "message")
	if !ok || strings.TrimSpace(msg) == "" {
		return fmt.Errorf("result %s has no \"message\" string", truncate(res.String()))
	}
	el := obj.Get(ast.StringTerm("element"))
	if el == nil {
		return fmt.Errorf("result %q names no \"element\"", msg)
	}
	key, ok := el.Value.(ast.String)
	if o, isObj := el.Value.(ast.Object); isObj {
		ok = false
		if k := o.Get(ast.StringTerm("key")); k != nil {
			key, ok = k.Value.(ast.String)
		}
	}
	if !ok {
		return fmt.Errorf("result %q: \"element\" must be an element's key or the element itself", msg)
	}
	meta, doc, found := export.Lookup(inv, string(key))
	if !found {
		return fmt.Errorf("result %q: no element %q in the input", msg, string(key))
	}
	loc := meta.Loc
	if st := obj.Get(ast.StringTerm("statement")); st != nil {
		stmt, err := statementOf(doc, st)
		if err != nil {
			return fmt.Errorf("result %q: %v", msg, err)
		}
		loc = stmt.Loc
	}
	pass.Reportf(meta, loc, "%s", msg)
	return nil
}

// statementOf finds the statement a result names by index or as the
// statement object of the input.
func statementOf(doc *model.Document, t *ast.Term) (*model.Statement, error) {
	if o, ok := t.Value.(ast.Object); ok {
		if idx := o.Get(ast.StringTerm("index")); idx != nil {
			t = idx
		}
	}
	n, ok := t.Value.(ast.Number)
	if !ok {
		return nil, fmt.Errorf("\"statement\" must be a statement's index or the statement itself")
	}
	i, ok := n.Int()
	if !ok {
		return nil, fmt.Errorf("\"statement\" %s is not an index", n)
	}
	if doc == nil || i < 0 || i >= len(doc.Statements) {
		return nil, fmt.Errorf("the element has no statement %d", i)
	}
	return doc.Statements[i], nil
}

func stringField(o ast.Object, key string) (string, bool) {
	t := o.Get(ast.StringTerm(key))
	if t == nil {
		return "", false
	}
	s, ok := t.Value.(ast.String)
	return string(s), ok
}

func truncate(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
