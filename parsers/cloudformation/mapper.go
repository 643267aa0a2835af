package cloudformation

import (
	"fmt"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// mapper turns the resources of a template into inventory elements.
type mapper struct {
	t   *template
	inv *model.Inventory
	ev  *evaluator
}

// current is one resource being mapped, with its evaluated properties.
type current struct {
	*resource
	props    *syntax.Node // evaluated Properties (an empty map when absent)
	mayApply bool         // its Condition is not known before deploy
	m        *mapper
}

func (m *mapper) mapAll() {
	m.ev = m.t.evaluator()
	m.parameterExposures()
	for _, r := range m.t.resources {
		m.metadataIgnores(r)
		cond := m.ev.resourceCondition(r.body, r.scope)
		if cond == no {
			continue // not created with these parameter values
		}
		c := &current{resource: r, mayApply: cond == unknownTri, m: m}
		m.mapResource(c)
	}
	m.outputs()
}

// relevant reports whether a resource type means anything for IAM: only
// those resources have their properties evaluated.
func relevant(typ string) bool {
	if identityMappers[typ] != nil {
		return true
	}
	if _, ok := resourcePolicies[typ]; ok {
		return true
	}
	if _, ok := sharingMappers[typ]; ok {
		return true
	}
	if _, ok := orgMappers[typ]; ok {
		return true
	}
	if _, ok := userDataPaths[typ]; ok {
		return true
	}
	switch typ {
	case "AWS::Lambda::Permission", "AWS::CloudTrail::Trail",
		"AWS::Serverless::Function", "AWS::Serverless::StateMachine",
		"AWS::Lambda::Function", "AWS::ECS::TaskDefinition":
		return true
	}
	return false
}

// bearsPolicy reports whether a resource's properties, as written, hold a
// policy document under a policy property (PolicyDocument, KeyPolicy, …):
// a Statement somewhere in it (inside a function, or in JSON text).
func bearsPolicy(props *syntax.Node) bool {
	if props == nil || props.Kind != syntax.KindMap {
		return false
	}
	for _, e := range props.Entries {
		if !model.IsPolicyProperty(e.Key) || e.Value == nil {
			continue
		}
		if syntax.HasStatement(e.Value) {
			return true
		}
	}
	return false
}

// mapResource evaluates a resource's properties and maps it by type.
func (m *mapper) mapResource(c *current) {
	m.inv.Coverage.Resources++
	if !relevant(c.typ) {
		if bearsPolicy(c.body.Get("Properties")) {
			m.inv.Coverage.NotAnalysedType(c.typ)
		}
		return
	}
	rawProps := c.body.Get("Properties")
	if c.typ == "AWS::Serverless::Function" || c.typ == "AWS::Serverless::StateMachine" || c.typ == "AWS::Serverless::Api" {
		rawProps = m.withGlobals(c.typ, rawProps)
	}
	c.props = &syntax.Node{Kind: syntax.KindMap, Loc: c.loc}
	if rawProps != nil {
		if v, ok := m.ev.eval(rawProps, c.scope); ok {
			c.props = v
		}
	}
	if c.props.Kind != syntax.KindMap {
		if c.props.Kind != syntax.KindUnknown {
			m.t.errorf(c.props.Loc, "the Properties of %s must be a map", c.id)
		}
		return
	}
	if f := identityMappers[c.typ]; f != nil {
		f(m, c)
		return
	}
	if spec, ok := resourcePolicies[c.typ]; ok {
		m.resourcePolicy(c, spec)
		return
	}
	if f := sharingMappers[c.typ]; f != nil {
		f(m, c)
		return
	}
	if f := orgMappers[c.typ]; f != nil {
		f(m, c)
		return
	}
	switch c.typ {
	case "AWS::Lambda::Permission":
		m.lambdaPermission(c)
	case "AWS::CloudTrail::Trail":
		m.trail(c)
	case "AWS::Serverless::Function", "AWS::Serverless::StateMachine":
		m.samFunction(c, rawProps)
	}
	m.environment(c, rawProps)
}

// meta describes an element made from the current resource. path is the
// property holding it ("" for the resource itself).
func (c *current) meta(path string, loc model.Location) model.Meta {
	if loc.IsZero() {
		loc = c.loc
	}
	return model.Meta{
		ID: c.id, Type: c.typ, Source: model.SourceCloudFormation, Loc: loc, Path: path,
		MayApply: c.mayApply, Construct: c.construct,
	}
}

// self is a reference to the current resource.
func (c *current) self() model.Ref { return model.Ref{ID: c.id} }

func (c *current) prop(name string) *syntax.Node { return c.props.Get(name) }

// propLoc is the range of a property, from its key to the end of its value.
func (c *current) propLoc(name string) model.Location {
	for _, e := range c.props.Entries {
		if e.Key == name {
			return span(e.KeyLoc, e.Value.Loc)
		}
	}
	return model.Location{}
}

// value returns a scalar property; absent properties are not Set, and a
// list or map where a scalar belongs is an unknown value.
func (c *current) value(name string) model.Value {
	return scalar(c.prop(name))
}

func scalar(n *syntax.Node) model.Value {
	switch {
	case n == nil:
		return model.Value{}
	case n.IsScalar() || n.Kind == syntax.KindUnknown:
		return n.Scalar()
	case n.Kind == syntax.KindNull:
		return model.Value{}
	}
	return model.Value{Text: "${" + n.Kind.String() + "}", Unknown: true, Expr: "a " + n.Kind.String(), Loc: n.Loc, Set: true}
}

// ref turns a value naming another element (a name, an ARN, a Ref or
// GetAtt of a resource) into a Ref.
func (m *mapper) ref(n *syntax.Node) model.Ref {
	if n == nil {
		return model.Ref{}
	}
	return model.Ref{ID: m.ev.targets[n], Value: scalar(n)}
}

// refProp is ref of a property.
func (c *current) refProp(name string) model.Ref { return c.m.ref(c.prop(name)) }

// each calls f for the items of a list property with their path; a
// property that is one value counts as a list of it, and an unknown list
// as one unknown item.
func (c *current) each(name string, f func(path string, item *syntax.Node)) {
	n := c.prop(name)
	switch {
	case n == nil:
	case n.Kind == syntax.KindList:
		for i, item := range n.Items {
			f(fmt.Sprintf("%s[%d]", name, i), item)
		}
	default:
		f(name, n)
	}
}

// refs returns the references in a list property.
func (c *current) refs(name string) []model.Ref {
	var out []model.Ref
	c.each(name, func(_ string, item *syntax.Node) { out = append(out, c.m.ref(item)) })
	return out
}

func (m *mapper) addPolicy(p *model.Policy) *model.Policy {
	m.inv.Policies = append(m.inv.Policies, p)
	return p
}
