package syntax

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Sharing is access a service grants without a policy document: an AMI's
// launch permission, a snapshot shared with accounts or with "all", a
// Lambda layer version permission, an EventBridge bus permission. Document
// writes it as the one-statement resource policy it amounts to, so that the
// rules on resource policies judge it like any other.
type Sharing struct {
	// With is who it is shared with, as written: "all" or "*" (everyone),
	// an account ID, an IAM ARN, or an AWS Organizations organization or
	// organizational unit ARN.
	With     *Node
	Actions  []string // what sharing lets them do
	Resource *Node    // the shared resource, nil when not stated
	// OrgID limits the grant to an organization (aws:PrincipalOrgID), as
	// Lambda layer and EventBridge permissions can.
	OrgID *Node
	Loc   model.Location
}

// Document returns the statement the sharing amounts to.
func (s Sharing) Document() *model.Document {
	stmt := &Node{Kind: KindMap, Loc: s.Loc}
	put := func(key string, v *Node) {
		if v != nil {
			stmt.Entries = append(stmt.Entries, &Entry{Key: key, KeyLoc: v.Loc, Value: v})
		}
	}
	put("Effect", StringNode("Allow", s.Loc))
	principal, org := sharingPrincipal(s.With, s.Loc)
	put("Principal", principal)
	actions := &Node{Kind: KindList, Loc: s.Loc}
	for _, a := range s.Actions {
		actions.Items = append(actions.Items, StringNode(a, s.Loc))
	}
	put("Action", actions)
	if s.Resource != nil {
		put("Resource", s.Resource)
	} else {
		put("Resource", StringNode("*", s.Loc))
	}
	if org == nil {
		org = s.OrgID
	}
	if org != nil {
		put("Condition", &Node{Kind: KindMap, Loc: org.Loc, Entries: []*Entry{{Key: "StringEquals", KeyLoc: org.Loc,
			Value: &Node{Kind: KindMap, Loc: org.Loc, Entries: []*Entry{{Key: "aws:PrincipalOrgID", KeyLoc: org.Loc, Value: org}}}}}})
	}
	return DecodeDocument(&Node{Kind: KindMap, Loc: s.Loc, Entries: []*Entry{
		{Key: "Version", KeyLoc: s.Loc, Value: StringNode("2012-10-17", s.Loc)},
		{Key: "Statement", KeyLoc: s.Loc, Value: &Node{Kind: KindList, Loc: s.Loc, Items: []*Node{stmt}}},
	}})
}

// sharingPrincipal writes who a resource is shared with as a policy
// Principal: "*" for everyone, {"AWS": …} for an account or IAM ARN. An
// organization or organizational unit is "*" limited by the returned
// organization ID (an OU by its organization, which is as far as a
// condition key of every service goes). Unknown stays unknown.
func sharingPrincipal(n *Node, loc model.Location) (principal, org *Node) {
	if n == nil {
		return UnknownNode("the principal it is shared with", loc), nil
	}
	if n.Kind != KindString || n.Unknown {
		return n, nil
	}
	v := strings.TrimSpace(n.Value)
	switch {
	case v == "*" || strings.EqualFold(v, "all"):
		return &Node{Kind: KindString, Value: "*", Loc: n.Loc}, nil
	case strings.HasPrefix(v, "arn:") && strings.Contains(v, ":organizations:"):
		// arn:aws:organizations::111122223333:organization/o-abc or
		// arn:aws:organizations::111122223333:ou/o-abc/ou-xyz
		parts := strings.Split(v, "/")
		if len(parts) >= 2 && strings.HasPrefix(parts[1], "o-") {
			return &Node{Kind: KindString, Value: "*", Loc: n.Loc}, &Node{Kind: KindString, Value: parts[1], Loc: n.Loc}
		}
	}
	return &Node{Kind: KindMap, Loc: n.Loc, Entries: []*Entry{{Key: "AWS", KeyLoc: n.Loc, Value: n}}}, nil
}
