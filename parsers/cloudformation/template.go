package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// template is a decoded template with its sections read: parameter values,
// mappings, conditions and the resources (Fn::ForEach expanded).
type template struct {
	file string
	raw  *raw
	errs []error

	params     map[string]*param
	mappings   *syntax.Node
	conditions *syntax.Node
	condValues map[string]tri
	resources  []*resource
	ids        map[string]*resource
	// generated holds the logical IDs of resources that SAM creates (a
	// function's role), which templates may reference.
	generated  map[string]bool
	globals    *syntax.Node
	sam        bool
	loops      int // entries made by Fn::ForEach, bounded by maxForEach
	constructs map[string]string
	// undeclared holds the places of references to names the template
	// does not declare, each reported once.
	undeclared map[model.Location]bool
	// expanded is set when a packaging tool (rain) adds resources to the
	// template, whose IDs it may reference.
	expanded bool
	// account is the AWS::AccountId the scan was given, or "".
	account string
}

// resource is one entry of the Resources section.
type resource struct {
	id     string
	typ    string
	keyLoc model.Location
	body   *syntax.Node
	loc    model.Location // from the logical ID to the end of the body
	scope  *scope         // names bound by the Fn::ForEach that made it
	// construct is the CDK construct path (aws:cdk:path), when present.
	construct string
}

// param is a template parameter and the value it has for this scan.
type param struct {
	typ   string
	value *syntax.Node // nil when not known before deploy
}

// list reports whether the parameter holds a list.
func (p *param) list() bool {
	return p.typ == "CommaDelimitedList" || strings.HasPrefix(p.typ, "List<") ||
		strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<List<")
}

func (t *template) errorf(loc model.Location, format string, args ...any) {
	t.errs = append(t.errs, model.Errorf(loc, format, args...))
}

func (t *template) warnf(loc model.Location, format string, args ...any) {
	e := model.Errorf(loc, format, args...)
	e.Warning = true
	t.errs = append(t.errs, e)
}

// undeclaredRef reports a Ref, GetAtt or ${name} to a name that is no
// parameter, pseudo parameter or resource of the template: CloudFormation
// rejects it. Templates that a transform rewrites (SAM, macros, includes)
// may reference what the transform creates, so they are not judged.
func (t *template) undeclaredRef(loc model.Location, name string) {
	if t.sam || t.expanded || t.raw.root.Get("Transform") != nil || t.raw.root.Get("Resources").Get(name) != nil {
		return
	}
	if t.undeclared == nil {
		t.undeclared = make(map[model.Location]bool)
	}
	if t.undeclared[loc] {
		return
	}
	t.undeclared[loc] = true
	t.errorf(loc, "%s is not a parameter or resource of this template; CloudFormation rejects the reference", name)
}

func (t *template) isResource(id string) bool {
	return t.ids[id] != nil || t.generated[id]
}

// sectionLoc returns the location of a top-level key, or of the file.
func (t *template) sectionLoc(name string) model.Location {
	for _, e := range t.raw.root.Entries {
		if e.Key == name {
			return e.KeyLoc
		}
	}
	return t.raw.root.Loc
}

func (t *template) readSections(opts Options) {
	root := t.raw.root
	t.mappings = root.Get("Mappings")
	t.conditions = root.Get("Conditions")
	t.condValues = make(map[string]tri)
	t.globals = root.Get("Globals")
	t.sam = hasTransform(root.Get("Transform"), "AWS::Serverless-2016-10-31")
	t.readParams(opts)
	t.readResources()
}

func hasTransform(n *syntax.Node, name string) bool {
	if n == nil {
		return false
	}
	if n.Kind == syntax.KindString {
		return n.Value == name
	}
	for _, item := range n.Items {
		if item.Kind == syntax.KindString && item.Value == name {
			return true
		}
	}
	return false
}

