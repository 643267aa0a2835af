package terraform

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// scope is one instance of a module: its variables, and its locals, policy
// documents and module calls, evaluated on first use.
type scope struct {
	run    *run
	mod    *module
	addr   string // module address: "" for the root, module.a["k"].module.b below
	key    string // module call path as modules.json names it: "a.b"
	depth  int
	vars   cty.Value // object of input variables
	locals map[string]*lazy
	docs   map[string]*lazy // data "aws_iam_policy_document" blocks by name
	calls  map[string]*lazy // module calls by name
	funcs  map[string]function.Function
	// mayApply marks a module instance standing for an unknown count or
	// for_each: everything in it may apply.
	mayApply bool
	parent   *scope
	children []*scope
	// call is the module call of this instance; nil for the root module.
	callSite *model.ModuleCall
	// providers maps this module's provider configurations to the root
	// module's that its call passes (providers = { aws = aws.prod }).
	providers map[string]string
	// rendered are the aws_iam_policy_document instances evaluated here.
	rendered []renderedDoc
	// following counts the locals node is reading a policy through.
	following int
}

// lazy is a value computed on first use; evaluating marks it so that a
// reference cycle is found instead of recursing forever.
type lazy struct {
	state int8 // 0 not yet, 1 evaluating, 2 done
	val   cty.Value
	def   hcl.Range
}

// get returns the value, computing it with f the first time. A cycle gives an
// unknown value and an error at the definition.
func (l *lazy) get(s *scope, what string, f func() cty.Value) cty.Value {
	switch l.state {
	case 2:
		return l.val
	case 1:
		s.run.errorf(l.def, "%s refers to itself (a reference cycle)", what)
		return cty.DynamicVal
	}
	l.state = 1
	v := f()
	l.val, l.state = v, 2
	return v
}

// iteration holds the per-instance names of an expression: count, each, the
// iterators of dynamic blocks.
type iteration struct {
	vars   map[string]cty.Value
	suffix string // instance key of the address: [0], ["a"]
	// symbolic marks the one instance standing for an unknown count or
	// for_each.
	symbolic bool
}

func (it *iteration) with(name string, v cty.Value) *iteration {
	out := &iteration{vars: make(map[string]cty.Value), suffix: it.suffix, symbolic: it.symbolic}
	for k, x := range it.vars {
		out.vars[k] = x
	}
	out.vars[name] = v
	return out
}

var noIteration = &iteration{}

// eval evaluates an expression. What cannot be evaluated (a provider
// function, a reference iacscan cannot follow) is unknown, never an error:
// the configuration is valid for Terraform, so a failure is iacscan's
// approximation, not the user's mistake.
func (s *scope) eval(expr hcl.Expression, it *iteration) cty.Value {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	v, diags := s.run.bounded(expr, s.context(expr, it))
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return v
}

// bounded evaluates an expression guarded by the budget. When evaluating it
// hits a bound, or its value exceeds one, the value is unknown and a warning
// at the expression says why.
func (r *run) bounded(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	refusals := r.budget.refusals
	v, diags := r.budget.guard(expr).Value(ctx)
	if !diags.HasErrors() {
		r.budget.fits(v)
	}
	if r.budget.refusals != refusals {
		r.warnOnce(expr.Range(), "iacscan does not evaluate this expression: it takes %s; its value is unknown", r.budget.reason)
		return cty.DynamicVal, nil
	}
	return v, diags
}

// context builds the names an expression refers to, and only those:
// resources and data sources are placeholders, locals, documents and module
// outputs are evaluated as needed.
func (s *scope) context(expr hcl.Expression, it *iteration) *hcl.EvalContext {
	vars := make(map[string]cty.Value, len(it.vars)+4)
	for k, v := range it.vars {
		vars[k] = v
	}
	refs := &tree{}
	for _, tr := range s.traversals(expr, it) {
		root := tr.RootName()
		if _, ok := it.vars[root]; ok {
			continue
		}
		switch root {
		case "var":
			if name := attrName(tr, 1); name != "" && !s.declaresVariable(name) {
				// Undeclared (an input error reported by validate): unknown,
				// as a variable without a value is, so that it erases
				// nothing around it.
				refs.placeholder(tr, 1)
				continue
			}
			vars["var"] = s.vars
		case "path":
			vars["path"] = s.pathObject()
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal(s.run.workspace())})
		case "count", "each", "self":
			vars[root] = cty.DynamicVal
		case "local":
			switch name := attrName(tr, 1); {
			case name == "":
			case s.locals[name] == nil:
				refs.placeholder(tr, 1) // undeclared: unknown, as above
			default:
				refs.set([]string{"local", name}, s.local(name))
			}
		case "module":
			if name := attrName(tr, 1); name != "" {
				refs.set([]string{"module", name}, s.call(name))
			}
		case "data":
			typ, name := attrName(tr, 1), attrName(tr, 2)
			if l := s.docs[name]; typ == "aws_iam_policy_document" && l != nil {
				refs.set([]string{"data", typ, name}, s.doc(name))
				continue
			}
			refs.placeholder(tr, 3)
		default:
			if isResourceRoot(root) {
				refs.placeholder(tr, 2)
			}
		}
	}
	if undeclared := refs.kids["var"]; undeclared != nil {
		vars["var"] = s.withVariables(undeclared)
		delete(refs.kids, "var")
	}
	for k, v := range refs.kids {
		vars[k] = v.value()
	}
	return &hcl.EvalContext{Variables: vars, Functions: s.funcs}
}

