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
// (aws_iam_role.app, a logical ID), a user, group or role name, or an
// IAM ARN.
func Find(an *iam.Analysis, name string) []*iam.Permissions {
	var out []*iam.Permissions
	kind, short := "", name
	if m := iamARN.FindStringSubmatch(name); m != nil {
		kind, short = m[2], m[3][strings.LastIndex(m[3], "/")+1:]
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

// iamARN matches an IAM user, group or role ARN: account, kind, path and
// name.
var iamARN = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(\d{12}|\*)?:(user|group|role)/(.+)$`)

// roleMatch reports whether a policy resource entry covers a role of the
// scan: "*", an ARN pattern that matches the role's name (the account is
// not checked: the scan is taken to be one account), or a reference to the
// role's ARN known only after apply.
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

// edge is one sts:AssumeRole step from a principal to a role.
type edge struct {
	role    *iam.Permissions
	verdict Verdict
	why     []Statement
	notes   []string
}

// assumable returns the roles of the scan a principal can assume: the
// role's trust policy lets it in, and — unless the trust policy names the
// principal itself, which suffices within an account — its own
// permissions allow sts:AssumeRole on the role.
func assumable(an *iam.Analysis, roles []trustingRole, from *iam.Permissions) []edge {
	if from.Identity == nil || from.Identity.Kind == model.Group {
		return nil
	}
	assume := an.Catalog.Action("sts:AssumeRole")
	var out []edge
	for _, tr := range roles {
		to, role := tr.role, tr.role.Identity
		if role == from.Identity {
			continue
		}
		named, open := false, false
		var trustStmts []*iam.Stmt
		for _, s := range tr.stmts {
			switch trusts(an.Inventory, s.Principal, from.Identity) {
			case trustNamed:
				named = true
				trustStmts = append(trustStmts, s)
			case trustAccount:
				open = true
				trustStmts = append(trustStmts, s)
			}
		}
		if !named && !open {
			continue
		}
		e := edge{role: to, verdict: Allowed}
		conditioned := true
		for _, s := range trustStmts {
			e.why = append(e.why, statement("trust", s))
			conditioned = conditioned && s.Condition.Set
		}
		if conditioned {
			e.verdict = Conditional
		}
		own := Evaluate(an, from, Query{Action: assume, role: role})
		switch {
		case own.Verdict == Denied:
			e.verdict = Denied
		case !named && own.Verdict == NotAllowed:
			continue // the trust delegates to the account; the account does not allow it
		case !named:
			e.verdict = weakest(e.verdict, own.Verdict)
		}
		for _, s := range own.Deciding {
			e.why = append(e.why, s)
		}
		e.notes = own.Notes
		if e.verdict == Denied || e.verdict == NotAllowed {
			continue
		}
		out = append(out, e)
	}
	return out
}

func statement(part string, s *iam.Stmt) Statement {
	st := Statement{Part: part, Effect: s.Effect.Text, Where: where(s), File: s.Loc.File, Line: s.Loc.StartLine, Conditions: conditions(s.Condition)}
	if s.Sid.IsKnown() {
		st.Sid = s.Sid.Text
	}
	return st
}

type trust int

const (
	trustNone    trust = iota
	trustNamed         // the trust policy names the principal
	trustAccount       // it trusts the account (or everyone), which delegates to identity policies
)

// trusts says how a trust statement's Principal admits an identity.
func trusts(inv *model.Inventory, p *model.Principal, id *model.Identity) trust {
	if p == nil {
		return trustNone
	}
	if p.Wildcard {
		return trustAccount
	}
	out := trustNone
	for _, e := range p.Entries {
		if !e.Type.Is("AWS") {
			continue
		}
		for _, v := range e.Values.Items {
			switch {
			case !v.IsKnown():
				if refersTo(v, id) {
					return trustNamed
				}
			case v.Text == "*":
				out = trustAccount
			case namesIdentity(v.Text, id):
				return trustNamed
			case accountOnly(v.Text) != "":
				if account := accountOnly(v.Text); inv.IsOwnAccount(account) || len(inv.OwnAccounts) == 0 {
					out = trustAccount
				}
			}
		}
	}
	return out
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

// namesIdentity reports whether an ARN names the identity (by kind and
// name; an assumed-role session ARN names its role).
func namesIdentity(arn string, id *model.Identity) bool {
	if !id.Name.IsKnown() {
		return false
	}
	if m := iamARN.FindStringSubmatch(arn); m != nil {
		name := m[3][strings.LastIndex(m[3], "/")+1:]
		return m[2] == string(id.Kind) && name == id.Name.Text
	}
	if rest, ok := strings.CutPrefix(arn, "arn:aws:sts::"); ok && id.Kind == model.Role {
		parts := strings.Split(rest, "/")
		return len(parts) >= 2 && strings.HasSuffix(parts[0], ":assumed-role") && parts[1] == id.Name.Text
	}
	return false
}

func weakest(a, b Verdict) Verdict {
	if rank[a] < rank[b] {
		return a
	}
	return b
}

// Can answers a query for a principal: its own answer first, then one per
// role it can reach through sts:AssumeRole that gives it more than it has
// itself or through a shorter chain, the chain's verdict being its weakest
// step's.
func Can(an *iam.Analysis, perm *iam.Permissions, q Query) []Answer {
	return can(an, perm, q, &edges{})
}

// edges memoizes the roles each principal can assume: the same for every
// question, and asked for again and again by WhoCan.
type edges struct {
	roles []trustingRole // nil until first needed
	found bool
	memo  map[*iam.Permissions][]edge
}

// trustingRole is a role whose trust policy has Allow statements for
// sts:AssumeRole that name AWS principals or everyone: the only roles
// another principal of the scan can assume.
type trustingRole struct {
	role  *iam.Permissions
	stmts []*iam.Stmt
}

func (g *edges) from(an *iam.Analysis, p *iam.Permissions) []edge {
	if !g.found {
		g.roles, g.found, g.memo = trustingRoles(an), true, make(map[*iam.Permissions][]edge)
	}
	if e, ok := g.memo[p]; ok {
		return e
	}
	e := assumable(an, g.roles, p)
	g.memo[p] = e
	return e
}

func trustingRoles(an *iam.Analysis) []trustingRole {
	assume := an.Catalog.Action("sts:AssumeRole")
	var out []trustingRole
	for _, p := range an.Principals() {
		id := p.Identity
		if id == nil || id.Kind != model.Role || id.Trust == nil || id.Trust.Document == nil {
			continue
		}
		tr := trustingRole{role: p}
		for _, st := range id.Trust.Document.Statements {
			s := an.Statement(st)
			if s != nil && st.Allows() && s.Matches(assume) && admitsAWS(st.Principal) {
				tr.stmts = append(tr.stmts, s)
			}
		}
		if len(tr.stmts) > 0 {
			out = append(out, tr)
		}
	}
	return out
}

// admitsAWS reports whether a Principal element can name an IAM principal:
// everyone, or an AWS entry.
func admitsAWS(p *model.Principal) bool {
	if p == nil {
		return false
	}
	if p.Wildcard {
		return true
	}
	for _, e := range p.Entries {
		if e.Type.Is("AWS") {
			return true
		}
	}
	return false
}

func can(an *iam.Analysis, perm *iam.Permissions, q Query, graph *edges) []Answer {
	out := []Answer{Evaluate(an, perm, q)}
	type path struct {
		at      *iam.Permissions
		chain   []string
		verdict Verdict
		why     []Statement
		notes   []string
	}
	best := out[0].Verdict
	visited := map[*iam.Permissions]bool{perm: true}
	queue := []path{{at: perm, verdict: Allowed}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if len(cur.chain) >= maxChain {
			continue
		}
		for _, e := range graph.from(an, cur.at) {
			if visited[e.role] {
				continue
			}
			visited[e.role] = true
			next := path{at: e.role, chain: append(slices.Clip(cur.chain), e.role.Meta().ID),
				verdict: weakest(cur.verdict, e.verdict), why: append(slices.Clip(cur.why), e.why...),
				notes: append(slices.Clip(cur.notes), e.notes...)}
			queue = append(queue, next)
			ans := Evaluate(an, e.role, q)
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

// WhoCan answers a query for every principal of the scan and returns the
// answers that are not "not allowed" (denied ones included: a Deny is
// worth knowing about), each principal's own answer before its chains.
func WhoCan(an *iam.Analysis, q Query) []Answer {
	var out []Answer
	graph := &edges{}
	for _, p := range an.Principals() {
		for _, ans := range can(an, p, q, graph) {
			if ans.Verdict != NotAllowed {
				out = append(out, ans)
			}
		}
	}
	return out
}
