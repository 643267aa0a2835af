package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// withGlobals merges the SAM Globals section for a resource type into its
// raw properties, as the SAM transform does: the resource's own values
// win, maps are merged, lists are concatenated (globals first).
func (m *mapper) withGlobals(typ string, props *syntax.Node) *syntax.Node {
	section := map[string]string{"AWS::Serverless::Function": "Function", "AWS::Serverless::StateMachine": "StateMachine", "AWS::Serverless::Api": "Api"}[typ]
	globals := plainMap(m.t.globals.Get(section))
	if !m.t.sam || globals == nil {
		return props
	}
	if props == nil {
		return globals
	}
	return mergeGlobals(globals, props)
}

func mergeGlobals(global, local *syntax.Node) *syntax.Node {
	switch {
	case plainMap(global) != nil && plainMap(local) != nil:
		out := &syntax.Node{Kind: syntax.KindMap, Loc: local.Loc, Entries: append([]*syntax.Entry(nil), local.Entries...)}
		for _, g := range global.Entries {
			i := indexOf(out, g.Key)
			if i < 0 {
				out.Entries = append(out.Entries, g)
				continue
			}
			l := out.Entries[i]
			out.Entries[i] = &syntax.Entry{Key: l.Key, KeyLoc: l.KeyLoc, Value: mergeGlobals(g.Value, l.Value)}
		}
		return out
	case global.Kind == syntax.KindList && local.Kind == syntax.KindList:
		return &syntax.Node{Kind: syntax.KindList, Loc: local.Loc, Items: append(append([]*syntax.Node(nil), global.Items...), local.Items...)}
	}
	return local
}

func indexOf(n *syntax.Node, key string) int {
	for i, e := range n.Entries {
		if e.Key == key {
			return i
		}
	}
	return -1
}

// samFunction models the role SAM creates for a function or state machine
// without a Role: the trust of its service, the policies SAM always
// attaches, and the Policies property in all its forms (managed policy
// names or ARNs, inline documents, policy templates).
func (m *mapper) samFunction(c *current, rawProps *syntax.Node) {
	if c.typ == "AWS::Serverless::Function" {
		m.samFunctionURL(c)
	}
	if c.prop("Role") != nil {
		if c.typ == "AWS::Serverless::Function" {
			m.samEvents(c, "")
		}
		return // SAM uses the given role and ignores Policies
	}
	roleID := c.id + "Role"
	if c.typ == "AWS::Serverless::Function" {
		m.samEvents(c, roleID)
		m.samDeadLetterQueue(c, roleID)
	}
	roleRef := model.Ref{ID: roleID}
	role := &model.Identity{Meta: c.meta("", c.loc), Kind: model.Role, Boundary: c.refProp("PermissionsBoundary")}
	role.ID, role.Type = roleID, "AWS::IAM::Role"
	role.SetField("Boundary", c.propLoc("PermissionsBoundary"))
	m.inv.Identities = append(m.inv.Identities, role)

	service, managed := "states.amazonaws.com", []string(nil)
	if c.typ == "AWS::Serverless::Function" {
		service, managed = "lambda.amazonaws.com", []string{"service-role/AWSLambdaBasicExecutionRole"}
		if c.value("Tracing").Is("Active") {
			managed = append(managed, "AWSXrayWriteOnlyAccess")
		}
	}
	trust := c.prop("AssumeRolePolicyDocument")
	trustLoc := c.propLoc("AssumeRolePolicyDocument")
	if trust == nil {
		trust, trustLoc = serviceTrust(service, c.keyLoc), c.keyLoc
	}
	role.Trust = m.addPolicy(&model.Policy{
		Meta: m.roleMeta(c, roleID, "AssumeRolePolicyDocument", trustLoc), Kind: model.Trust,
		Owners: []model.Ref{roleRef}, Document: m.document(trust),
	})
	for _, name := range managed {
		arn := syntax.Node{Kind: syntax.KindString, Value: "arn:${AWS::Partition}:iam::aws:policy/" + name, Unknown: true,
			Expr: "arn:${AWS::Partition}:iam::aws:policy/" + name, Loc: c.keyLoc}
		m.inv.Attachments = append(m.inv.Attachments, &model.Attachment{
			Meta: c.meta("", c.keyLoc), Policy: model.Ref{Value: arn.Scalar()}, Identity: roleRef, IdentityKind: model.Role,
		})
	}
	c.each("Policies", func(path string, item *syntax.Node) { m.samPolicy(c, roleID, path, item) })
}

// roleMeta describes an element of a generated role.
func (m *mapper) roleMeta(c *current, roleID, path string, loc model.Location) model.Meta {
	meta := c.meta(path, loc)
	meta.ID, meta.Type = roleID, "AWS::IAM::Role"
	return meta
}

