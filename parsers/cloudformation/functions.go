package cloudformation

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/iacscan/iacscan/syntax"
)

// sub evaluates Fn::Sub. Known variables are substituted; unknown ones stay
// as ${name} in the value, which is then marked unknown, so the string
// keeps its shape ("arn:aws:s3:::${Bucket}/*" still ends in "/*").
func (ev *evaluator) sub(n, arg *syntax.Node, sc *scope) *syntax.Node {
	text, vars := arg, (*syntax.Node)(nil)
	if arg.Kind == syntax.KindList && len(arg.Items) == 2 {
		text, vars = arg.Items[0], arg.Items[1]
	}
	tmpl, ok := ev.str(text, sc)
	if !ok || vars != nil && vars.Kind != syntax.KindMap {
		return ev.unknownValue(n)
	}
	var b strings.Builder
	unknown := false
	single := "" // the variable, when the template is exactly one ${X}
	for rest := tmpl; ; {
		i := strings.Index(rest, "${")
		j := strings.Index(rest[max(i, 0):], "}")
		if i < 0 || j < 0 {
			b.WriteString(rest)
			break
		}
		name := rest[i+2 : i+j]
		b.WriteString(rest[:i])
		rest = rest[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}") // ${!Literal} is written as ${Literal}
			continue
		}
		if tmpl == "${"+name+"}" {
			single = name
		}
		v := ev.subVar(n, name, vars, sc)
		switch {
		case v == nil:
			b.WriteString("${" + name + "}")
			unknown = true
		case v.IsScalar():
			b.WriteString(v.Value)
			unknown = unknown || v.Unknown
		default:
			b.WriteString("${" + name + "}")
			unknown = true
		}
	}
	out := &syntax.Node{Kind: syntax.KindString, Value: b.String(), Loc: n.Loc}
	if unknown {
		out.Unknown, out.Expr = true, ev.t.raw.render(n)
	}
	if single != "" {
		id, attr, dotted := strings.Cut(single, ".")
		if (!dotted || attr == "Arn") && ev.t.isResource(id) && vars.Get(single) == nil {
			ev.targets[out] = id
		}
	}
	return out
}

func (ev *evaluator) subVar(n *syntax.Node, name string, vars *syntax.Node, sc *scope) *syntax.Node {
	if raw := vars.Get(name); raw != nil {
		v, ok := ev.eval(raw, sc)
		if !ok {
			return nil
		}
		return v
	}
	return ev.lookup(n, strings.TrimSpace(name), sc)
}

func (ev *evaluator) join(n, arg *syntax.Node, sc *scope) *syntax.Node {
	if arg.Kind != syntax.KindList || len(arg.Items) != 2 {
		return ev.unknownValue(n)
	}
	delim, ok := ev.str(arg.Items[0], sc)
	list, ok2 := ev.eval(arg.Items[1], sc)
	if !ok || !ok2 || list.Kind != syntax.KindList {
		return ev.unknownString(n, ev.t.raw.render(n))
	}
	parts := make([]string, 0, len(list.Items))
	unknown := false
	for _, item := range list.Items {
		switch {
		case item.IsScalar():
			parts = append(parts, item.Value)
			unknown = unknown || item.Unknown
		case item.Kind == syntax.KindUnknown:
			parts = append(parts, "${"+item.Expr+"}")
			unknown = true
		default:
			return ev.unknownString(n, ev.t.raw.render(n))
		}
	}
	out := &syntax.Node{Kind: syntax.KindString, Value: strings.Join(parts, delim), Loc: n.Loc}
	if unknown {
		out.Unknown, out.Expr = true, ev.t.raw.render(n)
	}
	return out
}

func (ev *evaluator) selectFn(n, arg *syntax.Node, sc *scope) *syntax.Node {
	if arg.Kind != syntax.KindList || len(arg.Items) != 2 {
		return ev.unknownValue(n)
	}
	idx, ok := ev.str(arg.Items[0], sc)
	list, ok2 := ev.eval(arg.Items[1], sc)
	i, err := strconv.Atoi(idx)
	if !ok || !ok2 || err != nil || list.Kind != syntax.KindList || i < 0 || i >= len(list.Items) {
		return ev.unknownValue(n)
	}
	return relocate(list.Items[i], n.Loc)
}