// declaresVariable reports whether the module declares input variable name.
func (s *scope) declaresVariable(name string) bool {
	return s.vars.Type().IsObjectType() && s.vars.Type().HasAttribute(name)
}

// withVariables returns the module's variables with the placeholders of
// undeclared ones beside them.
func (s *scope) withVariables(undeclared *tree) cty.Value {
	attrs := make(map[string]cty.Value)
	if s.vars.Type().IsObjectType() && !s.vars.IsMarked() && s.vars.IsKnown() && !s.vars.IsNull() {
		for k, v := range s.vars.AsValueMap() {
			attrs[k] = v
		}
	}
	for k, kid := range undeclared.kids {
		attrs[k] = kid.value()
	}
	return cty.ObjectVal(attrs)
}

// traversals returns the references of an expression, adding those that
// index a resource with a computed key (aws_iam_role.r[each.key].arn) with the
// key evaluated, so they become placeholders naming the instance.
func (s *scope) traversals(expr hcl.Expression, it *iteration) []hcl.Traversal {
	refs := s.run.refsOf(expr)
	out := refs.vars
	for _, rel := range refs.indexed {
		idx, ok := rel.Source.(*hclsyntax.IndexExpr)
		if !ok {
			continue
		}
		coll, ok := idx.Collection.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			continue
		}
		key := s.eval(idx.Key, it)
		if !key.IsWhollyKnown() || key.IsMarked() || key.IsNull() || (key.Type() != cty.String && key.Type() != cty.Number) {
			continue
		}
		tr := append(hcl.Traversal{}, coll.Traversal...)
		tr = append(tr, hcl.TraverseIndex{Key: key})
		out = append(out, append(tr, rel.Traversal...)) // refs.vars is clipped: a copy
	}
	return out
}

// exprRefs are the references of an expression as written: found once per
// run, as walking the syntax tree at every evaluation of every instance
// cost a tenth of a scan.
type exprRefs struct {
	vars []hcl.Traversal
	// indexed are the resource references with a computed index, whose
	// key is evaluated per instance.
	indexed []*hclsyntax.RelativeTraversalExpr
}

func (r *run) refsOf(expr hcl.Expression) *exprRefs {
	syn, ok := expr.(hclsyntax.Expression)
	if !ok {
		return &exprRefs{vars: expr.Variables()}
	}
	if refs, ok := r.refs[syn]; ok {
		return refs
	}
	refs := &exprRefs{vars: slices.Clip(expr.Variables())}
	hclsyntax.VisitAll(syn, func(n hclsyntax.Node) hcl.Diagnostics {
		rel, ok := n.(*hclsyntax.RelativeTraversalExpr)
		if !ok {
			return nil
		}
		idx, ok := rel.Source.(*hclsyntax.IndexExpr)
		if !ok {
			return nil
		}
		coll, ok := idx.Collection.(*hclsyntax.ScopeTraversalExpr)
		if ok && isResourceRoot(coll.Traversal.RootName()) && len(coll.Traversal) == 2 {
			refs.indexed = append(refs.indexed, rel)
		}
		return nil
	})
	r.refs[syn] = refs
	return refs
}

func isResourceRoot(root string) bool {
	switch root {
	case "var", "local", "each", "count", "self", "path", "terraform", "module", "data":
		return false
	}
	return strings.Contains(root, "_")
}

func attrName(tr hcl.Traversal, i int) string {
	if len(tr) <= i {
		return ""
	}
	switch step := tr[i].(type) {
	case hcl.TraverseAttr:
		return step.Name
	case hcl.TraverseRoot:
		return step.Name
	}
	return ""
}

// tree builds the nested objects that hold referenced values.
type tree struct {
	leaf cty.Value
	kids map[string]*tree
}

func (t *tree) set(path []string, v cty.Value) {
	for _, p := range path {
		if t.kids == nil {
			t.kids = make(map[string]*tree)
		}
		if t.kids[p] == nil {
			t.kids[p] = &tree{leaf: cty.DynamicVal}
		}
		t = t.kids[p]
	}
	t.leaf = v
}

