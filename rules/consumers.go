package rules

import (
	"fmt"
	"slices"

	"github.com/iacscan/iacscan/model"
)

// maxConsumers bounds the related locations relateConsumers adds to one
// finding: a document used by hundreds of resources names the first ones
// and says how many more there are.
const maxConsumers = 10

// relateConsumers adds to a finding on a policy statement, or elsewhere in
// its document, where the fix is felt: each policy made from a document
// written apart from it (an aws_iam_policy_document, a local, a file), and
// the attachments of managed policies (a role's ManagedPolicyArns that
// refers to the policy, an aws_iam_role_policy_attachment). The finding
// stays where the fix goes; one in a document written apart is marked with
// the document (Finding.Document).
func relateConsumers(inv *model.Inventory, fs []*Finding) {
	type key struct{ id, file string }
	type candidate struct {
		pol *model.Policy
		st  *model.Statement
	}
	statements := map[key][]candidate{}
	holders := map[model.Location][]*model.Policy{}    // by statement
	docHolders := map[model.Location][]*model.Policy{} // by document
	documents := map[key][]*model.Policy{}
	for _, pol := range inv.Policies {
		if pol.Document == nil {
			continue
		}
		if d := pol.Document.Loc; !d.IsZero() && apart(pol, d) {
			documents[key{pol.ID, d.File}] = append(documents[key{pol.ID, d.File}], pol)
			docHolders[d] = append(docHolders[d], pol)
		}
		for _, st := range pol.Document.Statements {
			if st.Loc.IsZero() {
				continue
			}
			k := key{pol.ID, st.Loc.File}
			statements[k] = append(statements[k], candidate{pol, st})
			if list := holders[st.Loc]; len(list) == 0 || list[len(list)-1] != pol {
				holders[st.Loc] = append(list, pol)
			}
		}
	}
	for _, f := range fs {
		var st *model.Statement
		var pol *model.Policy
		for _, c := range statements[key{f.Resource, f.Loc.File}] {
			if c.st.Loc.Contains(f.Loc) && (st == nil || st.Loc.Contains(c.st.Loc)) {
				st, pol = c.st, c.pol
			}
		}
		// What a finding elsewhere in a document written apart is in:
		// its Version, its size, its grammar.
		var in model.Location
		if st != nil {
			in = st.Loc
		} else {
			for _, p := range documents[key{f.Resource, f.Loc.File}] {
				if p.Document.Loc.Contains(f.Loc) {
					pol, in = p, p.Document.Loc
					break
				}
			}
		}
		if pol == nil || pol.Loc.IsZero() {
			continue
		}
		// A document written in the element itself has that one holder;
		// one written apart, every policy made from it.
		apart := apart(pol, in)
		users := []*model.Policy{pol}
		switch {
		case apart && st != nil:
			users = holders[in]
		case apart:
			users = docHolders[in]
		}
		if apart {
			f.Document = pol.Document.Loc
			// "`p` is defined here" (Reportf) becomes what p is to the
			// document, as for the other policies made from it.
			f.Related = slices.DeleteFunc(f.Related, func(r Related) bool { return r.Loc == pol.Loc })
		}
		r := relater{f: f}
		if d := pol.Document.Loc; st != nil && !d.IsZero() && !d.Contains(st.Loc) {
			// A statement written in another document (source_policy_documents,
			// override_policy_documents): the fix goes there, and this one
			// takes it in.
			r.add(d, "this policy document includes the statement, merged from where it is written")
		}
		for i, holder := range users {
			if r.added == maxConsumers {
				r.extra += len(users) - i // bounded work for a document used everywhere
				break
			}
			if apart {
				r.add(holder.Loc, "`%s` uses this policy document", holder.ID)
			}
			if holder.Kind != model.Managed {
				continue
			}
			for _, a := range inv.AttachmentsTo(holder) {
				switch {
				case r.added == maxConsumers:
					r.extra++
				case holder.Loc.Contains(a.Loc):
				case a.ID == a.Identity.ID:
					r.add(a.Loc, "%s holds `%s`", attachedLabel(a), holder.ID)
				default:
					r.add(a.Loc, "`%s` attaches `%s` to %s", a.ID, holder.ID, attachedLabel(a))
				}
			}
		}
		r.done()
	}
}

// apart reports whether a policy's document (or a part of it at loc) is
// written apart from the policy: in another block, file or template
// element, which other policies may use too.
func apart(pol *model.Policy, loc model.Location) bool {
	return !pol.Loc.IsZero() && !pol.Loc.Contains(loc)
}

// relater adds related locations to one finding, once per location and at
// most maxConsumers of them.
type relater struct {
	f            *Finding
	added, extra int
	last         model.Location
}

func (r *relater) add(loc model.Location, format string, args ...any) {
	if loc.IsZero() || r.has(loc) {
		return
	}
	if r.added == maxConsumers {
		r.extra++
		return
	}
	r.f.With(loc, format, args...)
	r.added++
	r.last = loc
}

func (r *relater) has(loc model.Location) bool {
	for _, rel := range r.f.Related {
		if rel.Loc == loc {
			return true
		}
	}
	return false
}

func (r *relater) done() {
	if r.extra > 0 {
		r.f.Related = append(r.f.Related, Related{Loc: r.last, Message: fmt.Sprintf("and %d more resources that use or attach it", r.extra)})
	}
}

// attachedLabel names what an attachment attaches to: "role `app`".
func attachedLabel(a *model.Attachment) string {
	kind := string(a.IdentityKind)
	if kind == "" {
		kind = "identity"
	}
	return kind + " `" + a.Identity.String() + "`"
}