// serviceTrust is the trust policy SAM gives a generated role.
func serviceTrust(service string, loc model.Location) *syntax.Node {
	str := func(s string) *syntax.Node { return syntax.StringNode(s, loc) }
	entry := func(k string, v *syntax.Node) *syntax.Entry { return &syntax.Entry{Key: k, KeyLoc: loc, Value: v} }
	stmt := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{
		entry("Effect", str("Allow")),
		entry("Action", str("sts:AssumeRole")),
		entry("Principal", &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{entry("Service", str(service))}}),
	}}
	return &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{
		entry("Version", str("2012-10-17")),
		entry("Statement", &syntax.Node{Kind: syntax.KindList, Loc: loc, Items: []*syntax.Node{stmt}}),
	}}
}

// samPolicy maps one item of a SAM Policies property.
func (m *mapper) samPolicy(c *current, roleID, path string, item *syntax.Node) {
	roleRef := model.Ref{ID: roleID}
	inline := func(doc *model.Document, template string) {
		index := strings.TrimSuffix(strings.TrimPrefix(path, "Policies["), "]")
		if index == "Policies" {
			index = "0"
		}
		m.addPolicy(&model.Policy{
			Meta: c.meta(path, item.Loc), Kind: model.Inline, Owners: []model.Ref{roleRef}, OwnerKinds: []model.IdentityKind{model.Role},
			Name: model.Known(roleID+"Policy"+index, item.Loc), Document: doc, Template: template,
		})
	}
	switch {
	case item.Kind == syntax.KindString:
		m.inv.Attachments = append(m.inv.Attachments, &model.Attachment{
			Meta: c.meta(path, item.Loc), Policy: m.ref(item), Identity: roleRef, IdentityKind: model.Role,
		})
	case item.Kind == syntax.KindUnknown:
		inline(syntax.DecodeDocument(item), "")
	case item.Kind == syntax.KindMap && item.Get("Statement") != nil:
		inline(syntax.DecodeDocument(item), "")
	case item.Kind == syntax.KindMap && len(item.Entries) == 1:
		e := item.Entries[0]
		tpl := samTemplates()[e.Key]
		if tpl == nil {
			m.t.warnf(e.KeyLoc, "%s.%s: unknown SAM policy template %s; its permissions are not analysed", c.id, path, e.Key)
			return
		}
		inline(syntax.DecodeDocument(m.expandTemplate(c, e, tpl)), e.Key)
	default:
		m.t.errorf(item.Loc, "%s.%s is neither a policy name or ARN, a policy document, nor a SAM policy template", c.id, path)
	}
}

// expandTemplate writes out the statements of a SAM policy template with
// the parameter values given, located at the template's entry.
func (m *mapper) expandTemplate(c *current, e *syntax.Entry, tpl *samTemplate) *syntax.Node {
	loc := span(e.KeyLoc, e.Value.Loc)
	vars := make(map[string]*syntax.Node)
	for _, p := range tpl.params {
		v := e.Value.Get(p)
		if v == nil {
			m.t.errorf(e.KeyLoc, "%s: SAM policy template %s needs the parameter %s", c.id, e.Key, p)
			v = syntax.UnknownNode("missing "+p, e.KeyLoc)
		}
		vars[p] = v
	}
	sc := &scope{vars: vars}
	str := func(s string) *syntax.Node { return syntax.StringNode(s, e.KeyLoc) }
	entry := func(k string, v *syntax.Node) *syntax.Entry { return &syntax.Entry{Key: k, KeyLoc: e.KeyLoc, Value: v} }
	sub := func(pattern string) *syntax.Node {
		at := e.KeyLoc
		for _, p := range tpl.params {
			if strings.Contains(pattern, "${"+p+"}") {
				at = vars[p].Loc
			}
		}
		call := &syntax.Node{Kind: syntax.KindMap, Loc: at, Entries: []*syntax.Entry{{Key: "Fn::Sub", KeyLoc: at, Value: syntax.StringNode(pattern, at)}}}
		v, _ := m.ev.eval(call, sc)
		return v
	}
	statements := &syntax.Node{Kind: syntax.KindList, Loc: loc}
	for _, st := range tpl.statements {
		actions := &syntax.Node{Kind: syntax.KindList, Loc: e.KeyLoc}
		for _, a := range st.actions {
			actions.Items = append(actions.Items, str(a))
		}
		resources := &syntax.Node{Kind: syntax.KindList, Loc: loc}
		for _, r := range st.resources {
			resources.Items = append(resources.Items, sub(r))
		}
		stmt := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{
			entry("Effect", str("Allow")), entry("Action", actions), entry("Resource", resources),
		}}
		if cond := st.condition; cond != nil {
			key := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{entry(cond.key, sub(cond.value))}}
			op := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{entry(cond.operator, key)}}
			stmt.Entries = append(stmt.Entries, entry("Condition", op))
		}
		statements.Items = append(statements.Items, stmt)
	}
	return &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{
		entry("Version", str("2012-10-17")), entry("Statement", statements),
	}}
}
