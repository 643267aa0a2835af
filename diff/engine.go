package diff

import (
	"slices"
	"strings"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// side is one principal on one side of a change, as the decision engine
// (package access, the one `can` uses) sees it.
type side struct {
	an     *iam.Analysis
	perm   *iam.Permissions
	scopes []*scoped
}

// decide asks the engine whether the side allows an action on a resource
// in a request context.
func (s side) decide(a *iam.Action, resource string, ctx access.Context) access.Answer {
	return access.Evaluate(s.an, s.perm, access.Request{Action: a, Resource: resource, Context: ctx})
}

// gains reports whether to allows an action on some request of a grant's
// scope that from does not allow: on a resource of the scope that from
// does not cover, or under fewer conditions. Each resource of the scope is
// asked of the engine on both sides, so that a grant whose resources the
// other side's patterns cover (`app-data/reports/*` under `app-data/*`)
// is no gain, whatever the text of the patterns. A scope the engine cannot
// be asked about — NotResource, a value known only after apply — or an
// answer that is unknown is compared as written (Scope.covers).
func gains(from, to side, a *iam.Action, sc Scope) bool {
	if len(sc.NotResources) > 0 || len(sc.Resources) == 0 || !sc.known() {
		return !from.coversAsWritten(a, sc)
	}
	ctxs := contexts(sc.conds)
	for _, res := range sc.Resources {
		for _, ctx := range ctxs {
			f, t := from.decide(a, probe(res), ctx), to.decide(a, probe(res), ctx)
			if f.Verdict == access.Unknown || t.Verdict == access.Unknown {
				if !from.coversAsWritten(a, sc) {
					return true
				}
				continue
			}
			if wider(t, f) {
				return true
			}
		}
	}
	return false
}

// contexts returns the request contexts to ask the engine about a grant
// under conditions: each meets every condition, and together they take
// each value of each condition in turn (the others at their first), so
// that the other side is asked about every value the grant allows —
// `aws:SourceIp` 10.1.0.0/16 after 10.0.0.0/8 is allowed less widely, not
// more. A condition no value is sure to meet (a negated operator, a
// number, a date, a policy variable) is left out of the context: the
// answers are then conditional on it and compared by their conditions.
func contexts(cs model.Conditions) []access.Context {
	var choices [][]func(*access.Context)
	for _, c := range cs.Items {
		if opts := meeting(c); len(opts) > 0 {
			choices = append(choices, opts)
		}
	}
	build := func(pick int, value int) access.Context {
		var ctx access.Context
		for i, opts := range choices {
			v := 0
			if i == pick {
				v = value
			}
			opts[v](&ctx)
		}
		return ctx
	}
	out := []access.Context{build(-1, 0)}
	for i, opts := range choices {
		for v := 1; v < len(opts); v++ {
			out = append(out, build(i, v))
		}
	}
	return out
}

// meeting returns, for each value of a condition, a way to make a request
// context meet the condition with that value; none when no value is sure
// to meet it.
func meeting(c model.Condition) []func(*access.Context) {
	if !c.Operator.IsKnown() || !c.Key.IsKnown() || c.Values.Unknown {
		return nil
	}
	op, key := model.ParseOperator(c.Operator.Text), c.Key.Text
	var out []func(*access.Context)
	for _, v := range c.Values.Items {
		if !v.IsKnown() || strings.Contains(v.Text, "${") {
			return nil
		}
		value := v.Text
		switch op.Name {
		case "StringEquals", "StringEqualsIgnoreCase", "Bool", "BinaryEquals":
		case "StringLike", "ArnLike", "ArnEquals":
			value = probe(value)
		case "IpAddress":
			value, _, _ = strings.Cut(value, "/")
		case "Null":
			if strings.EqualFold(value, "true") {
				out = append(out, func(ctx *access.Context) { ctx.SetAbsent(key) })
				continue
			}
			value = probeWord
		default:
			return nil
		}
		out = append(out, func(ctx *access.Context) { ctx.Add(key, value) })
	}
	return out
}

// probeWord stands for what a wildcard of a grant's resource matches: a
// value no policy names, so that the other side's patterns match the
// probe only when they cover the wildcard itself.
const probeWord = "iacscan-probe"

// probe turns a resource pattern into a resource the engine can be asked
// about, one the pattern matches and that stands for all it matches:
// each wildcard becomes probeWord (a `?`, one character), except in an
// ARN's account, which a wildcard leaves empty (the request then names no
// other account).
func probe(pattern string) string {
	parts := strings.SplitN(pattern, ":", 6)
	for i, part := range parts {
		if i == 4 && len(parts) == 6 && strings.Trim(part, "*") == "" {
			parts[i] = ""
			continue
		}
		part = strings.ReplaceAll(part, "*", probeWord)
		parts[i] = strings.ReplaceAll(part, "?", "~")
	}
	return strings.Join(parts, ":")
}

// wider reports whether answer t allows a request more than answer f:
// allowed where f is conditional or refused, conditional where f refuses,
// or conditional on fewer of f's conditions.
func wider(t, f access.Answer) bool {
	switch {
	case t.Verdict == access.Allowed:
		return f.Verdict != access.Allowed
	case t.Verdict != access.Conditional:
		return false
	case f.Verdict != access.Conditional:
		return f.Verdict != access.Allowed
	}
	tc := answerConditions(t)
	for _, c := range answerConditions(f) {
		if !slices.Contains(tc, c) {
			return true // t no longer needs one of f's conditions
		}
	}
	return false
}

// answerConditions are the conditions of the statements that decide an
// answer.
func answerConditions(ans access.Answer) []string {
	var out []string
	for _, st := range ans.Deciding {
		for _, c := range st.Conditions {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// coversAsWritten reports whether one of the side's grants of the action
// covers the scope as its text reads.
func (s side) coversAsWritten(a *iam.Action, sc Scope) bool {
	for _, e := range s.scopes {
		if e.actions.Has(a) && e.scope.covers(sc) {
			return true
		}
	}
	return false
}

// known reports whether every resource and condition of the scope is
// known before apply and free of policy variables (which the engine
// substitutes in policies, not in requests).
func (s Scope) known() bool {
	for _, v := range slices.Concat(s.Resources, s.NotResources, s.Conditions) {
		if strings.Contains(v, "(known after apply") || strings.Contains(v, "${") {
			return false
		}
	}
	return true
}

// denied reports whether the engine answers that an explicit Deny refuses
// the action on the resource.
func (s side) denied(a *iam.Action, resource string) bool {
	if s.perm == nil {
		return false
	}
	return s.decide(a, resource, access.Context{}).Verdict == access.Denied
}

// allowedOn keeps the actions of a grant that the side's principal is
// allowed on some request of the grant's scope: an action the grant adds
// but a Deny, the boundary or an SCP already refuses on every resource of
// the scope is not allowed, so neither newly allowed nor no longer
// allowed. The engine is asked only about the actions a Deny names (all,
// under a boundary) and only of a scope it can be asked about (see
// gains); anything else is kept as written.
func (s side) allowedOn(a *iam.Action, sc Scope, ctxs []access.Context) bool {
	for _, res := range sc.Resources {
		for _, ctx := range ctxs {
			if !refused(s.decide(a, probe(res), ctx)) {
				return true
			}
		}
	}
	return false
}

// refused reports whether an answer refuses the request by a Deny or a
// policy that limits what the grants give (the boundary, an SCP or RCP).
func refused(ans access.Answer) bool {
	switch {
	case ans.Verdict == access.Denied:
		return true
	case ans.Verdict != access.NotAllowed:
		return false
	}
	switch ans.Step {
	case access.StepBoundary, access.StepSCP, access.StepRCP:
		return true
	}
	return false
}

// confirm returns the actions of set, granted under scope e, that the
// engine does not refuse on every request of the scope (allowedOn).
func (s side) confirm(c *iam.Catalog, e *scoped, set iam.ActionSet) iam.ActionSet {
	sc := e.scope
	if s.perm == nil || len(sc.NotResources) > 0 || len(sc.Resources) == 0 || !sc.known() {
		return set
	}
	ask := c.Intersect(set, s.limited(c, sc))
	if ask.IsEmpty() {
		return set
	}
	ctxs := contexts(sc.conds)
	var refusedSets []iam.ActionSet
	for a := range c.Actions(ask) {
		if !s.allowedOn(a, sc, ctxs) {
			refusedSets = append(refusedSets, c.Match(a.String()))
		}
	}
	return c.Minus(set, c.Union(refusedSets...))
}

// limited is the actions that a Deny of the side's principal (its own,
// its boundary's, its SCPs') could refuse on a request of the scope, and
// those its boundary allows only on some resources or under conditions:
// those the engine must be asked about before they count as allowed.
func (s side) limited(c *iam.Catalog, sc Scope) iam.ActionSet {
	var sets []iam.ActionSet
	deny := func(st *iam.Stmt) {
		if decidable(st.Condition, sc.conds) {
			sets = append(sets, s.an.Actions(st))
		}
	}
	for _, g := range s.perm.Denies {
		deny(g.Stmt)
	}
	if b := s.perm.Boundary; b != nil && !b.Unknown {
		for _, st := range b.Denies {
			deny(st)
		}
		for _, st := range b.Allows {
			if !st.NotResource.Set && st.Resource.Has("*") && !st.Condition.Set {
				continue // allowed on every resource: the boundary refuses none
			}
			sets = append(sets, s.an.Actions(st))
		}
	}
	if l := access.SCPLimit(s.an, s.perm); l != nil {
		for _, st := range l.Denies {
			deny(st)
		}
	}
	return c.Union(sets...)
}

// decidable reports whether a Deny's conditions can hold for certain in
// the contexts made from a grant's (contexts): each key is one the grant
// sets, or one the engine knows of the principal (its name, account and
// organization, the resource's organization). A Deny under another key
// leaves every answer conditional, never refused, so the engine need not
// be asked about each of its actions.
func decidable(deny, grant model.Conditions) bool {
	if deny.Unknown {
		return false
	}
	for _, c := range deny.Items {
		if !c.Key.IsKnown() {
			return false
		}
		key := strings.ToLower(c.Key.Text)
		known := strings.HasPrefix(key, "aws:principal") || strings.HasPrefix(key, "aws:resourceorg") ||
			key == "aws:username" || key == "kms:calleraccount"
		for _, g := range grant.Items {
			known = known || g.Key.IsKnown() && strings.EqualFold(g.Key.Text, key)
		}
		if !known {
			return false
		}
	}
	return true
}
