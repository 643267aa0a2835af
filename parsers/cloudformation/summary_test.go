package cloudformation

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// summary writes an inventory compactly, one element a line, for tests
// that compare what a template maps to: values as text, unknown values as
// {Value|Expr}, locations as line:col-line:col.
func summary(inv *model.Inventory) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	for _, id := range inv.Identities {
		p("%s %s%s name=%s boundary=%s max=%s", id.Kind, meta(id.Meta), "", val(id.Name), ref(id.Boundary), val(id.MaxSessionDuration))
	}
	for _, pol := range inv.Policies {
		var owners []string
		for _, o := range pol.Owners {
			owners = append(owners, ref(o))
		}
		p("policy %s %s name=%s service=%s owners=[%s]", pol.Kind, meta(pol.Meta), val(pol.Name), pol.Service, strings.Join(owners, " "))
		doc := pol.Document
		if doc == nil {
			continue
		}
		if doc.Unknown {
			p("  unknown document {%s}", doc.Expr)
		}
		if doc.Version.Set {
			p("  version %s", val(doc.Version))
		}
		for _, pr := range doc.Problems {
			p("  problem %s %s", loc(pr.Loc), pr.Message)
		}
		for _, st := range doc.Statements {
			p("  statement %d %s %s", st.Index, loc(st.Loc), val(st.Effect))
			for i, vs := range []model.Values{st.Action, st.NotAction, st.Resource, st.NotResource} {
				if vs.Set {
					p("    %s %s", []string{"Action", "NotAction", "Resource", "NotResource"}[i], vals(vs))
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
					parts = append(parts, e.Type.Text+"="+vals(e.Values))
				}
				p("    %s %s", name, strings.Join(parts, " "))
			}
			for _, c := range st.Condition.Items {
				p("    Condition %s %s %s", c.Operator.Text, c.Key.Text, vals(c.Values))
			}
		}
	}
	for _, a := range inv.Attachments {
		p("attachment %s policy=%s identity=%s(%s)", meta(a.Meta), ref(a.Policy), ref(a.Identity), a.IdentityKind)
	}
	for _, m := range inv.Memberships {
		p("membership %s user=%s group=%s", meta(m.Meta), ref(m.User), ref(m.Group))
	}
	for _, k := range inv.AccessKeys {
		p("accesskey %s user=%s status=%s", meta(k.Meta), ref(k.User), val(k.Status))
	}
	for _, l := range inv.LoginProfiles {
		p("loginprofile %s user=%s", meta(l.Meta), ref(l.User))
	}
	for _, t := range inv.Trails {
		p("trail %s multiregion=%s logging=%s", meta(t.Meta), val(t.MultiRegion), val(t.Logging))
	}
	for _, o := range inv.OIDCProviders {
		p("oidc %s url=%s clients=%s", meta(o.Meta), val(o.URL), vals(o.ClientIDs))
	}
	for _, ip := range inv.InstanceProfiles {
		var roles []string
		for _, r := range ip.Roles {
			roles = append(roles, ref(r))
		}
		p("instanceprofile %s roles=[%s]", meta(ip.Meta), strings.Join(roles, " "))
	}
	for _, e := range inv.Exposures {
		var refs []string
		for _, r := range e.Refs {
			refs = append(refs, ref(r.Ref)+"."+r.Attr)
		}
		p("exposure %s %s %s=%s refs=[%s]", e.Kind, meta(e.Meta), e.Name, val(e.Value), strings.Join(refs, " "))
	}
	for _, ig := range inv.Ignores {
		p("ignore %s rules=%v reason=%q expires=%s scope=%s", loc(ig.Loc), ig.Rules, ig.Reason, ig.Expires, loc(ig.Scope))
	}
	return b.String()
}

func meta(m model.Meta) string {
	s := m.ID
	if m.Path != "" {
		s += "(" + m.Path + ")"
	}
	s += " " + loc(m.Loc)
	if m.MayApply {
		s += " may-apply"
	}
	if m.Construct != "" {
		s += " construct=" + m.Construct
	}
	return s
}

func loc(l model.Location) string {
	if l.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%d:%d-%d:%d", l.StartLine, l.StartColumn, l.EndLine, l.EndColumn)
}

func val(v model.Value) string {
	switch {
	case !v.Set:
		return "-"
	case v.Unknown:
		return "{" + v.Text + "|" + v.Expr + "}"
	}
	return v.Text
}

func vals(vs model.Values) string {
	if vs.Unknown {
		return "{" + vs.Expr + "}"
	}
	var parts []string
	for _, v := range vs.Items {
		parts = append(parts, val(v))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func ref(r model.Ref) string {
	switch {
	case r.ID != "" && r.Value.Set:
		return r.ID + "=" + val(r.Value)
	case r.ID != "":
		return r.ID
	}
	return val(r.Value)
}
