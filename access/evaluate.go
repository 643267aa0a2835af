package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// tri is a three-valued answer.
type tri int

const (
	no tri = iota
	yes
	maybe // a condition key, or a value known only after apply, decides
)

// hit is a statement that applies to the request, and how surely.
type hit struct {
	s *iam.Stmt
	h holds
	// who is how a resource policy's statement names the principal.
	who principalKind
	// part names the statement's role in the answer ("grant", "trust").
	part string
}

// hits are the statements of one step that apply.
type hits []hit

// best is the surest of the hits: yes if any is certain, maybe if any
// could be, no otherwise.
func (hs hits) best() holds {
	out := holds{v: no}
	for _, x := range hs {
		switch {
		case x.h.v == yes:
			return holdsYes
		case x.h.v == maybe && out.v == no:
			out = x.h
		case x.h.v == maybe:
			out.needs = append(out.needs, x.h.needs...)
		}
	}
	return out
}

func (hs hits) filter(keep func(hit) bool) hits {
	var out hits
	for _, x := range hs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// or combines two ways to be allowed.
func or(a, b holds) holds {
	switch {
	case a.v == yes || b.v == yes:
		return holdsYes
	case a.v == no:
		return b
	case b.v == no:
		return a
	}
	out := a
	out.needs = append(slices.Clip(a.needs), b.needs...)
	return out
}

// evaluation is one request being evaluated for one principal.
type evaluation struct {
	an   *iam.Analysis
	perm *iam.Permissions
	r    *Request
	vars variables
	ans  Answer
	// anonymous: the request carries no credentials (see Anonymous).
	anonymous bool
}

// Evaluate answers a request for one principal, from its own permissions
// and the policies of the scan that apply to it.
func Evaluate(an *iam.Analysis, perm *iam.Permissions, r Request) Answer {
	return evaluate(an, perm, r, false)
}

// Decide is Evaluate's verdict alone, for callers that ask many questions
// and read only the verdicts (the rules on grants): it writes no
// explanation (deciding statements, notes, condition keys), which costs
// more than the decision itself.
func Decide(an *iam.Analysis, perm *iam.Permissions, r Request) Verdict {
	return evaluate(an, perm, r, true).Verdict
}

func evaluate(an *iam.Analysis, perm *iam.Permissions, r Request, quiet bool) Answer {
	e := &evaluation{an: an, perm: perm, r: &r}
	if quiet {
		e.ans.quiet = true
	} else {
		e.ans = newAnswer(perm, &r)
	}
	if r.role == nil && r.Resource != "" {
		r.role = targetRole(an, r.Resource)
	}
	e.locate()
	account := r.PrincipalAccount
	if account == "" {
		account = ownAccount(an.Inventory)
	}
	e.vars = principalVariables(perm.Identity, account)
	e.vars.partition = requestPartition(r.Resource)
	e.vars.placeInOrg(an.Inventory, account, r.ResourceAccount)
	if e.awsRule() {
		return e.ans
	}
	r.Guardrails = append(slices.Clip(r.Guardrails), e.organizationGuardrails()...)
	e.decide()
	return e.ans
}

func newAnswer(perm *iam.Permissions, r *Request) Answer {
	m := perm.Meta()
	kind := "policy"
	if perm.Identity != nil {
		kind = string(perm.Identity.Kind)
	}
	res := r.Resource
	if res == "" {
		res = "*"
	}
	return Answer{Principal: m.ID, Kind: kind, File: m.Loc.File, Line: m.Loc.StartLine, Action: r.Action.String(),
		Resource: res, Needs: []string{}, Chain: []string{}, Deciding: []Statement{}, Notes: []string{}}
}

// ownAccount is the scan's account when the inputs state exactly one.
func ownAccount(inv *model.Inventory) string {
	account := ""
	for _, v := range inv.OwnAccounts {
		if !v.IsKnown() {
			continue
		}
		if account != "" && account != v.Text {
			return ""
		}
		account = v.Text
	}
	return account
}

// decide runs the evaluation steps in AWS's order.
func (e *evaluation) decide() {
	r, perm := e.r, e.perm
	identity, identityDenies := e.collect(perm.Allows, perm.Denies, "grant", "deny")
	if g := grantsUnknownActions(perm); g != "" {
		e.ans.note("%s has actions known only after apply", g)
	}
	if !e.ans.quiet {
		e.ans.Notes = append(e.ans.Notes, perm.Unknown...)
		for _, u := range perm.Unresolved {
			e.ans.note("%s", u)
			e.ans.Unresolved = append(e.ans.Unresolved, unresolved(u))
		}
	}

	var boundary, boundaryDenies hits
	bounded := perm.Boundary != nil
	boundaryUnknown := bounded && perm.Boundary.Unknown
	if boundaryUnknown {
		e.ans.note("permissions boundary `%s` is not in the scan or not known before deploy", perm.Boundary.Ref)
	} else if bounded {
		boundary, boundaryDenies = e.collectStmts(perm.Boundary.Allows, perm.Boundary.Denies, "boundary", "boundary")
	}
	rp := e.resourcePolicies()

	// 1. An explicit Deny in any policy that applies wins.
	denies := slices.Concat(identityDenies, boundaryDenies, rp.denies)
	var guardDenies []hits
	for _, g := range r.Guardrails {
		_, gd := e.guardStmts(g)
		_, d := e.collectStmts(nil, gd, string(g.Step), string(g.Step))
		guardDenies = append(guardDenies, d)
		denies = append(denies, d...)
	}
	if certain := denies.filter(func(x hit) bool { return x.h.v == yes }); len(certain) > 0 {
		e.ans.Verdict, e.ans.Step = Denied, StepDeny
		for _, d := range certain {
			e.ans.add(d.part, d.s)
		}
		return
	}
	// 2. Guardrails must allow: SCPs, RCPs, endpoint policies. Session
	// policies come last in AWS's order, after the boundary (below).
	guard := holdsYes
	for _, g := range r.Guardrails {
		if g.Step == StepSession {
			continue
		}
		if g.Unknown != "" {
			guard = guard.and(holds{v: maybe, unknown: g.Unknown})
			continue
		}
		if g.Default {
			continue // allows everything; its Denies are counted above
		}
		ga, _ := e.guardStmts(g)
		allows, _ := e.collectStmts(ga, nil, string(g.Step), string(g.Step))
		if allows.best().v == no {
			e.ans.Verdict, e.ans.Step = NotAllowed, g.Step
			e.ans.note("%s", g.refusal())
			return
		}
		guard = guard.and(allows.best())
		e.addAll(allows)
	}

	// 3-5. Resource policy, identity policies, permissions boundary.
	idAllow := identity.best()
	within := holdsYes // what the boundary lets through
	switch {
	case boundaryUnknown:
		within = holds{v: maybe, unknown: "the permissions boundary"}
	case bounded:
		within = boundary.best()
	}
	bySelf := rp.grants.filter(func(x hit) bool { return x.who == principalSelf && e.isRole() })
	unilateral := rp.grants.filter(func(x hit) bool { return x.who != principalAccount && !(x.who == principalSelf && e.isRole()) })
	byAccount := rp.grants.filter(func(x hit) bool { return x.who == principalAccount })

	combine := func(idPath, rolePath, uniPath holds) holds {
		switch {
		case rp.cross:
			// Across accounts both sides must allow: the resource's policy
			// names the principal or its account, and the principal's own
			// policies allow it.
			return idPath.and(or(or(uniPath, rolePath), byAccount.best()))
		case rp.required:
			// A key policy, a role's trust: the resource's own policy must
			// allow, naming the principal or delegating to its account.
			return or(or(uniPath, rolePath), byAccount.best().and(idPath))
		}
		return or(or(uniPath, rolePath), idPath)
	}
	// 6. The session policy limits what the identity policies, the
	// boundary and a resource policy naming the role or user give the
	// session; a resource policy naming the session itself it does not.
	sess, sessAllows, sessRefusal := e.sessionPolicies()
	bySession := unilateral.filter(func(x hit) bool { return x.who == principalSession })
	limited := unilateral.filter(func(x hit) bool { return x.who != principalSession })
	unlimited := combine(idAllow.and(within), bySelf.best().and(within), unilateral.best()).and(guard)
	idPath := idAllow.and(within).and(sess)
	rolePath := bySelf.best().and(within).and(sess)
	uniPath := or(bySession.best(), limited.best().and(sess))
	allow := combine(idPath, rolePath, uniPath).and(guard)
	if rp.cross {
		// Across accounts the resource's side alone decides nothing: each
		// way to be allowed needs the principal's side too.
		uniPath, rolePath = uniPath.and(idPath), rolePath.and(idPath)
		if idPath.v == no && len(rp.grants) > 0 {
			e.ans.note("the principal and the resource are in different accounts: %s names it, and its own policies must allow it too", rp.step)
		}
	}

	// Explain by the path that decides: the resource's policy when it
	// allows alone, the identity policies otherwise.
	step := StepIdentity
	idStep := func() {
		if rp.required || rp.cross {
			e.addAll(byAccount)
		}
		e.addAll(identity)
		e.addAll(boundary)
	}
	paths := []struct {
		h       holds
		explain func()
	}{
		{uniPath, func() {
			step = rp.step
			e.addAll(unilateral)
			if rp.cross { // the principal's side allows too
				e.addAll(identity)
				e.addAll(boundary)
			}
		}},
		{rolePath, func() {
			step = rp.step
			e.addAll(bySelf)
			if rp.cross {
				e.addAll(identity)
			}
			e.addAll(boundary)
		}},
		{allow, idStep},
	}
	explained := false
	for _, want := range []tri{yes, maybe} {
		for _, p := range paths {
			if !explained && p.h.v == want {
				p.explain()
				explained = true
			}
		}
	}
	if !explained {
		// Nothing allows it: name the step that failed.
		switch {
		case unlimited.v != no:
			step = StepSession
			e.ans.note("%s", sessRefusal)
		case (rp.required || rp.cross) && len(rp.grants) == 0:
			// The resource's policy, which must allow, names neither the
			// principal nor its account: no identity policy could help,
			// and AWS reads it first.
			step = rp.step
			if rp.cross {
				e.ans.note("the principal and the resource are in different accounts: %s must allow it too", rp.step)
			} else {
				e.ans.note("%s names neither the principal nor its account", rp.step)
			}
		case (len(bySelf) > 0 || idAllow.v != no) && within.v == no:
			step = StepBoundary
			e.ans.note("the permissions boundary does not allow it")
		}
		e.addAll(bySelf)
		if idAllow.v != no {
			idStep()
		}
	}
	// Denies that apply only under a condition, or on resources known
	// only after apply, leave a grant conditional.
	for _, d := range denies {
		if d.h.v == maybe {
			allow = allow.and(holds{v: maybe, needs: d.h.needs, unknown: d.h.unknown})
			e.ans.add(d.part, d.s)
		}
	}
	if bySession.best().v != yes {
		e.addAll(sessAllows) // what of the session policy lets it through
	}
	e.ans.Step = step
	switch allow.v {
	case yes:
		e.ans.Verdict = Allowed
		if len(perm.Unknown) > 0 || len(perm.Unresolved) > 0 {
			e.ans.Verdict = Unknown // a Deny in a policy not known could take it away
		}
	case maybe:
		e.ans.Verdict = Conditional
		e.ans.need(allow.needs...)
		if allow.unknown != "" {
			e.ans.Verdict = Unknown
			e.ans.note("it depends on %s", allow.unknown)
		}
		if len(allow.needs) == 0 && allow.unknown == "" {
			e.ans.Verdict = Unknown
		}
	default:
		e.ans.Verdict = NotAllowed
		if len(perm.Unknown) > 0 || len(perm.Unresolved) > 0 || grantsUnknownActions(perm) != "" {
			e.ans.Verdict = Unknown
		}
	}
	if rp.hidden != "" && e.ans.Verdict == NotAllowed && !(rp.cross && idPath.v == no) {
		// Within the account (or with the principal's side allowing) the
		// policy not known could be what allows.
		e.ans.Verdict, e.ans.Step = Unknown, rp.step
	}
	if rp.note != "" && e.ans.Verdict != NotAllowed && e.ans.Verdict != Denied {
		e.ans.note("%s", rp.note)
		if rp.unknownPolicy && e.ans.Verdict != Unknown {
			e.ans.Verdict = Unknown
		}
	}
	e.noteKnownAnswer(allow.v)
}

// listed joins the first max names and counts the others.
func listed(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}

// noteKnownAnswer says what the known policies decide when only attached
// policies the scan cannot show leave the answer unknown: an unknown never
// erases a known answer.
func (e *evaluation) noteKnownAnswer(known tri) {
	unresolved := e.perm.Unresolved
	if e.ans.Verdict != Unknown || len(unresolved) == 0 || len(e.perm.Unknown) > 0 {
		return
	}
	which := "the unknown attached policies above"
	if len(unresolved) == 1 {
		which = "the attached policy of `" + unresolved[0].ID + "`"
	}
	switch {
	case known == yes && len(e.ans.allowedBy) > 0:
		e.ans.Known = Allowed
		e.ans.note("allowed by %s; %s could add a Deny", listed(e.ans.allowedBy, 3), which)
	case known == no && grantsUnknownActions(e.perm) == "":
		e.ans.Known = NotAllowed
		e.ans.note("no known policy allows it; %s could add an Allow", which)
	}
}

func (e *evaluation) isRole() bool {
	return e.perm.Identity != nil && e.perm.Identity.Kind == model.Role
}

func (e *evaluation) addAll(hs hits) {
	for _, x := range hs {
		e.ans.add(x.part, x.s)
	}
}

// collect returns the grants and the Denies among a principal's statements
// that apply to the request.
func (e *evaluation) collect(allows, denies []*iam.Grant, allowPart, denyPart string) (hits, hits) {
	stmts := func(gs []*iam.Grant) []*iam.Stmt {
		out := make([]*iam.Stmt, len(gs))
		for i, g := range gs {
			out[i] = g.Stmt
		}
		return out
	}
	return e.collectStmts(stmts(allows), stmts(denies), allowPart, denyPart)
}

func (e *evaluation) collectStmts(allows, denies []*iam.Stmt, allowPart, denyPart string) (hits, hits) {
	var grants, ds hits
	for _, s := range allows {
		if !s.Grants(e.r.Action) {
			continue
		}
		if h := e.applies(s, false); h.v != no {
			grants = append(grants, hit{s: s, h: h, part: allowPart})
		}
	}
	for _, s := range denies {
		if !s.Grants(e.r.Action) {
			continue
		}
		h := e.applies(s, true)
		if h.v != no {
			ds = append(ds, hit{s: s, h: h, part: denyPart})
		}
	}
	return grants, ds
}

// applies evaluates a statement's resource and condition against the
// request (its action is matched already).
func (e *evaluation) applies(s *iam.Stmt, deny bool) holds {
	res := e.coversResource(s, deny)
	if res.v == no {
		return res
	}
	return res.and(evalConditions(s.Condition, e.r, e.vars))
}

// coversResource reports whether the statement's Resource (or NotResource)
// covers the request's resource. With none named, an Allow covers "some
// resource" when one of its entries can name a resource of the action; a
// Deny only when it covers every resource.
func (e *evaluation) coversResource(s *iam.Stmt, deny bool) holds {
	r, st := e.r, s.Statement
	if model.VoidNotResource(st) {
		return holds{v: no}
	}
	if !r.named() {
		if deny {
			if !st.NotResource.Set && st.Resource.Has("*") {
				return holdsYes
			}
			e.ans.note("a Deny in %s takes it away on some resources", where(s))
			return holds{v: no}
		}
		if st.NotResource.Set {
			return holdsYes
		}
		out := holds{v: no}
		for _, v := range st.Resource.Items {
			if !v.IsKnown() {
				out = or(out, holds{v: maybe, unknown: "resources known only after apply (" + v.String() + ")"})
				continue
			}
			if r.Action.Reaches(v.Text) && !awsOwned(r.Action, v.Text) {
				return holdsYes
			}
		}
		if st.Resource.Unknown {
			out = or(out, holds{v: maybe, unknown: "resources known only after apply"})
		}
		return out
	}
	if st.NotResource.Set {
		h := e.anyCovers(st.NotResource)
		switch h.v {
		case yes:
			return holds{v: no}
		case maybe:
			return h
		}
		return holdsYes
	}
	return e.anyCovers(st.Resource)
}

func (e *evaluation) anyCovers(vs model.Values) holds {
	out := holds{v: no}
	for _, v := range vs.Items {
		h := e.match(v)
		if h.v == yes {
			return h
		}
		out = or(out, h)
	}
	if vs.Unknown {
		out = or(out, holds{v: maybe, unknown: "resources known only after apply"})
	}
	return out
}

// match reports whether one resource entry covers the request's resource,
// its policy variables substituted for the principal.
func (e *evaluation) match(v model.Value) holds {
	r := e.r
	if r.role != nil {
		switch roleMatch(v, r.role) {
		case yes:
			return holdsYes
		case maybe:
			return holds{v: maybe, unknown: "resources known only after apply (" + v.String() + ")"}
		}
		return holds{v: no}
	}
	if !v.IsKnown() {
		return holds{v: maybe, unknown: "resources known only after apply (" + v.String() + ")"}
	}
	pattern, h := e.vars.substitute(v.Text, r)
	if h.v == no {
		return h
	}
	// A request for every resource ("*") is matched by "*", and by a
	// pattern that covers every resource of the action's types
	// (arn:aws:s3:::*/* for s3:GetObject), which grants as much.
	every := r.Resource == "*" && r.Action != nil && r.Action.EveryResource(pattern)
	if !every && !iam.Covers(pattern, r.Resource) {
		return holds{v: no}
	}
	return h
}

func grantsUnknownActions(perm *iam.Permissions) string {
	for _, g := range perm.Allows {
		if g.UnknownActions {
			return g.Where()
		}
	}
	return ""
}
