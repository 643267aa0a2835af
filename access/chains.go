package access

import (
	"regexp"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// maxChain bounds the roles followed in one chain.
const maxChain = 5

// Find returns the principals a name designates: an inventory ID
// (aws_iam_role.app, a logical ID), a user, group or role name, an IAM
// ARN, or a role session's ARN (see Session).
func Find(an *iam.Analysis, name string) []*iam.Permissions {
	var out []*iam.Permissions
	kind, short := "", name
	if m := iamARN.FindStringSubmatch(name); m != nil {
		kind, short = m[2], m[3][strings.LastIndex(m[3], "/")+1:]
	} else if m := sessionARN.FindStringSubmatch(name); m != nil {
		kind, short = string(model.Role), m[2]
	}
	for _, p := range an.Principals() {
		id := p.Identity
		switch {
		case p.Meta().ID == name:
		case id != nil && id.Name.Is(short) && (kind == "" || string(id.Kind) == kind):
		default:
			continue
		}
		out = append(out, p)
	}
	return out
}

// Session returns the session name of a role session ARN, or "".
func Session(name string) string {
	if m := sessionARN.FindStringSubmatch(name); m != nil {
		return m[3]
	}
	return ""
}

// iamARN matches an IAM user, group or role ARN: account, kind, path and
// name.
var iamARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(\d{12}|\*)?:(user|group|role)/(.+)$`)

// roleMatch reports whether a policy resource entry covers a role of the
// scan: "*", an ARN pattern that matches the role's name, or a reference
// to the role's ARN known only after apply.
func roleMatch(v model.Value, role *model.Identity) tri {
	if !v.IsKnown() {
		switch {
		case refersTo(v, role):
			return yes
		case wholeReference.MatchString(v.Text):
			return no // the ARN of another element
		}
		return maybe
	}
	if v.Text == "*" {
		return yes
	}
	if !role.Name.IsKnown() {
		return maybe
	}
	parts := strings.SplitN(v.Text, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" {
		return no
	}
	// Match the entry's resource part against the role's, whatever the
	// path: role/name, role/team/name.
	resource := parts[5]
	candidates := []string{"role/" + role.Name.Text}
	if i := strings.LastIndex(resource, "/"); i > len("role") {
		candidates = append(candidates, resource[:i+1]+role.Name.Text)
	}
	for _, c := range candidates {
		if iam.Covers("arn:aws:iam::000000000000:"+resource, "arn:aws:iam::000000000000:"+c) {
			return yes
		}
	}
	return no
}

// wholeReference matches a value that is one reference to an element's
// ARN and nothing else: "${aws_iam_role.admin.arn}".
var wholeReference = regexp.MustCompile(`^\$\{[^${}]+\.arn\}$`)

// refersTo reports whether an unknown value is built from an attribute of
// the identity (Terraform: aws_iam_role.app.arn; CloudFormation: its
// logical ID in a GetAtt).
func refersTo(v model.Value, id *model.Identity) bool {
	for _, s := range []string{v.Expr, v.Text} {
		if strings.Contains(s, id.ID+".") || strings.Contains(s, id.ID+"\x00") || s == id.ID {
			return true
		}
	}
	return false
}

var accountRoot = regexp.MustCompile(`^(?:(\d{12})|arn:aws[a-z-]*:iam::(\d{12}):root)$`)

// accountOnly returns the account of an account principal (an ID or its
// root ARN), or "".
func accountOnly(s string) string {
	m := accountRoot.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1] + m[2]
}

// edge is one sts:AssumeRole step from a principal to a role.
type edge struct {
	role    *iam.Permissions
	verdict Verdict
	why     []Statement
	notes   []string
}

func weakest(a, b Verdict) Verdict {
	if rank[a] < rank[b] {
		return a
	}
	return b
}

// Can answers a request for a principal: its own answer first, then one
// per role it can reach through sts:AssumeRole that gives it more than it
// has itself or through a shorter chain, the chain's verdict being its
// weakest step's.
func Can(an *iam.Analysis, perm *iam.Permissions, r Request) []Answer {
	g := newGraph(an, &r)
	return can(an, perm, r, g)
}

// graph finds the roles each principal can assume, through an index of
// the trust policies built once. A chain search evaluates the step to a
// role only when the role is not reached yet by as strong a way, so one
// search costs at most one evaluation per role and verdict it reaches,
// not one per pair of roles.
type graph struct {
	an     *iam.Analysis
	assume *iam.Action
	ctx    Context
	index  *trustIndex // nil until first needed
	// own memoizes each principal's own answer to the request.
	own map[*iam.Permissions]Answer
	// sharedIDs are the addresses more than one principal of the scan has.
	sharedIDs map[string]bool
	// candidates memoizes the roles whose trust may admit each principal.
	candidates map[*iam.Permissions][]*iam.Permissions
	shared     *policyIndex
	// session are the request's session policies: they limit the session
	// of the principal that asks, so its first sts:AssumeRole of a chain,
	// and not the sessions of the roles it reaches (answered in roles).
	session []Guardrail
	roles   map[*iam.Permissions]Answer
}

func newGraph(an *iam.Analysis, r *Request) *graph {
	if r.shared == nil {
		r.shared = buildPolicyIndex(an.Inventory)
	}
	g := &graph{an: an, assume: an.Catalog.Action("sts:AssumeRole"), ctx: r.Context, shared: r.shared,
		own: make(map[*iam.Permissions]Answer), candidates: make(map[*iam.Permissions][]*iam.Permissions)}
	for _, gr := range r.Guardrails {
		if gr.Step == StepSession {
			g.session = append(g.session, gr)
		}
	}
	g.roles = g.own
	if len(g.session) > 0 {
		g.roles = make(map[*iam.Permissions]Answer)
	}
	return g
}

// roleAnswer is the answer to the request for a role reached through a
// chain: in the role's session, which the session policies do not limit.
func (g *graph) roleAnswer(p *iam.Permissions, r Request) Answer {
	if a, ok := g.roles[p]; ok {
		return a
	}
	if len(g.session) > 0 {
		r.Guardrails = slices.DeleteFunc(slices.Clone(r.Guardrails), func(gr Guardrail) bool { return gr.Step == StepSession })
	}
	a := Evaluate(g.an, p, r)
	g.roles[p] = a
	return a
}

func (g *graph) answer(p *iam.Permissions, r Request) Answer {
	if a, ok := g.own[p]; ok {
		return a
	}
	a := Evaluate(g.an, p, r)
	g.own[p] = a
	return a
}

// admitting returns the roles whose trust policy may admit the principal.
func (g *graph) admitting(p *iam.Permissions) []*iam.Permissions {
	if c, ok := g.candidates[p]; ok {
		return c
	}
	if g.index == nil {
		g.index = buildTrustIndex(g.an, g.assume)
	}
	var c []*iam.Permissions
	if p.Identity != nil && p.Identity.Kind != model.Group && g.assume != nil {
		c = g.index.candidates(g.an, p, g.assume)
	}
	g.candidates[p] = c
	return c
}

// step evaluates sts:AssumeRole from a principal on a role, under the
// session policies when it is the first of the chain: ok is false when it
// is not allowed.
func (g *graph) step(from, to *iam.Permissions, first bool) (edge, bool) {
	if to.Identity == from.Identity {
		return edge{}, false
	}
	r := Request{Action: g.assume, role: to.Identity, Context: g.ctx, shared: g.shared}
	if first {
		r.Guardrails = g.session
	}
	ans := Evaluate(g.an, from, r)
	if ans.Verdict == Denied || ans.Verdict == NotAllowed {
		return edge{}, false
	}
	return edge{role: to, verdict: ans.Verdict, why: ans.Deciding, notes: ans.Notes}, true
}

func can(an *iam.Analysis, perm *iam.Permissions, r Request, g *graph) (out []Answer) {
	if g.sharedIDs == nil {
		g.sharedIDs = sharedIDs(an)
	}
	defer func() {
		for i := range out {
			out[i].shared = g.sharedIDs[out[i].Principal]
		}
	}()
	out = []Answer{g.answer(perm, r)}
	type path struct {
		at      *iam.Permissions
		chain   []string
		verdict Verdict
		why     []Statement
		notes   []string
	}
	best := out[0].Verdict
	// reached is the strongest verdict a role was reached with: a later,
	// longer way to it counts only when it is stronger (without the
	// condition the first way needed), so each role is reached at most
	// once per verdict.
	reached := map[*iam.Permissions]Verdict{perm: Allowed}
	queue := []path{{at: perm, verdict: Allowed}}
	for len(queue) > 0 && best != Allowed { // no chain gives more than allowed
		cur := queue[0]
		queue = queue[1:]
		if len(cur.chain) >= maxChain {
			continue
		}
		for _, to := range g.admitting(cur.at) {
			if v, ok := reached[to]; ok && rank[v] >= rank[cur.verdict] {
				continue // this way can be no stronger
			}
			e, ok := g.step(cur.at, to, len(cur.chain) == 0)
			if !ok {
				continue
			}
			next := path{at: e.role, chain: append(slices.Clip(cur.chain), e.role.Meta().ID),
				verdict: weakest(cur.verdict, e.verdict), why: append(slices.Clip(cur.why), e.why...),
				notes: append(slices.Clip(cur.notes), e.notes...)}
			if v, ok := reached[to]; ok && rank[v] >= rank[next.verdict] {
				continue
			}
			reached[to] = next.verdict
			queue = append(queue, next)
			ans := g.roleAnswer(e.role, r)
			ans.Verdict = weakest(ans.Verdict, next.verdict)
			if rank[ans.Verdict] <= rank[best] || ans.Verdict == Denied {
				continue // no more than a shorter way gives
			}
			best = ans.Verdict
			m := perm.Meta()
			ans.Principal, ans.File, ans.Line, ans.Kind = m.ID, m.Loc.File, m.Loc.StartLine, out[0].Kind
			ans.Chain = next.chain
			ans.Deciding = append(slices.Clip(next.why), ans.Deciding...)
			ans.Notes = append(slices.Clip(next.notes), ans.Notes...)
			out = append(out, ans)
		}
	}
	return out
}

// sharedIDs returns the addresses that more than one principal has.
func sharedIDs(an *iam.Analysis) map[string]bool {
	seen := make(map[string]bool)
	out := make(map[string]bool)
	for _, p := range an.Principals() {
		id := p.Meta().ID
		out[id] = out[id] || seen[id]
		seen[id] = true
	}
	for id, shared := range out {
		if !shared {
			delete(out, id)
		}
	}
	return out
}

// WhoCan answers a request for every principal of the scan and returns
// the answers that are not implicitly denied (explicit Denies included: a
// Deny is worth knowing about), each principal's own answer before its
// chains.
func WhoCan(an *iam.Analysis, r Request) []Answer {
	var out []Answer
	g := newGraph(an, &r)
	for _, p := range an.Principals() {
		for _, ans := range can(an, p, r, g) {
			if ans.Verdict != NotAllowed {
				out = append(out, ans)
			}
		}
	}
	if r.named() && opensToAnyone(an, r) {
		if ans := Anonymous(an, r); ans.Verdict != NotAllowed {
			out = append(out, ans)
		}
	}
	return out
}
