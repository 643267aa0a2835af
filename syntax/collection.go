package syntax

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// DecodeCollectionPolicy decodes an OpenSearch Serverless data access
// policy (network false) or network policy: a JSON list of objects, each
// with Rules ([{ResourceType, Resource: [patterns]}]) and, for data access,
// Principal and each rule's Permission, for network, AllowFromPublic,
// SourceVPCEs and SourceServices. n is JSON text (every part placed at the
// text, whose inner positions mean nothing to the person editing it) or a
// tree (HCL jsonencode, with its own positions). A policy not known before
// deploy gives its expression as unknown. What AWS would reject (not JSON,
// not a list of objects, a rule without its ResourceType or Resource) is an
// error at its location: the policy is not created, so it grants nothing.
func DecodeCollectionPolicy(n *Node, network bool) (rules []model.CollectionRule, unknown string, err *model.InputError) {
	switch {
	case n == nil || n.Kind == KindNull:
		return nil, "", nil
	case n.Kind == KindUnknown:
		return nil, unknownExpr(n), nil
	case n.Kind == KindString && n.Unknown:
		// JSON text with parts not known before deploy (a CloudFormation
		// !Sub of the account ID, a Terraform heredoc interpolating an ARN):
		// read as far as the parts lie inside strings.
		tree := placeholderJSON(n)
		if tree == nil {
			return nil, unknownExpr(n), nil
		}
		n = tree
	case n.Kind == KindString:
		tree, perr := ParseJSON(n.Loc.File, []byte(n.Value))
		if perr != nil {
			msg := perr.Error()
			if ie, ok := perr.(*model.InputError); ok {
				msg = ie.Message
			}
			return nil, "", model.Errorf(n.Loc, "the OpenSearch Serverless policy is not valid JSON: %s", strings.TrimPrefix(msg, "invalid JSON: "))
		}
		tree.Place(n.Loc)
		n = tree
	}
	d := collectionDecoder{network: network}
	items := []*Node{n}
	switch n.Kind {
	case KindList:
		items = n.Items
	case KindMap:
	default:
		return nil, "", d.errorf(n, "must be a list of policy objects, not %s", describe(n))
	}
	for _, item := range items {
		if item.Kind == KindUnknown {
			// One object not known before deploy: whatever it grants is
			// unknown, and so is the policy.
			return nil, unknownExpr(item), nil
		}
		r, err := d.object(item)
		if err != nil {
			return nil, "", err
		}
		rules = append(rules, r)
	}
	return rules, "", nil
}

type collectionDecoder struct{ network bool }

func (d collectionDecoder) errorf(n *Node, format string, args ...any) *model.InputError {
	return model.Errorf(n.Loc, "OpenSearch Serverless "+d.kind()+" policy: "+format, args...)
}

func (d collectionDecoder) kind() string {
	if d.network {
		return "network"
	}
	return "data access"
}

// object decodes one object of the policy's list.
func (d collectionDecoder) object(n *Node) (model.CollectionRule, *model.InputError) {
	r := model.CollectionRule{Loc: n.Loc}
	if n.Kind != KindMap {
		return r, d.errorf(n, "each policy must be an object, not %s", describe(n))
	}
	rules := n.Get("Rules")
	if rules == nil {
		return r, d.errorf(n, "a policy has no Rules")
	}
	switch rules.Kind {
	case KindUnknown:
		r.Resources = append(r.Resources, model.CollectionResource{Type: rules.Scalar(), Pattern: rules.Scalar(), Loc: rules.Loc})
	case KindList:
		for _, rule := range rules.Items {
			if err := d.rule(&r, rule); err != nil {
				return r, err
			}
		}
	default:
		return r, d.errorf(rules, "Rules must be a list, not %s", describe(rules))
	}
	if d.network {
		if p := n.Get("AllowFromPublic"); p != nil && p.Kind != KindNull {
			r.Public = p.Scalar()
			if !p.IsScalar() && p.Kind != KindUnknown {
				return r, d.errorf(p, "AllowFromPublic must be a boolean, not %s", describe(p))
			}
		}
		r.SourceVPCEs = n.Get("SourceVPCEs").ListValues()
		r.SourceServices = n.Get("SourceServices").ListValues()
		return r, nil
	}
	p := n.Get("Principal")
	if p == nil {
		return r, d.errorf(n, "a policy has no Principal")
	}
	r.Principals = p.ListValues()
	return r, nil
}

// rule decodes one item of Rules: its resource patterns, and for data
// access the permissions it grants on them.
func (d collectionDecoder) rule(r *model.CollectionRule, n *Node) *model.InputError {
	if n.Kind == KindUnknown {
		unknown := model.Values{Unknown: true, Expr: unknownExpr(n), Loc: n.Loc, Set: true}
		r.Resources = append(r.Resources, model.CollectionResource{Type: n.Scalar(), Pattern: n.Scalar(), Permissions: unknown, Loc: n.Loc})
		return nil
	}
	if n.Kind != KindMap {
		return d.errorf(n, "each rule must be an object, not %s", describe(n))
	}
	typ := n.Get("ResourceType")
	if typ == nil || !typ.IsScalar() && typ.Kind != KindUnknown {
		return d.errorf(n, "a rule has no ResourceType")
	}
	res := n.Get("Resource")
	if res == nil {
		return d.errorf(n, "a rule has no Resource")
	}
	var perms model.Values
	if !d.network {
		perm := n.Get("Permission")
		if perm == nil {
			return d.errorf(n, "a rule has no Permission")
		}
		perms = perm.ListValues()
	}
	patterns := res.ListValues()
	if patterns.Unknown {
		patterns.Items = append(patterns.Items, res.Scalar())
	}
	for _, v := range patterns.Items {
		r.Resources = append(r.Resources, model.CollectionResource{Type: typ.Scalar(), Pattern: v, Permissions: perms, Loc: v.Loc})
	}
	return nil
}

// placeholder stands for one ${…} part of JSON text while it is parsed.
const placeholder = "\uE000"

// placeholderJSON parses JSON text whose unknown parts, written ${…}, all
// lie inside strings: each string holding one is a partly unknown string
// again, keeping its known shape. It returns nil when a part stands where
// JSON structure or a key goes (the text could be anything then), or when
// the text is not JSON whatever the parts are.
func placeholderJSON(n *Node) *Node {
	text, parts, ok := ReplacePlaceholders(n.Value, placeholder)
	if !ok {
		return nil
	}
	tree, err := ParseJSON(n.Loc.File, []byte(text))
	if err != nil {
		return nil
	}
	tree.Place(n.Loc)
	ok = true
	var restore func(x *Node)
	restore = func(x *Node) {
		if x.Kind == KindString && strings.Contains(x.Value, placeholder) {
			v := x.Value
			for strings.Contains(v, placeholder) && len(parts) > 0 {
				v = strings.Replace(v, placeholder, parts[0], 1)
				parts = parts[1:]
			}
			x.Value, x.Unknown, x.Expr = v, true, v
		}
		for _, item := range x.Items {
			restore(item)
		}
		for _, e := range x.Entries {
			if strings.Contains(e.Key, placeholder) {
				ok = false
			}
			restore(e.Value)
		}
	}
	restore(tree)
	if !ok {
		return nil
	}
	return tree
}

func unknownExpr(n *Node) string {
	if n.Expr != "" {
		return n.Expr
	}
	return n.Value
}
