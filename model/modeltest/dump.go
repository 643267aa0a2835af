package modeltest

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Dump writes an inventory compactly, one element a line, kind by kind
// in model.Kinds order: values as text, unknown values as {Value|Expr},
// absent ones as -, locations as line:col-line:col (files are left out: a
// test names them). A kind without a line of its own in lines is written
// as its name and Meta.
func Dump(inv *model.Inventory) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	for _, k := range model.Kinds() {
		line := lines[k.Name()]
		for i := range k.Len(inv) {
			if line == nil {
				p("%s %s", k.Name(), meta(*k.Meta(inv, i)))
				continue
			}
			line(p, inv, i)
		}
	}
	for _, ig := range inv.Ignores {
		p("ignore %s rules=%v reason=%q expires=%s scope=%s", Loc(ig.Loc), ig.Rules, ig.Reason, ig.Expires, Loc(ig.Scope))
	}
	return b.String()
}

type printer func(format string, args ...any)

// lines writes the i-th element of a kind, by the kind's name.
var lines = map[string]func(p printer, inv *model.Inventory, i int){
	"identities": func(p printer, inv *model.Inventory, i int) {
		id := inv.Identities[i]
		p("%s %s%s name=%s boundary=%s max=%s", id.Kind, meta(id.Meta), "", Value(id.Name), Ref(id.Boundary), Value(id.MaxSessionDuration))
	},
	"policies": func(p printer, inv *model.Inventory, i int) {
		pol := inv.Policies[i]
		var owners []string
		for _, o := range pol.Owners {
			owners = append(owners, Ref(o))
		}
		p("policy %s %s name=%s service=%s owners=[%s]", pol.Kind, meta(pol.Meta), Value(pol.Name), pol.Service, strings.Join(owners, " "))
		doc := pol.Document
		if doc == nil {
			return
		}
		if doc.Unknown {
			p("  unknown document {%s}", doc.Expr)
		}
		if doc.Version.Set {
			p("  version %s", Value(doc.Version))
		}
		for _, pr := range doc.Problems {
			p("  problem %s %s", Loc(pr.Loc), pr.Message)
		}
		for _, st := range doc.Statements {
			p("  statement %d %s %s", st.Index, Loc(st.Loc), Value(st.Effect))
			for i, vs := range []model.Values{st.Action, st.NotAction, st.Resource, st.NotResource} {
				if vs.Set {
					p("    %s %s", []string{"Action", "NotAction", "Resource", "NotResource"}[i], Values(vs))
				}
			}
			for i, pr := range []*model.Principal{st.Principal, st.NotPrincipal} {
				if pr == nil {
					continue
				}
				name := []string{"Principal", "NotPrincipal"}[i]
				var parts []string
				if pr.Wildcard {
					parts = append(parts, "*")
				}
				if pr.Unknown {
					parts = append(parts, "{"+pr.Expr+"}")
				}
				for _, e := range pr.Entries {
					parts = append(parts, e.Type.Text+"="+Values(e.Values))
				}
				p("    %s %s", name, strings.Join(parts, " "))
			}
			for _, c := range st.Condition.Items {
				p("    Condition %s %s %s", c.Operator.Text, c.Key.Text, Values(c.Values))
			}
		}
	},
	"attachments": func(p printer, inv *model.Inventory, i int) {
		a := inv.Attachments[i]
		p("attachment %s policy=%s identity=%s(%s)", meta(a.Meta), Ref(a.Policy), Ref(a.Identity), a.IdentityKind)
	},
	"boundaries": func(p printer, inv *model.Inventory, i int) {
		ba := inv.Boundaries[i]
		p("boundary %s identity=%s policy=%s", meta(ba.Meta), Ref(ba.Identity), Ref(ba.Policy))
	},
	"memberships": func(p printer, inv *model.Inventory, i int) {
		m := inv.Memberships[i]
		p("membership %s user=%s group=%s", meta(m.Meta), Ref(m.User), Ref(m.Group))
	},
	"access_keys": func(p printer, inv *model.Inventory, i int) {
		k := inv.AccessKeys[i]
		p("accesskey %s user=%s status=%s", meta(k.Meta), Ref(k.User), Value(k.Status))
	},
	"login_profiles": func(p printer, inv *model.Inventory, i int) {
		l := inv.LoginProfiles[i]
		p("loginprofile %s user=%s", meta(l.Meta), Ref(l.User))
	},
	"password_policies": func(p printer, inv *model.Inventory, i int) {
		pp := inv.PasswordPolicies[i]
		p("passwordpolicy %s length=%s max_age=%s reuse=%s", meta(pp.Meta), Value(pp.MinimumLength), Value(pp.MaxAge), Value(pp.ReusePrevention))
	},
	"trails": func(p printer, inv *model.Inventory, i int) {
		t := inv.Trails[i]
		p("trail %s multiregion=%s logging=%s", meta(t.Meta), Value(t.MultiRegion), Value(t.Logging))
	},
	"oidc_providers": func(p printer, inv *model.Inventory, i int) {
		o := inv.OIDCProviders[i]
		p("oidc %s url=%s clients=%s", meta(o.Meta), Value(o.URL), Values(o.ClientIDs))
	},
	"instance_profiles": func(p printer, inv *model.Inventory, i int) {
		ip := inv.InstanceProfiles[i]
		var roles []string
		for _, r := range ip.Roles {
			roles = append(roles, Ref(r))
		}
		p("instanceprofile %s roles=[%s]", meta(ip.Meta), strings.Join(roles, " "))
	},
	"exposures": func(p printer, inv *model.Inventory, i int) {
		e := inv.Exposures[i]
		var refs []string
		for _, r := range e.Refs {
			refs = append(refs, Ref(r.Ref)+"."+r.Attr)
		}
		p("exposure %s %s %s=%s refs=[%s]", e.Kind, meta(e.Meta), e.Name, Value(e.Value), strings.Join(refs, " "))
	},
	"org_nodes": func(p printer, inv *model.Inventory, i int) {
		n := inv.OrgNodes[i]
		var parents []string
		for _, r := range n.Parents {
			parents = append(parents, Ref(r))
		}
		flags := ""
		if n.Organization {
			flags += " organization"
		}
		if n.Management {
			flags += " management"
		}
		p("org %s %s name=%s id=%s parents=[%s]%s", n.Kind, meta(n.Meta), Value(n.Name), Value(n.Account), strings.Join(parents, " "), flags)
	},
	"org_attachments": func(p printer, inv *model.Inventory, i int) {
		a := inv.OrgAttachments[i]
		p("orgattachment %s policy=%s target=%s", meta(a.Meta), Ref(a.Policy), Ref(a.Target))
	},
	"accounts": func(p printer, inv *model.Inventory, i int) {
		b := inv.Accounts[i]
		p("account %s account=%s via=%s", meta(b.Meta), Value(b.Account), b.Via)
	},
	"endpoints": func(p printer, inv *model.Inventory, i int) {
		e := inv.Endpoints[i]
		p("endpoint %s service=%s type=%s vpc=%s", meta(e.Meta), Value(e.Service), Value(e.Type), Ref(e.VPC))
	},
	"shares": func(p printer, inv *model.Inventory, i int) {
		s := inv.Shares[i]
		p("share %s of=%s arn=%s external=%s principals=%s resources=%s permissions=%s", meta(s.Meta), Ref(s.Of),
			Value(s.ARN), Value(s.External), Values(s.Principals), Values(s.Resources), Values(s.Permissions))
	},
	"collection_policies": func(p printer, inv *model.Inventory, i int) {
		c := inv.CollectionPolicies[i]
		kind := "data"
		if c.Network {
			kind = "network"
		}
		unknown := ""
		if c.Unknown != "" {
			unknown = " unknown={" + c.Unknown + "}"
		}
		var rules []string
		for _, r := range c.Rules {
			var res []string
			for _, x := range r.Resources {
				s := Value(x.Type) + ":" + Value(x.Pattern)
				if x.Permissions.Set {
					s += "=" + Values(x.Permissions)
				}
				res = append(res, s)
			}
			rules = append(rules, fmt.Sprintf("%s resources=[%s] principals=%s public=%s vpces=%s services=%s", Loc(r.Loc),
				strings.Join(res, " "), Values(r.Principals), Value(r.Public), Values(r.SourceVPCEs), Values(r.SourceServices)))
		}
		p("collectionpolicy %s %s name=%s%s rules=[%s]", kind, meta(c.Meta), Value(c.Name), unknown, strings.Join(rules, "; "))
	},
}