// readParams gives each parameter its value: the user's, else the
// default. Parameters whose value is resolved at deploy (SSM parameter
// types) have none.
func (t *template) readParams(opts Options) {
	t.params = make(map[string]*param)
	section := t.raw.root.Get("Parameters")
	if section == nil {
		return
	}
	for _, e := range section.Entries {
		p := &param{}
		if typ := e.Value.Get("Type"); typ != nil {
			p.typ = typ.Value
		}
		t.params[e.Key] = p
		if strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<") {
			continue
		}
		if v, ok := opts.Params[e.Key]; ok {
			p.value = syntax.StringNode(v, e.KeyLoc)
		} else if def := e.Value.Get("Default"); def != nil && (def.IsScalar() || def.Kind == syntax.KindList) {
			p.value = def
		}
		if p.value != nil && p.list() && p.value.Kind != syntax.KindList {
			p.value = splitList(p.value)
		}
	}
}

// splitList turns a comma-delimited parameter value into a list.
func splitList(v *syntax.Node) *syntax.Node {
	out := &syntax.Node{Kind: syntax.KindList, Loc: v.Loc}
	if v.Value == "" {
		return out
	}
	for _, part := range strings.Split(v.Value, ",") {
		out.Items = append(out.Items, syntax.StringNode(strings.TrimSpace(part), v.Loc))
	}
	return out
}

// readResources lists the resources, expanding Fn::ForEach loops.
func (t *template) readResources() {
	t.ids = make(map[string]*resource)
	t.generated = make(map[string]bool)
	section := t.raw.root.Get("Resources")
	if section == nil {
		return
	}
	if section.Kind != syntax.KindMap {
		t.errorf(section.Loc, "Resources must be a map of logical IDs to resources")
		return
	}
	ev := t.evaluator()
	for _, e := range section.Entries {
		if strings.HasPrefix(e.Key, forEachPrefix) {
			t.forEach(ev, e, nil, t.addResource)
			continue
		}
		t.addResource(e.Key, e.KeyLoc, e.Value, nil)
	}
}

func (t *template) addResource(id string, keyLoc model.Location, body *syntax.Node, sc *scope) {
	typ := body.Get("Type")
	switch {
	case body.Kind != syntax.KindMap:
		t.errorf(body.Loc, "resource %s must be a map with a Type", id)
		return
	case typ == nil:
		t.errorf(keyLoc, "resource %s has no Type", id)
		return
	case typ.Kind == syntax.KindUnknown:
		t.expanded = true // a tool's directive (!Rain::Module) that adds resources
		return            // an unknown tag, reported where it is
	case typ.Get("Rain::Module") != nil:
		t.expanded = true
		t.warnf(typ.Loc, "resource %s is a module of the rain tool, expanded when the template is packaged; it is not analysed", id)
		return
	case typ.Kind != syntax.KindString:
		t.errorf(typ.Loc, "the Type of resource %s must be a string", id)
		return
	}
	r := &resource{id: id, typ: typ.Value, keyLoc: keyLoc, body: body, scope: sc, loc: span(keyLoc, body.Loc)}
	if p := body.Get("Metadata").Get("aws:cdk:path"); p != nil && p.Kind == syntax.KindString {
		r.construct = p.Value
	} else {
		r.construct = t.constructs[id]
	}
	t.resources = append(t.resources, r)
	t.ids[id] = r
	if t.sam && (r.typ == "AWS::Serverless::Function" || r.typ == "AWS::Serverless::StateMachine") &&
		body.Get("Properties").Get("Role") == nil && t.globals.Get("Function").Get("Role") == nil {
		t.generated[id+"Role"] = true // the role SAM creates
	}
}

func (t *template) evaluator() *evaluator {
	return &evaluator{t: t, targets: make(map[*syntax.Node]string)}
}

// span returns the range from the start of a to the end of b.
func span(a, b model.Location) model.Location {
	return model.Location{File: a.File, StartLine: a.StartLine, StartColumn: a.StartColumn, EndLine: b.EndLine, EndColumn: b.EndColumn}
}
