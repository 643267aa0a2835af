package iam

import "github.com/iacscan/iacscan/model"

// Access is how a principal is allowed one action: the statements that
// grant it and the ones that constrain it.
type Access struct {
	Action *Action
	// Grants are the Allow statements that grant the action and survive
	// the principal's Denies and boundary. Empty: not allowed.
	Grants []*Grant
	// Denies are Deny statements that cover the action only in part (under
	// a condition, or on some resources): the grant stands, constrained.
	Denies []*Grant
	// Boundary holds the boundary's Allow statements that let the action
	// through; nil without a boundary.
	Boundary []*Stmt
	// Unknown: something not known before deploy (a document, a Deny's
	// resources or condition, the boundary) could deny the action. Only a
	// known Deny or boundary takes a grant away: rules still report a
	// known grant, and may say that a policy not visible here could deny it.
	Unknown bool
}

// Allowed reports whether some grant survives.
func (a Access) Allowed() bool { return len(a.Grants) > 0 }

// Certain reports whether the action is allowed and nothing unknown could
// change that (for summaries; rules judge Allowed, see Unknown).
func (a Access) Certain() bool { return a.Allowed() && !a.Unknown }

// Conditions returns every condition that constrains the access: those of
// the grants, of the partial Denies and of the boundary statements.
func (a Access) Conditions() []model.Condition {
	var out []model.Condition
	for _, g := range a.Grants {
		out = append(out, g.Condition.Items...)
	}
	for _, d := range a.Denies {
		out = append(out, d.Condition.Items...)
	}
	for _, b := range a.Boundary {
		out = append(out, b.Condition.Items...)
	}
	return out
}

// Access evaluates one action for the principal.
func (p *Permissions) Access(a *Action) Access {
	acc := Access{Action: a, Unknown: len(p.Unknown) > 0 || len(p.Unresolved) > 0}
	if a == nil || !p.allowed.Has(a) {
		return acc
	}
	for _, d := range p.Denies {
		if !d.Grants(a) {
			continue
		}
		if !d.Resource.AllKnown() || d.Condition.Unknown || !d.NotResource.AllKnown() {
			acc.Unknown = true
		}
		acc.Denies = append(acc.Denies, d)
	}
	if b := p.Boundary; b != nil {
		if b.Unknown {
			acc.Unknown = true
		} else {
			for _, s := range b.Allows {
				if s.Grants(a) {
					acc.Boundary = append(acc.Boundary, s)
				}
			}
			for _, s := range b.Denies {
				if s.Matches(a) && (!s.Resource.AllKnown() || s.Condition.Unknown) {
					acc.Unknown = true
				}
			}
		}
	}
	for _, g := range p.Allows {
		if g.Grants(a) {
			acc.Grants = append(acc.Grants, g)
		}
	}
	return acc
}

// Reaches reports whether st grants a to the principal: st is one of its
// Allows, covers a, and a is allowed (not denied outright, inside the
// boundary). It is whether Access(a).Grants holds st, in time that does
// not grow with the principal's policies.
func (p *Permissions) Reaches(st *Stmt, a *Action) bool {
	return a != nil && p.granted[st] && st.Matches(a) && p.allowed.Has(a)
}

// Free reports whether a grant holds with no condition at all (of its
// own, from a partial Deny or from the boundary).
func (a Access) Free() bool {
	for _, d := range a.Denies {
		if d.Condition.Set {
			return false
		}
	}
	if a.Boundary != nil && !anyUnconditioned(a.Boundary) {
		return false
	}
	for _, g := range a.Grants {
		if !g.Condition.Set {
			return true
		}
	}
	return false
}

func anyUnconditioned(stmts []*Stmt) bool {
	for _, s := range stmts {
		if !s.Condition.Set {
			return true
		}
	}
	return false
}
