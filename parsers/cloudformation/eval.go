package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// evaluator applies intrinsic functions to raw template values. What can be
// known from the template, its parameters, mappings and conditions is
// resolved; the rest stays unknown with its expression. Results keep the
// location of the expression they came from, and unchanged subtrees are
// shared with the raw tree.
type evaluator struct {
	t *template
	// targets records, for values made by Ref or GetAtt of a resource (its
	// name or ARN), the logical ID of that resource: references link
	// elements of the inventory.
	targets map[*syntax.Node]string
	// attrs collects the resource attributes met while evaluating, when
	// set, for exposures (what an output is made of).
	attrs *[]model.AttrRef
	depth int
}

// maxDepth bounds nesting of evaluation (Fn::ForEach, nested functions), so
// that hostile input cannot exhaust the stack.
const maxDepth = 200

// scope holds the names bound by Fn::ForEach loops and SAM policy template
// parameters, innermost first.
type scope struct {
	vars   map[string]*syntax.Node
	parent *scope
}

func (s *scope) lookup(name string) *syntax.Node {
	for ; s != nil; s = s.parent {
		if v, ok := s.vars[name]; ok {
			return v
		}
	}
	return nil
}

// intrinsic returns the function name and argument of a one-key map that
// is a function call (Ref, Fn::…). Condition is only a function inside
// condition expressions, where cond is set.
func intrinsic(n *syntax.Node, cond bool) (string, *syntax.Node, bool) {
	if n == nil || n.Kind != syntax.KindMap || len(n.Entries) != 1 {
		return "", nil, false
	}
	e := n.Entries[0]
	switch {
	case e.Key == "Ref", cond && e.Key == "Condition":
	case strings.HasPrefix(e.Key, "Fn::") && !strings.HasPrefix(e.Key, forEachPrefix):
	default:
		return "", nil, false
	}
	return e.Key, e.Value, true
}

// eval returns the value of n. ok is false when it is AWS::NoValue, and the
// property or list item holding it is left out.
func (ev *evaluator) eval(n *syntax.Node, sc *scope) (*syntax.Node, bool) {
	if n == nil {
		return nil, false
	}
	if ev.depth > maxDepth {
		return ev.unknownValue(n), true
	}
	var (
		v  = n
		ok = true
	)
	ev.depth++
	switch n.Kind {
	case syntax.KindList:
		v = ev.list(n, sc)
	case syntax.KindMap:
		if name, arg, fn := intrinsic(n, false); fn {
			v, ok = ev.call(n, name, arg, sc)
		} else {
			v = ev.mapping(n, sc)
		}
	}
	ev.depth--
	return v, ok
}

func (ev *evaluator) list(n *syntax.Node, sc *scope) *syntax.Node {
	var out []*syntax.Node // nil while every item is unchanged
	for i, item := range n.Items {
		v, ok := ev.eval(item, sc)
		if out == nil && (!ok || v != item) {
			out = append(make([]*syntax.Node, 0, len(n.Items)), n.Items[:i]...)
		}
		if out != nil && ok {
			out = append(out, v)
		}
	}
	if out == nil {
		return n
	}
	return &syntax.Node{Kind: syntax.KindList, Items: out, Loc: n.Loc}
}

func (ev *evaluator) mapping(n *syntax.Node, sc *scope) *syntax.Node {
	var out []*syntax.Entry // nil while every entry is unchanged
	for i, e := range n.Entries {
		if strings.HasPrefix(e.Key, forEachPrefix) {
			if out == nil {
				out = append(make([]*syntax.Entry, 0, len(n.Entries)), n.Entries[:i]...)
			}
			ev.t.forEach(ev, e, sc, func(key string, keyLoc model.Location, body *syntax.Node, inner *scope) {
				if v, ok := ev.eval(body, inner); ok {
					out = append(out, &syntax.Entry{Key: key, KeyLoc: keyLoc, Value: v})
				}
			})
			continue
		}
		v, ok := ev.eval(e.Value, sc)
		if out == nil && (!ok || v != e.Value) {
			out = append(make([]*syntax.Entry, 0, len(n.Entries)), n.Entries[:i]...)
		}
		if out != nil && ok {
			out = append(out, &syntax.Entry{Key: e.Key, KeyLoc: e.KeyLoc, Value: v})
		}
	}
	if out == nil {
		return n
	}
	return &syntax.Node{Kind: syntax.KindMap, Entries: out, Loc: n.Loc}
}

func (ev *evaluator) call(n *syntax.Node, name string, arg *syntax.Node, sc *scope) (*syntax.Node, bool) {
	switch name {
	case "Ref":
		return ev.ref(n, arg, sc)
	case "Fn::GetAtt":
		return ev.getAtt(n, arg, sc), true
	case "Fn::Sub":
		return ev.sub(n, arg, sc), true
	case "Fn::Join":
		return ev.join(n, arg, sc), true
	case "Fn::Select":
		return ev.selectFn(n, arg, sc), true
	case "Fn::Split":
		return ev.split(n, arg, sc), true
	case "Fn::If":
		return ev.ifFn(n, arg, sc)
	case "Fn::FindInMap":
		return ev.findInMap(n, arg, sc), true
	case "Fn::Base64":
		return ev.base64(n, arg, sc), true
	case "Fn::ToJsonString":
		return ev.toJSONString(n, arg, sc), true
	case "Fn::Length":
		return ev.length(n, arg, sc), true
	case "Fn::ImportValue":
		return ev.unknownString(n, ev.t.raw.render(n)), true
	}
	// Fn::GetAZs, Fn::Cidr, Fn::Transform and the condition functions
	// outside conditions: not known before deploy.
	return ev.unknownValue(n), true
}

