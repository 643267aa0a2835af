package terraform

import (
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/iacscan/iacscan/syntax"
	"github.com/zclconf/go-cty/cty"
)

// node evaluates an expression structurally: object and tuple constructors
// become maps and lists whose parts keep their own locations, so a finding
// points at the statement or the action, not at the whole attribute. In a
// policy attribute, jsonencode({...}) is read as the object it encodes and
// JSON text (a heredoc, a file, a rendered aws_iam_policy_document) is
// decoded, so that only the parts that are really unknown are unknown.
func (s *scope) node(expr hcl.Expression, it *iteration, policy bool) *syntax.Node {
	switch x := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		if n := s.objectNode(x, it, policy); n != nil {
			return n
		}
	case *hclsyntax.TupleConsExpr:
		n := &syntax.Node{Kind: syntax.KindList, Loc: location(x.SrcRange)}
		for _, e := range x.Exprs {
			n.Items = append(n.Items, s.node(e, it, policy))
		}
		return n
	case *hclsyntax.ParenthesesExpr:
		return s.node(x.Expression, it, policy)
	case *hclsyntax.TemplateWrapExpr:
		return s.node(x.Wrapped, it, policy)
	case *hclsyntax.ConditionalExpr:
		cond := s.eval(x.Condition, it)
		if cond.IsKnown() && !cond.IsMarked() && !cond.IsNull() && cond.Type() == cty.Bool {
			if cond.True() {
				return s.node(x.TrueResult, it, policy)
			}
			return s.node(x.FalseResult, it, policy)
		}
	case *hclsyntax.FunctionCallExpr:
		if policy && x.Name == "jsonencode" && len(x.Args) == 1 && !x.ExpandFinal {
			return s.node(x.Args[0], it, policy)
		}
	case *hclsyntax.ScopeTraversalExpr:
		if a := s.localPolicy(x, policy); a != nil {
			// A policy written in a local is read where it is written, so
			// that a finding points there, the same place for every policy
			// made from it.
			s.following++
			defer func() { s.following-- }()
			return s.node(a.expr, noIteration, policy)
		}
	}
	n := s.valueNode(expr, it)
	switch {
	case policy && n.Kind == syntax.KindString:
		return s.policyText(n, expr, it)
	case policy && n.Kind == syntax.KindList:
		// source_policy_documents = local.docs: a list of JSON texts.
		for i, item := range n.Items {
			if item.Kind == syntax.KindString {
				n.Items[i] = s.policyText(item, nil, it)
			}
		}
	}
	return n
}

// maxFollowing bounds the locals node follows into one another, should
// they refer to one another in a cycle (which Terraform rejects).
const maxFollowing = 8

// localPolicy returns the local a policy attribute names whole
// (`local.doc`), when its value is a document written in the local
// (jsonencode of an object, or an object); nil otherwise.
func (s *scope) localPolicy(x *hclsyntax.ScopeTraversalExpr, policy bool) *attribute {
	if !policy || s.following >= maxFollowing || len(x.Traversal) != 2 || x.Traversal.RootName() != "local" {
		return nil
	}
	attr, ok := x.Traversal[1].(hcl.TraverseAttr)
	if !ok {
		return nil
	}
	for _, a := range s.mod.locals {
		if a.name != attr.Name {
			continue
		}
		switch e := a.expr.(type) {
		case *hclsyntax.ObjectConsExpr, *hclsyntax.ScopeTraversalExpr:
			return a
		case *hclsyntax.FunctionCallExpr:
			if e.Name == "jsonencode" {
				return a
			}
		}
		return nil
	}
	return nil
}

