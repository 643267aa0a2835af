package access

import (
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// trustIndex sorts the roles of the scan by what their trust policies
// let assume them, so that finding the roles one principal may assume
// looks at the roles that could admit it, not at every role:
//   - byName: trust statements that name a user or role (its ARN, a
//     session of it), by kind and name;
//   - open: those that admit anyone, or name a principal only known after
//     apply;
//   - byAccount: those that delegate to an account, which identity
//     policies must then allow — only principals allowed sts:AssumeRole on
//     some role look at them.
//
// Each candidate is then evaluated in full (Evaluate); the index only
// leaves out roles whose trust cannot admit the principal.
type trustIndex struct {
	byName    map[string][]*iam.Permissions // "user/alice", "role/app"
	open      []*iam.Permissions
	byAccount []*iam.Permissions
	pos       map[*iam.Permissions]int // inventory order, to keep answers in it
}

func buildTrustIndex(an *iam.Analysis, assume *iam.Action) *trustIndex {
	ix := &trustIndex{byName: make(map[string][]*iam.Permissions), pos: make(map[*iam.Permissions]int)}
	for i, p := range an.Principals() {
		ix.pos[p] = i
		id := p.Identity
		if id == nil || id.Kind != model.Role || id.Trust == nil || id.Trust.Document == nil {
			continue
		}
		var names []string
		open, account := false, false
		for _, st := range id.Trust.Document.Statements {
			s := an.Statement(st)
			if s == nil || !st.Allows() || !s.Grants(assume) {
				continue
			}
			if st.NotPrincipal != nil || st.Principal != nil && (st.Principal.Wildcard || st.Principal.Unknown) {
				open = true
				continue
			}
			if st.Principal == nil {
				continue
			}
			for _, e := range st.Principal.Entries {
				if !e.Type.Is("AWS") {
					continue
				}
				if e.Values.Unknown {
					open = true
				}
				for _, v := range e.Values.Items {
					switch key, kind := trustKey(v); kind {
					case principalSelf:
						names = append(names, key)
					case principalAccount:
						account = true
					default:
						open = true
					}
				}
			}
		}
		for _, n := range names {
			if list := ix.byName[n]; len(list) == 0 || list[len(list)-1] != p {
				ix.byName[n] = append(list, p)
			}
		}
		switch {
		case open:
			ix.open = append(ix.open, p)
		case account:
			ix.byAccount = append(ix.byAccount, p)
		}
	}
	return ix
}

// trustKey is the index key of a trust principal: "user/NAME" or
// "role/NAME" for an ARN or session, the account kind for an account, the
// open kind for anything else ("*", a reference known after apply).
func trustKey(v model.Value) (string, principalKind) {
	if !v.IsKnown() {
		return "", principalAnyone
	}
	if accountOnly(v.Text) != "" {
		return "", principalAccount
	}
	if m := iamARN.FindStringSubmatch(v.Text); m != nil {
		return m[2] + "/" + m[3][strings.LastIndex(m[3], "/")+1:], principalSelf
	}
	if m := sessionARN.FindStringSubmatch(v.Text); m != nil {
		return "role/" + m[2], principalSelf
	}
	if v.Text == "*" {
		return "", principalAnyone
	}
	return "", principalNone
}

// candidates returns the roles whose trust policy may admit the
// principal, each once, in inventory order within each kind.
func (ix *trustIndex) candidates(an *iam.Analysis, p *iam.Permissions, assume *iam.Action) []*iam.Permissions {
	id := p.Identity
	var lists [][]*iam.Permissions
	if id.Name.IsKnown() {
		if named := ix.byName[string(id.Kind)+"/"+id.Name.Text]; len(named) > 0 {
			lists = append(lists, named)
		}
	}
	if len(ix.open) > 0 {
		lists = append(lists, ix.open)
	}
	if len(ix.byAccount) > 0 && mayAssume(p, assume) {
		lists = append(lists, ix.byAccount)
	}
	switch len(lists) {
	case 0:
		return nil
	case 1:
		return lists[0] // shared, in inventory order already
	}
	out := dedupe(slices.Concat(lists...))
	slices.SortFunc(out, func(a, b *iam.Permissions) int { return ix.pos[a] - ix.pos[b] })
	return out
}

// mayAssume reports whether some identity policy of the principal could
// allow sts:AssumeRole (before resources and conditions are looked at).
func mayAssume(p *iam.Permissions, assume *iam.Action) bool {
	for _, g := range p.Allows {
		if g.Grants(assume) || g.UnknownActions {
			return true
		}
	}
	return false
}

func dedupe(ps []*iam.Permissions) []*iam.Permissions {
	if len(ps) < 2 {
		return ps
	}
	seen := make(map[*iam.Permissions]bool, len(ps))
	out := ps[:0:0]
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