func (ev *evaluator) split(n, arg *syntax.Node, sc *scope) *syntax.Node {
	if arg.Kind != syntax.KindList || len(arg.Items) != 2 {
		return ev.unknownValue(n)
	}
	delim, ok := ev.str(arg.Items[0], sc)
	text, ok2 := ev.str(arg.Items[1], sc)
	if !ok || !ok2 || delim == "" {
		return ev.unknownValue(n)
	}
	out := &syntax.Node{Kind: syntax.KindList, Loc: n.Loc}
	for _, part := range strings.Split(text, delim) {
		out.Items = append(out.Items, syntax.StringNode(part, n.Loc))
	}
	return out
}

func (ev *evaluator) ifFn(n, arg *syntax.Node, sc *scope) (*syntax.Node, bool) {
	if arg.Kind != syntax.KindList || len(arg.Items) != 3 {
		return ev.unknownValue(n), true
	}
	name, ok := ev.str(arg.Items[0], sc)
	if !ok {
		return ev.unknownValue(n), true
	}
	switch ev.condition(name) {
	case yes:
		return ev.eval(arg.Items[1], sc)
	case no:
		return ev.eval(arg.Items[2], sc)
	}
	// Either branch may be deployed: the value is known only if both agree.
	a, okA := ev.eval(arg.Items[1], sc)
	b, okB := ev.eval(arg.Items[2], sc)
	if okA && okB && a.IsScalar() && b.IsScalar() && !a.Unknown && !b.Unknown && a.Value == b.Value {
		return relocate(a, n.Loc), true
	}
	return ev.unknownValue(n), true
}

func (ev *evaluator) findInMap(n, arg *syntax.Node, sc *scope) *syntax.Node {
	if arg.Kind != syntax.KindList || len(arg.Items) < 3 {
		return ev.unknownValue(n)
	}
	var keys [3]string
	for i := range keys {
		k, ok := ev.str(arg.Items[i], sc)
		if !ok {
			return ev.unknownValue(n)
		}
		keys[i] = k
	}
	if v := ev.t.mappings.Get(keys[0]).Get(keys[1]).Get(keys[2]); v != nil {
		if v, ok := ev.eval(v, sc); ok {
			return relocate(v, n.Loc)
		}
	}
	if len(arg.Items) == 4 {
		if def := arg.Items[3].Get("DefaultValue"); def != nil {
			if v, ok := ev.eval(def, sc); ok {
				return v
			}
		}
	}
	ev.t.errorf(n.Loc, "Fn::FindInMap: mapping %s has no %s/%s", keys[0], keys[1], keys[2])
	return ev.unknownValue(n)
}

func (ev *evaluator) base64(n, arg *syntax.Node, sc *scope) *syntax.Node {
	text, ok := ev.str(arg, sc)
	if !ok {
		return ev.unknownString(n, ev.t.raw.render(n))
	}
	return syntax.StringNode(base64.StdEncoding.EncodeToString([]byte(text)), n.Loc)
}

func (ev *evaluator) toJSONString(n, arg *syntax.Node, sc *scope) *syntax.Node {
	v, ok := ev.eval(arg, sc)
	if !ok || !known(v) {
		return ev.unknownString(n, ev.t.raw.render(n))
	}
	data, err := json.Marshal(plain(v))
	if err != nil {
		return ev.unknownString(n, ev.t.raw.render(n))
	}
	return syntax.StringNode(string(data), n.Loc)
}

func (ev *evaluator) length(n, arg *syntax.Node, sc *scope) *syntax.Node {
	v, ok := ev.eval(arg, sc)
	if !ok || v.Kind != syntax.KindList {
		return ev.unknownValue(n)
	}
	return &syntax.Node{Kind: syntax.KindNumber, Value: strconv.Itoa(len(v.Items)), Loc: n.Loc}
}

// known reports whether a value and everything in it is known.
func known(n *syntax.Node) bool {
	if n.Unknown || n.Kind == syntax.KindUnknown {
		return false
	}
	for _, item := range n.Items {
		if !known(item) {
			return false
		}
	}
	for _, e := range n.Entries {
		if !known(e.Value) {
			return false
		}
	}
	return true
}

// plain converts a known value to Go values for JSON encoding; map order
// is lost, which JSON objects do not promise anyway.
func plain(n *syntax.Node) any {
	switch n.Kind {
	case syntax.KindList:
		out := make([]any, len(n.Items))
		for i, item := range n.Items {
			out[i] = plain(item)
		}
		return out
	case syntax.KindMap:
		out := make(map[string]any, len(n.Entries))
		for _, e := range n.Entries {
			out[e.Key] = plain(e.Value)
		}
		return out
	case syntax.KindNull:
		return nil
	case syntax.KindBool:
		return n.Value == "true"
	case syntax.KindNumber:
		return json.Number(n.Value)
	}
	return n.Value
}