func (s *scope) objectNode(x *hclsyntax.ObjectConsExpr, it *iteration, policy bool) *syntax.Node {
	n := &syntax.Node{Kind: syntax.KindMap, Loc: location(x.SrcRange)}
	for _, item := range x.Items {
		k := s.eval(item.KeyExpr, it)
		if !k.IsKnown() || k.IsMarked() || k.IsNull() || k.Type() != cty.String {
			return nil // an unknown key: the object as a whole is unknown
		}
		n.Entries = append(n.Entries, &syntax.Entry{
			Key:    k.AsString(),
			KeyLoc: location(item.KeyExpr.Range()),
			Value:  s.node(item.ValueExpr, it, policy),
		})
	}
	return n
}

// policyText decodes a policy given as JSON text. Text that is not a JSON
// object is left as it is (tfaws reports what is wrong with it).
func (s *scope) policyText(n *syntax.Node, expr hcl.Expression, it *iteration) *syntax.Node {
	if doc := s.run.docs[n.Value]; doc != nil {
		return doc
	}
	if !strings.HasPrefix(strings.TrimSpace(n.Value), "{") {
		return n
	}
	if tree := s.policyFile(expr, it); tree != nil {
		return tree
	}
	tree, err := syntax.ParseJSON(n.Loc.File, []byte(n.Value))
	if err != nil {
		return n
	}
	if n.Unknown {
		markPlaceholders(tree)
	}
	if start, indent, ok := s.heredoc(expr); ok {
		tree.Shift(start, indent)
	} else {
		tree.Place(n.Loc)
	}
	return tree
}

// policyFile reads the policy of file("x.json") from the file itself, so that
// findings point into it.
func (s *scope) policyFile(expr hcl.Expression, it *iteration) *syntax.Node {
	if expr == nil {
		return nil
	}
	call, ok := expr.(*hclsyntax.FunctionCallExpr)
	if !ok || call.Name != "file" || len(call.Args) != 1 {
		return nil
	}
	p := s.eval(call.Args[0], it)
	if !p.IsKnown() || p.IsMarked() || p.IsNull() || p.Type() != cty.String {
		return nil
	}
	path, err := s.run.sandbox.resolve(s.run.rootDir, p.AsString())
	if err != nil {
		return nil
	}
	data, err := s.run.files.ReadFile(path)
	if err != nil {
		return nil
	}
	name := p.AsString() // findings name the file as the configuration does
	if !filepath.IsAbs(name) {
		name = filepath.Join(s.run.rootDir, name)
	}
	tree, err := syntax.ParseJSON(name, data)
	if err != nil {
		return nil
	}
	return tree
}

// heredoc reports whether expr is a heredoc template, with the line before
// its first line of text and the indentation <<- strips.
func (s *scope) heredoc(expr hcl.Expression) (start, indent int, ok bool) {
	if expr == nil {
		return 0, 0, false
	}
	tmpl, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok {
		return 0, 0, false
	}
	rng := tmpl.SrcRange
	src := s.run.sources[rng.Filename]
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) {
		return 0, 0, false
	}
	text := string(src[rng.Start.Byte:rng.End.Byte])
	if !strings.HasPrefix(text, "<<") {
		return 0, 0, false
	}
	if strings.HasPrefix(text, "<<-") {
		indent = commonIndent(text)
	}
	return rng.Start.Line, indent, true
}

// commonIndent is the indentation shared by the body lines of a heredoc.
func commonIndent(text string) int {
	lines := strings.Split(text, "\n")
	least := -1
	for _, l := range lines[1 : len(lines)-1] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if least < 0 || n < least {
			least = n
		}
	}
	return max(least, 0)
}

// markPlaceholders marks the strings of a tree decoded from an unknown text
// that hold placeholders: they are the unknown parts.
func markPlaceholders(n *syntax.Node) {
	if n.Kind == syntax.KindString && hasPlaceholder(n.Value) {
		n.Unknown, n.Expr = true, placeholderExpr(n.Value)
	}
	for _, item := range n.Items {
		markPlaceholders(item)
	}
	for _, e := range n.Entries {
		markPlaceholders(e.Value)
	}
}
