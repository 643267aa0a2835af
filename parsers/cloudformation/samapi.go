package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// samAPIPolicy models the resource policy SAM writes for an
// AWS::Serverless::Api from Auth.ResourcePolicy: account allow and deny
// lists, IP range and VPC allow lists (each an Allow to everyone limited
// by its condition, which is what SAM's Allow-and-Deny pair amounts to),
// block lists (an Allow to everyone and a Deny), and CustomStatements as
// written.
func (m *mapper) samAPIPolicy(c *current) {
	rp := c.path("Auth", "ResourcePolicy")
	if rp == nil || rp.Kind != syntax.KindMap {
		return
	}
	var stmts []*syntax.Node
	str := func(s string, loc model.Location) *syntax.Node { return syntax.StringNode(s, loc) }
	statement := func(loc model.Location, effect string, principal *syntax.Node, cond *syntax.Node) *syntax.Node {
		st := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{
			{Key: "Effect", KeyLoc: loc, Value: str(effect, loc)},
			{Key: "Principal", KeyLoc: loc, Value: principal},
			{Key: "Action", KeyLoc: loc, Value: str("execute-api:Invoke", loc)},
			{Key: "Resource", KeyLoc: loc, Value: str("execute-api:/*", loc)},
		}}
		if cond != nil {
			st.Entries = append(st.Entries, &syntax.Entry{Key: "Condition", KeyLoc: loc, Value: cond})
		}
		return st
	}
	condition := func(op, key string, values *syntax.Node) *syntax.Node {
		return &syntax.Node{Kind: syntax.KindMap, Loc: values.Loc, Entries: []*syntax.Entry{{Key: op, KeyLoc: values.Loc,
			Value: &syntax.Node{Kind: syntax.KindMap, Loc: values.Loc, Entries: []*syntax.Entry{{Key: key, KeyLoc: values.Loc, Value: values}}}}}}
	}
	everyone := func(loc model.Location) *syntax.Node { return str("*", loc) }
	for _, e := range rp.Entries {
		loc := span(e.KeyLoc, e.Value.Loc)
		v := e.Value
		switch e.Key {
		case "CustomStatements":
			if v.Kind == syntax.KindList {
				stmts = append(stmts, v.Items...)
			} else {
				stmts = append(stmts, v)
			}
		case "AwsAccountWhitelist", "AwsAccountBlacklist":
			effect := map[bool]string{true: "Allow", false: "Deny"}[e.Key == "AwsAccountWhitelist"]
			principal := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{{Key: "AWS", KeyLoc: e.KeyLoc, Value: v}}}
			stmts = append(stmts, statement(loc, effect, principal, nil))
		case "IpRangeWhitelist":
			stmts = append(stmts, statement(loc, "Allow", everyone(loc), condition("IpAddress", "aws:SourceIp", v)))
		case "IpRangeBlacklist":
			stmts = append(stmts, statement(loc, "Allow", everyone(loc), nil),
				statement(loc, "Deny", everyone(loc), condition("IpAddress", "aws:SourceIp", v)))
		case "SourceVpcWhitelist", "IntrinsicVpcWhitelist", "IntrinsicVpceWhitelist":
			stmts = append(stmts, statement(loc, "Allow", everyone(loc), condition("StringEquals", vpcKey(e.Key, v), v)))
		case "SourceVpcBlacklist", "IntrinsicVpcBlacklist", "IntrinsicVpceBlacklist":
			stmts = append(stmts, statement(loc, "Allow", everyone(loc), nil),
				statement(loc, "Deny", everyone(loc), condition("StringEquals", vpcKey(e.Key, v), v)))
		}
	}
	if len(stmts) == 0 {
		return
	}
	loc := c.propLoc("Auth")
	doc := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{
		{Key: "Version", KeyLoc: loc, Value: str("2012-10-17", loc)},
		{Key: "Statement", KeyLoc: loc, Value: &syntax.Node{Kind: syntax.KindList, Loc: loc, Items: stmts}},
	}}
	m.addPolicy(&model.Policy{Meta: c.meta("Auth.ResourcePolicy", loc), Kind: model.Resource, Service: "execute-api",
		Owners: []model.Ref{c.self()}, Document: syntax.DecodeDocument(doc)})
}

// vpcKey is the condition key SAM uses for a VPC list: aws:SourceVpce for
// endpoints (Intrinsic*Vpce*, or IDs starting vpce-), aws:SourceVpc otherwise.
func vpcKey(prop string, values *syntax.Node) string {
	if strings.Contains(prop, "Vpce") {
		return "aws:SourceVpce"
	}
	items := values.Items
	if values.Kind != syntax.KindList {
		items = []*syntax.Node{values}
	}
	for _, it := range items {
		if strings.HasPrefix(it.Value, "vpce-") {
			return "aws:SourceVpce"
		}
	}
	return "aws:SourceVpc"
}