// unknownString is a string not known before deploy: its Value is the
// placeholder ${name} that Fn::Sub would show, and Expr the expression.
func (ev *evaluator) unknownString(n *syntax.Node, name string) *syntax.Node {
	return &syntax.Node{Kind: syntax.KindString, Value: "${" + name + "}", Unknown: true, Expr: ev.t.raw.render(n), Loc: n.Loc}
}

// unknownValue is a value of unknown type and content.
func (ev *evaluator) unknownValue(n *syntax.Node) *syntax.Node {
	return syntax.UnknownNode(ev.t.raw.render(n), n.Loc)
}

// str evaluates n and returns its text when it is a known scalar.
func (ev *evaluator) str(n *syntax.Node, sc *scope) (string, bool) {
	v, ok := ev.eval(n, sc)
	if !ok || !v.IsScalar() || v.Unknown {
		return "", false
	}
	return v.Value, true
}

func (ev *evaluator) ref(n, arg *syntax.Node, sc *scope) (*syntax.Node, bool) {
	name, ok := ev.str(arg, sc)
	if !ok {
		return ev.unknownValue(n), true
	}
	if name == "AWS::NoValue" {
		return nil, false
	}
	return ev.lookup(n, name, sc), true
}

// lookup resolves a name as Ref and ${name} in Fn::Sub do: a loop or
// policy template variable, a parameter, a pseudo parameter or a resource.
// Dotted names (in Fn::Sub) are resource attributes.
func (ev *evaluator) lookup(n *syntax.Node, name string, sc *scope) *syntax.Node {
	if v := sc.lookup(name); v != nil {
		return relocate(v, n.Loc)
	}
	if p := ev.t.params[name]; p != nil {
		if p.value != nil {
			return relocate(p.value, n.Loc)
		}
		if p.list() {
			return ev.unknownValue(n)
		}
		return ev.unknownString(n, name)
	}
	if strings.HasPrefix(name, "AWS::") {
		if name == "AWS::NotificationARNs" {
			return ev.unknownValue(n)
		}
		if name == AccountIDParam && ev.t.account != "" {
			return syntax.StringNode(ev.t.account, n.Loc)
		}
		// Pseudo parameters stay symbolic: never a made-up account or region.
		return ev.unknownString(n, name)
	}
	if id, attr, ok := strings.Cut(name, "."); ok {
		return ev.attribute(n, id, attr)
	}
	v := ev.unknownString(n, name)
	if ev.t.isResource(name) {
		ev.targets[v] = name
		ev.noteAttr(name, "id")
	} else {
		ev.t.undeclaredRef(n.Loc, name)
	}
	return v
}

func (ev *evaluator) getAtt(n, arg *syntax.Node, sc *scope) *syntax.Node {
	var id, attr string
	switch {
	case arg.Kind == syntax.KindString && !arg.Unknown:
		var ok bool
		if id, attr, ok = strings.Cut(arg.Value, "."); !ok {
			return ev.unknownValue(n)
		}
	case arg.Kind == syntax.KindList && len(arg.Items) == 2:
		var ok1, ok2 bool
		id, ok1 = ev.str(arg.Items[0], sc)
		attr, ok2 = ev.str(arg.Items[1], sc)
		if !ok1 || !ok2 {
			return ev.unknownValue(n)
		}
	default:
		return ev.unknownValue(n)
	}
	return ev.attribute(n, id, attr)
}

// attribute is the value of GetAtt id.attr: unknown before deploy, but an
// Arn links to the resource.
func (ev *evaluator) attribute(n *syntax.Node, id, attr string) *syntax.Node {
	v := ev.unknownString(n, id+"."+attr)
	if !ev.t.isResource(id) {
		ev.t.undeclaredRef(n.Loc, id)
	}
	if (attr == "Arn" || attr == "RootId") && ev.t.isResource(id) {
		ev.targets[v] = id
	}
	ev.noteAttr(id, attr)
	return v
}

// attrNames maps CloudFormation attribute names to the model's vocabulary.
var attrNames = map[string]string{"SecretAccessKey": "secret", "Arn": "arn"}

func (ev *evaluator) noteAttr(id, attr string) {
	if ev.attrs == nil || !ev.t.isResource(id) {
		return
	}
	if a, ok := attrNames[attr]; ok {
		attr = a
	}
	*ev.attrs = append(*ev.attrs, model.AttrRef{Ref: model.Ref{ID: id}, Attr: attr})
}

// relocate returns v as found at loc: a parameter default or mapping value
// is reported where it is used.
func relocate(v *syntax.Node, loc model.Location) *syntax.Node {
	c := *v
	c.Loc = loc
	if len(v.Items) > 0 {
		c.Items = make([]*syntax.Node, len(v.Items))
		for i, item := range v.Items {
			c.Items[i] = relocate(item, loc)
		}
	}
	return &c
}
