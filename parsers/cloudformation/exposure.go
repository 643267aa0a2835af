package cloudformation

import (
	"fmt"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// exposure adds a value written where people or systems read it, with the
// resource attributes it is made of (an access key's secret, for one).
func (m *mapper) exposure(meta model.Meta, kind model.ExposureKind, name string, raw *syntax.Node, sc *scope) {
	if e := m.evalExposure(meta, kind, name, raw, sc); e != nil {
		m.inv.Exposures = append(m.inv.Exposures, e)
	}
}

// evalExposure evaluates an exposure's value, keeping the attributes of
// other resources it is made of; nil when it cannot be evaluated.
func (m *mapper) evalExposure(meta model.Meta, kind model.ExposureKind, name string, raw *syntax.Node, sc *scope) *model.Exposure {
	var attrs []model.AttrRef
	m.ev.attrs = &attrs
	v, ok := m.ev.eval(raw, sc)
	m.ev.attrs = nil
	if !ok {
		return nil
	}
	return &model.Exposure{Meta: meta, Kind: kind, Name: name, Value: scalar(v), Refs: attrs}
}

// userData records EC2 user data: the text of Fn::Base64 as written, or
// other base64 (a literal, a parameter) decoded. User data that is not
// base64 is what EC2 rejects, and is not checked.
func (m *mapper) userData(c *current, path string, ud *syntax.Node) {
	encoded := true
	if name, arg, ok := intrinsic(ud, false); ok && name == "Fn::Base64" {
		ud, encoded = arg, false // the text people wrote, not its encoding
	}
	e := m.evalExposure(c.meta(path, ud.Loc), model.ExposureUserData, path, ud, c.scope)
	if e == nil {
		return
	}
	if encoded && e.Value.IsKnown() {
		text, err := syntax.DecodeUserData(e.Value.Text)
		if err != nil {
			m.t.warnf(ud.Loc, "%s of %s is %v: not checked for credentials", path, c.id, err)
			return
		}
		e.Value.Text = text
	}
	m.inv.Exposures = append(m.inv.Exposures, e)
}

// parameterExposures records parameter defaults, where credentials are
// sometimes written.
func (m *mapper) parameterExposures() {
	for _, e := range entries(m.t.raw.root.Get("Parameters")) {
		def := e.Value.Get("Default")
		if def == nil || !def.IsScalar() {
			continue
		}
		meta := model.Meta{ID: "Parameters." + e.Key, Type: "Parameter", Source: model.SourceCloudFormation, Loc: span(e.KeyLoc, e.Value.Loc)}
		meta.SetField("Default", def.Loc)
		m.inv.Exposures = append(m.inv.Exposures, &model.Exposure{Meta: meta, Kind: model.ExposureParameter, Name: e.Key, Value: def.Scalar()})
	}
}

// outputs records the Outputs section: stack outputs are readable by anyone
// who can describe the stack.
func (m *mapper) outputs() {
	section := m.t.raw.root.Get("Outputs")
	if section == nil {
		return
	}
	emit := func(key string, keyLoc model.Location, body *syntax.Node, sc *scope) {
		if m.ev.resourceCondition(body, sc) == no {
			return
		}
		v := body.Get("Value")
		if v == nil {
			m.t.errorf(keyLoc, "output %s has no Value", key)
			return
		}
		meta := model.Meta{ID: "Outputs." + key, Type: "Output", Source: model.SourceCloudFormation, Loc: span(keyLoc, body.Loc)}
		meta.SetField("Value", v.Loc)
		m.exposure(meta, model.ExposureOutput, key, v, sc)
	}
	for _, e := range section.Entries {
		if len(e.Key) > len(forEachPrefix) && e.Key[:len(forEachPrefix)] == forEachPrefix {
			m.t.forEach(m.ev, e, nil, emit)
			continue
		}
		emit(e.Key, e.KeyLoc, e.Value, nil)
	}
}

// userDataPaths says where resource types keep EC2 user data.
var userDataPaths = map[string][]string{
	"AWS::EC2::Instance":                    {"UserData"},
	"AWS::AutoScaling::LaunchConfiguration": {"UserData"},
	"AWS::EC2::LaunchTemplate":              {"LaunchTemplateData", "UserData"},
}

// environment records Lambda and ECS environment variables and EC2 user
// data, read from the raw properties so that each value's references are
// kept.
func (m *mapper) environment(c *current, props *syntax.Node) {
	switch c.typ {
	case "AWS::Lambda::Function", "AWS::Serverless::Function":
		for _, e := range entries(plainMap(rawPath(props, "Environment", "Variables"))) {
			path := "Environment.Variables." + e.Key
			m.exposure(c.meta(path, span(e.KeyLoc, e.Value.Loc)), model.ExposureEnvironment, e.Key, e.Value, c.scope)
		}
	case "AWS::ECS::TaskDefinition":
		for i, def := range items(rawPath(props, "ContainerDefinitions")) {
			for _, list := range []struct{ prop, value string }{{"Environment", "Value"}, {"Secrets", "ValueFrom"}} {
				for j, env := range items(rawPath(def, list.prop)) {
					name, value := env.Get("Name"), env.Get(list.value)
					if name == nil || value == nil || name.Kind != syntax.KindString {
						continue
					}
					path := fmt.Sprintf("ContainerDefinitions[%d].%s[%d]", i, list.prop, j)
					m.exposure(c.meta(path, env.Loc), model.ExposureEnvironment, name.Value, value, c.scope)
				}
			}
		}
	}
	if keys, ok := userDataPaths[c.typ]; ok {
		if ud := rawPath(props, keys...); ud != nil {
			m.userData(c, keys[len(keys)-1], ud)
		}
		m.cfnInitFiles(c)
	}
}

// rawPath follows keys through plain maps of a raw tree; it stops (nil) at
// anything else, such as an intrinsic function choosing the value.
func rawPath(n *syntax.Node, keys ...string) *syntax.Node {
	for _, k := range keys {
		if n == nil || n.Kind != syntax.KindMap {
			return nil
		}
		if _, _, fn := intrinsic(n, false); fn {
			return nil
		}
		n = n.Get(k)
	}
	return n
}

// plainMap returns n if it is a map that is not a function call.
func plainMap(n *syntax.Node) *syntax.Node {
	if _, _, fn := intrinsic(n, false); fn || n == nil || n.Kind != syntax.KindMap {
		return nil
	}
	return n
}

// entries and items read a map's entries and a list's items, nil-safe.
func entries(n *syntax.Node) []*syntax.Entry {
	if n == nil {
		return nil
	}
	return n.Entries
}

func items(n *syntax.Node) []*syntax.Node {
	if n == nil {
		return nil
	}
	return n.Items
}

// cfnInitFiles records the files cfn-init writes on an instance
// (Metadata AWS::CloudFormation::Init, each config's files), named by
// their path: their content is user data in all but name.
func (m *mapper) cfnInitFiles(c *current) {
	init := rawPath(c.body, "Metadata", "AWS::CloudFormation::Init")
	for _, config := range entries(plainMap(init)) {
		for _, file := range entries(plainMap(rawPath(config.Value, "files"))) {
			path := "Metadata.AWS::CloudFormation::Init." + config.Key + ".files." + file.Key
			content := rawPath(file.Value, "content")
			if content == nil {
				content = syntax.StringNode("", file.KeyLoc)
			}
			m.exposure(c.meta(path, file.KeyLoc), model.ExposureUserData, file.Key, content, c.scope)
		}
	}
}