// placeholder sets a reference to an attribute of something not known before
// deploy: a placeholder string at the attribute, an unknown object for a
// reference to the whole resource (fewer than min+1 steps).
func (t *tree) placeholder(tr hcl.Traversal, min int) {
	var path []string
	for _, step := range tr {
		switch step := step.(type) {
		case hcl.TraverseRoot:
			path = append(path, step.Name)
		case hcl.TraverseAttr:
			path = append(path, step.Name)
		case hcl.TraverseIndex:
			k, ok := indexKey(step.Key)
			if !ok {
				t.set(path, cty.DynamicVal)
				return
			}
			path = append(path, k)
		default:
			t.set(path, cty.DynamicVal)
			return
		}
	}
	attrs := 0
	for _, step := range tr {
		if _, ok := step.(hcl.TraverseAttr); ok {
			attrs++
		}
	}
	if attrs < min {
		// aws_iam_role.app or aws_iam_role.app[0]: the whole object.
		if t.lookup(path) == nil {
			t.set(path, cty.DynamicVal)
		}
		return
	}
	t.set(path, placeholder(traversalText(tr)))
}

func (t *tree) lookup(path []string) *tree {
	for _, p := range path {
		if t.kids[p] == nil {
			return nil
		}
		t = t.kids[p]
	}
	return t
}

func (t *tree) value() cty.Value {
	if len(t.kids) == 0 {
		return t.leaf
	}
	attrs := make(map[string]cty.Value, len(t.kids))
	for k, kid := range t.kids {
		attrs[k] = kid.value()
	}
	return cty.ObjectVal(attrs)
}

// indexKey is an index as an object attribute name: hcl indexes objects by
// the key converted to a string, so r[0] finds attribute "0".
func indexKey(k cty.Value) (string, bool) {
	if !k.IsKnown() || k.IsNull() || k.IsMarked() {
		return "", false
	}
	switch k.Type() {
	case cty.String:
		return k.AsString(), true
	case cty.Number:
		if measure(k).digits > maxDigits {
			return "", false
		}
		return k.AsBigFloat().Text('f', -1), true
	}
	return "", false
}

// traversalText writes a reference the way Terraform prints it.
func traversalText(tr hcl.Traversal) string {
	var b strings.Builder
	for _, step := range tr {
		switch step := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(step.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + step.Name)
		case hcl.TraverseIndex:
			if step.Key.Type() == cty.String {
				b.WriteString("[" + strconv.Quote(step.Key.AsString()) + "]")
			} else if k, ok := indexKey(step.Key); ok {
				b.WriteString("[" + k + "]")
			}
		case hcl.TraverseSplat:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

func (s *scope) local(name string) cty.Value {
	l := s.locals[name]
	if l == nil {
		return cty.DynamicVal
	}
	return l.get(s, "local."+name, func() cty.Value {
		for _, a := range s.mod.locals {
			if a.name == name {
				return s.eval(a.expr, noIteration)
			}
		}
		return cty.DynamicVal
	})
}

// pathObject is path.*, as Terraform run in the root module's directory
// sees it: path.module relative to that directory (file functions resolve
// relative paths against it too), path.root ".", path.cwd absolute. Paths
// never depend on where iacscan runs or how the scan path was written.
func (s *scope) pathObject() cty.Value {
	module := filepath.ToSlash(relDir(s.run.rootDir, s.mod.dir))
	cwd := s.run.rootDir
	if abs, err := filepath.Abs(cwd); err == nil {
		cwd = abs
	}
	return cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(module),
		"root":   cty.StringVal("."),
		"cwd":    cty.StringVal(filepath.ToSlash(cwd)),
	})
}

// relDir is dir relative to base when both resolve, else dir.
func relDir(base, dir string) string {
	absBase, err1 := filepath.Abs(base)
	absDir, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return dir
	}
	if rel, err := filepath.Rel(absBase, absDir); err == nil {
		return rel
	}
	return dir
}

// exprText is the source text of an expression, on one line, for the
// expression of unknown values.
func (r *run) exprText(rng hcl.Range) string {
	src := r.sources[rng.Filename]
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte >= rng.End.Byte {
		return "?"
	}
	text := strings.Join(strings.Fields(string(src[rng.Start.Byte:rng.End.Byte])), " ")
	const max = 200
	if len(text) > max {
		text = text[:max] + "…"
	}
	return text
}

// node evaluates an expression to a model tree at its location.
func (s *scope) valueNode(expr hcl.Expression, it *iteration) *syntax.Node {
	return toNode(s.eval(expr, it), location(expr.Range()), s.run.exprText(expr.Range()))
}