func meta(m model.Meta) string {
	s := m.ID
	if m.Path != "" {
		s += "(" + m.Path + ")"
	}
	s += " " + Loc(m.Loc)
	if m.MayApply {
		s += " may-apply"
	}
	if m.Construct != "" {
		s += " construct=" + m.Construct
	}
	return s
}

// Loc writes a location as line:col-line:col, - when absent.
func Loc(l model.Location) string {
	if l.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%d:%d-%d:%d", l.StartLine, l.StartColumn, l.EndLine, l.EndColumn)
}

// Value writes a value: its text, {text|expression} when unknown, - when absent.
func Value(v model.Value) string {
	switch {
	case !v.Set:
		return "-"
	case v.Unknown:
		return "{" + v.Text + "|" + v.Expr + "}"
	}
	return v.Text
}

// Values writes a list element: [a, b], {expression} when unknown.
func Values(vs model.Values) string {
	if vs.Unknown {
		return "{" + vs.Expr + "}"
	}
	var parts []string
	for _, v := range vs.Items {
		parts = append(parts, Value(v))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Ref writes a reference: its ID, its value, or ID=value.
func Ref(r model.Ref) string {
	switch {
	case r.ID != "" && r.Value.Set:
		return r.ID + "=" + Value(r.Value)
	case r.ID != "":
		return r.ID
	}
	return Value(r.Value)
}
