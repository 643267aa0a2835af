package modeltest

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Dump writes an inventory compactly, one element a line: values as text,
// unknown values as {Value|Expr}, absent ones as -, locations as
// line:col-line:col (files are left out: a test names them).
func Dump(inv *model.Inventory) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	for _, id := range inv.Identities {
		p("%s %s%s name=%s boundary=%s max=%s", id.Kind, meta(id.Meta), "", Value(id.Name), Ref(id.Boundary), Value(id.MaxSessionDuration))
	}
	for _, pol := range inv.Policies {
		var owners []string
		for _, o := range pol.Owners {
			owners = append(owners, Ref(o))
		}
		p("policy %s %s name=%s service=%s owners=[%s]", pol.Kind, meta(pol.Meta), Value(pol.Name), pol.Service, strings.Join(owners, " "))
		doc := pol.Document
		if doc == nil {
			continue
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
	}
	for _, a := range inv.Attachments {
		p("attachment %s policy=%s identity=%s(%s)", meta(a.Meta), Ref(a.Policy), Ref(a.Identity), a.IdentityKind)
	}
	for _, m := range inv.Memberships {
		p("membership %s user=%s group=%s", meta(m.Meta), Ref(m.User), Ref(m.Group))
	}
	for _, k := range inv.AccessKeys {
		p("accesskey %s user=%s status=%s", meta(k.Meta), Ref(k.User), Value(k.Status))
	}
	for _, l := range inv.LoginProfiles {
		p("loginprofile %s user=%s", meta(l.Meta), Ref(l.User))
	}
	for _, t := range inv.Trails {
		p("trail %s multiregion=%s logging=%s", meta(t.Meta), Value(t.MultiRegion), Value(t.Logging))
	}
	for _, o := range inv.OIDCProviders {
		p("oidc %s url=%s clients=%s", meta(o.Meta), Value(o.URL), Values(o.ClientIDs))
	}
	for _, ip := range inv.InstanceProfiles {
		var roles []string
		for _, r := range ip.Roles {
			roles = append(roles, Ref(r))
		}
		p("instanceprofile %s roles=[%s]", meta(ip.Meta), strings.Join(roles, " "))
	}
	for _, e := range inv.Exposures {
		var refs []string
		for _, r := range e.Refs {
			refs = append(refs, Ref(r.Ref)+"."+r.Attr)
		}
		p("exposure %s %s %s=%s refs=[%s]", e.Kind, meta(e.Meta), e.Name, Value(e.Value), strings.Join(refs, " "))
	}
	for _, n := range inv.OrgNodes {
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
	}
	for _, a := range inv.OrgAttachments {
		p("orgattachment %s policy=%s target=%s", meta(a.Meta), Ref(a.Policy), Ref(a.Target))
	}
	for _, b := range inv.Accounts {
		p("account %s account=%s via=%s", meta(b.Meta), Value(b.Account), b.Via)
	}
	for _, e := range inv.Endpoints {
		p("endpoint %s service=%s type=%s vpc=%s", meta(e.Meta), Value(e.Service), Value(e.Type), Ref(e.VPC))
	}
	for _, ig := range inv.Ignores {
		p("ignore %s rules=%v reason=%q expires=%s scope=%s", Loc(ig.Loc), ig.Rules, ig.Reason, ig.Expires, Loc(ig.Scope))
	}
	return b.String()
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
