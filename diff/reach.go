package diff

import (
	"regexp"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// reach maps each principal a trust or resource policy names to what its
// Allow statements grant it ("sts:AssumeRole when …", "s3:GetObject on …").
func reach(doc *model.Document) map[string][]string {
	out := make(map[string][]string)
	if doc == nil {
		return out
	}
	if doc.Unknown || doc.StatementsUnknown {
		expr := doc.Expr
		if expr == "" {
			expr = "more statements"
		}
		out["(known after apply: "+expr+")"] = []string{"unknown"}
	}
	for _, st := range doc.Statements {
		if !st.Allows() {
			continue
		}
		g := grantText(st)
		for _, who := range principalsText(st) {
			if !slices.Contains(out[who], g) {
				out[who] = append(out[who], g)
			}
		}
	}
	for _, gs := range out {
		slices.Sort(gs)
	}
	return out
}

func grantText(st *model.Statement) string {
	acts := strings.Join(valuesText(st.Action), ", ")
	if st.NotAction.Set {
		acts = "all but " + strings.Join(valuesText(st.NotAction), ", ")
	}
	sc := statementScope(st)
	if len(sc.Resources) == 0 && len(sc.NotResources) == 0 {
		// A trust policy names no resource: the role is.
		if len(sc.Conditions) > 0 {
			return acts + " when " + strings.Join(sc.Conditions, " and ")
		}
		return acts
	}
	return acts + " " + sc.String()
}

// principalsText names the principals of a statement: "*" for everyone,
// "AWS arn:…", "Service ec2.amazonaws.com"; NotPrincipal as "everyone
// except …".
func principalsText(st *model.Statement) []string {
	if p := st.NotPrincipal; p != nil {
		return []string{"everyone except " + strings.Join(principalEntries(p), ", ")}
	}
	p := st.Principal
	if p == nil {
		return nil
	}
	return principalEntries(p)
}

func principalEntries(p *model.Principal) []string {
	if p.Wildcard {
		return []string{"*"}
	}
	if p.Unknown {
		return []string{"(known after apply: " + p.Expr + ")"}
	}
	var out []string
	for _, e := range p.Entries {
		typ := valueText(e.Type)
		for _, v := range valuesText(e.Values) {
			if typ == "AWS" && v == "*" {
				out = append(out, "*")
				continue
			}
			out = append(out, typ+" "+v)
		}
	}
	return out
}

var accountPattern = regexp.MustCompile(`^(?:AWS )(?:arn:aws[a-z-]*:(?:iam|sts)::)?(\d{12})(?::|$)`)

// compareReach compares who a policy lets in on each side.
func compareReach(before, after *model.Document, own func(string) bool) []*Reach {
	b, a := reach(before), reach(after)
	var out []*Reach
	for _, who := range sortedKeys(a, b) {
		bg, ag := b[who], a[who]
		if slices.Equal(bg, ag) {
			continue
		}
		r := &Reach{Principal: who, Change: "changed", Before: orEmpty(bg), After: orEmpty(ag), Public: who == "*"}
		if m := accountPattern.FindStringSubmatch(who); m != nil && !own(m[1]) {
			r.CrossAccount = true
		}
		switch {
		case bg == nil:
			r.Change = "added"
		case ag == nil:
			r.Change = "removed"
		}
		out = append(out, r)
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sortedKeys(ms ...map[string][]string) []string {
	var keys []string
	for _, m := range ms {
		for k := range m {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// ownAccounts says whether either side shows an account to be the
// deployer's own.
func ownAccounts(bAn, aAn *iam.Analysis) func(string) bool {
	return func(account string) bool {
		return aAn.Inventory.IsOwnAccount(account) || bAn.Inventory.IsOwnAccount(account)
	}
}

// compareResources compares the resource policies of both sides.
func compareResources(before, after *Side) []*Resource {
	type entry struct {
		side *Side
		p    *model.Policy
	}
	index := func(s *Side) (map[string]*model.Policy, []string) {
		m := make(map[string]*model.Policy)
		var keys []string
		for _, p := range s.Analysis.Inventory.Policies {
			if !p.IsResourcePolicy() {
				continue
			}
			key := s.rel(p.Scope) + "\x00" + s.id(&p.Meta)
			if _, dup := m[key]; !dup {
				keys = append(keys, key)
			}
			m[key] = p
		}
		return m, keys
	}
	bm, bkeys := index(before)
	am, akeys := index(after)
	own := ownAccounts(before.Analysis, after.Analysis)
	out := []*Resource{}
	keys := akeys
	for _, k := range bkeys {
		if am[k] == nil {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		bp, ap := bm[k], am[k]
		var bd, ad *model.Document
		if bp != nil {
			bd = bp.Document
		}
		if ap != nil {
			ad = ap.Document
		}
		reach := compareReach(bd, ad, own)
		e := entry{after, ap}
		change := "changed"
		switch {
		case bp == nil:
			change = "added"
		case ap == nil:
			change, e = "removed", entry{before, bp}
		}
		r := &Resource{ID: e.side.id(&e.p.Meta), Service: e.p.Service, File: e.side.rel(e.p.Loc.File), Line: e.p.Loc.StartLine,
			Change: change, Reach: orReach(reach), Findings: []*Finding{}, Unknown: []string{}, key: k,
			scope: e.p.Scope, rawFile: e.p.Loc.File}
		var bDeny, aDeny []string
		if bp != nil {
			bDeny = rcpDenies(before.Analysis, &bp.Meta, bp.Service)
		}
		if ap != nil {
			aDeny = rcpDenies(after.Analysis, &ap.Meta, ap.Service)
		}
		r.DeniesAdded, r.DeniesRemoved = compareTexts(bDeny, aDeny)
		if d := e.p.Document; d == nil || d.Unknown || d.StatementsUnknown {
			r.Unknown = append(r.Unknown, "the policy is not known before deploy")
		}
		for _, x := range reach {
			if x.Change != "removed" && (x.Public || x.CrossAccount) {
				r.Escalation = true
			}
		}
		out = append(out, r)
	}
	return out
}

// gains reports whether someone may reach the resource in a way they
// could not before.
func (res *Resource) gains() bool {
	return slices.ContainsFunc(res.Reach, func(x *Reach) bool { return x.Change != "removed" })
}

func orReach(r []*Reach) []*Reach {
	if r == nil {
		return []*Reach{}
	}
	return r
}
