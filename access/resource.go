package access

import (
	"regexp"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// principalKind is how a resource policy's statement names the principal.
type principalKind int

const (
	principalNone    principalKind = iota
	principalSelf                  // its own ARN: an IAM user, or a role (then its boundary limits the grant)
	principalSession               // a session of the role (assumed-role ARN)
	principalAnyone                // "*", or everyone but those NotPrincipal names
	principalAccount               // its account, which delegates to identity policies
)

// fromResource is what the resource's own policies say: the grants that
// name the principal, the Denies, and whether the resource's policy must
// allow (a key policy, a role's trust) or the request crosses accounts.
type fromResource struct {
	grants, denies hits
	step           Step
	// required: the resource's policy must allow the request (a KMS key,
	// a role's trust policy): identity policies alone do not reach it.
	required bool
	// cross: the principal's and the resource's accounts differ.
	cross bool
	// note says what the engine could not tell about the resource's policy.
	note          string
	unknownPolicy bool // the note makes the answer unknown
	// hidden names a policy of the resource (or one whose owner is known
	// only after apply) known only after apply: it could allow on its
	// own, or be the key policy that must allow, so "not allowed" is not
	// known either.
	hidden string
}

// resourcePolicies applies the policies of the resource the request names:
// the role's trust policy for sts:AssumeRole on a role, the resource
// policies of the scan that cover the resource otherwise.
func (e *evaluation) resourcePolicies() fromResource {
	r := e.r
	out := fromResource{step: StepResource}
	if assumesRole(r.Action) && (r.role != nil || strings.Contains(r.Resource, ":role/")) {
		return e.trustPolicy()
	}
	resAccount := r.ResourceAccount
	if resAccount == "" && r.Resource != "" {
		resAccount = arnAccount(r.Resource)
	}
	out.cross = e.vars.account != "" && resAccount != "" && resAccount != e.vars.account
	kms := r.Action.Service.Prefix == "kms"
	found, seen, hidden := false, false, ""
	for _, p := range e.r.resourcePolicies(e.an) {
		own := e.ownsResource(p)
		if own == no && r.named() && !e.namesResource(p) && !e.protectsObject(p) {
			continue
		}
		seen = seen || own == yes || r.named()
		if (p.Document.Unknown || p.Document.StatementsUnknown) && hidden == "" {
			switch {
			case own == yes || e.protectsObject(p):
				hidden = "the policy `" + p.ID + "` of " + r.Resource
			case own == maybe:
				// Its owner too is known only after apply: it may be
				// the resource's policy.
				hidden = "the policy `" + p.ID + "`, which may be the policy of " + r.Resource + ","
			}
		}
		if own == yes && p.Service == "kms" {
			found = true
		} else if own == maybe && kms && p.Service == "kms" && !found {
			out.note = "whether the key policy of `" + p.ID + "` is the policy of " + r.Resource + " is known only after apply"
			out.unknownPolicy = true
		}
		for _, st := range p.Document.Statements {
			s := e.an.Statement(st)
			if s == nil || !s.Grants(r.Action) {
				continue
			}
			var h holds
			if r.named() && !st.NotResource.Set {
				h = e.ownedResource(p, st, own).and(evalConditions(st.Condition, r, e.vars))
			} else {
				h = e.applies(s, st.Denies() && r.named())
			}
			if h.v == no {
				continue
			}
			who, wh := e.principal(st)
			if who == principalNone {
				continue
			}
			h = h.and(wh)
			x := hit{s: s, h: h, who: who}
			switch {
			case st.Allows():
				x.part = "resource policy grant"
				out.grants = append(out.grants, x)
			case st.Denies() && r.named():
				x.part = "resource policy deny"
				out.denies = append(out.denies, x)
			case st.Denies():
				e.ans.note("a Deny in %s takes it away on its resources", where(s))
			}
		}
	}
	if kms && found {
		out.required = true
		out.note, out.unknownPolicy = "", false
	}
	if hidden != "" {
		out.hidden = hidden
		out.note, out.unknownPolicy = hidden+" is not known before deploy", true
	}
	if out.cross && !seen {
		out.note = "the policy of " + r.Resource + " (account " + resAccount + ") is not in the scan: across accounts it must allow too"
		out.unknownPolicy = true
		out.cross = false // the identity side is all the scan can judge
	}
	return out
}

// ownedResource is how a resource policy statement's Resource covers the
// request's resource: "*" there is the policy's own resource, so it covers
// the request's only when the policy is that resource's (own).
func (e *evaluation) ownedResource(p *model.Policy, st *model.Statement, own tri) holds {
	out := holds{v: no}
	for _, v := range st.Resource.Items {
		if v.Is("*") {
			switch own {
			case yes:
				return holdsYes
			case maybe:
				out = or(out, holds{v: maybe, unknown: "whether `" + p.ID + "` is the policy of " + e.r.Resource})
			}
			continue
		}
		out = or(out, e.match(v))
		if out.v == yes {
			return out
		}
	}
	if st.Resource.Unknown {
		out = or(out, holds{v: maybe, unknown: "resources known only after apply"})
	}
	return out
}

// ownsResource reports whether a resource policy is the policy of the
// request's resource: its owner is the element the request names, or an
// owner whose name or ARN is the resource; maybe when the owner's ARN is
// known only after apply.
func (e *evaluation) ownsResource(p *model.Policy) tri {
	r := e.r
	if r.Resource == "" {
		return no
	}
	element := !strings.HasPrefix(r.Resource, "arn:")
	if !element && p.Service != "" && !strings.HasPrefix(p.Service, arnService(r.Resource)) {
		return no
	}
	out := no
	for _, o := range p.Owners {
		switch {
		case o.ID != "" && o.ID == r.Resource:
			return yes
		case element:
		case o.Value.IsKnown() && o.Value.Text != "" && (o.Value.Text == r.Resource || strings.HasSuffix(r.Resource, ":"+o.Value.Text) || strings.HasSuffix(r.Resource, "/"+o.Value.Text)):
			return yes
		case !o.Value.IsKnown():
			out = maybe
		}
	}
	return out
}

// protectsObject reports whether the policy is a bucket policy of the
// bucket that holds the request's object: a bucket policy whose document
// is not known names no object, yet governs them all.
func (e *evaluation) protectsObject(p *model.Policy) bool {
	bucket, _, ok := strings.Cut(strings.TrimPrefix(e.r.Resource, "arn:aws:s3:::"), "/")
	if p.Service != "s3" || !ok || !strings.HasPrefix(e.r.Resource, "arn:aws:s3:::") {
		return false
	}
	for _, o := range p.Owners {
		if o.Value.IsKnown() && (o.Value.Text == bucket || o.Value.Text == "arn:aws:s3:::"+bucket) {
			return true
		}
	}
	return false
}

// namesResource reports whether some statement of the policy names the
// request's resource by ARN (a bucket policy names its objects).
func (e *evaluation) namesResource(p *model.Policy) bool {
	for _, st := range p.Document.Statements {
		for _, v := range st.Resource.Items {
			if v.IsKnown() && v.Text != "*" && iam.Covers(v.Text, e.r.Resource) {
				return true
			}
		}
		if st.NotResource.Set {
			return true
		}
	}
	return false
}

// trustPolicy applies a role's trust policy to sts:AssumeRole on the role:
// it must allow the principal, or its account (then identity policies must
// allow too); its Denies deny.
func (e *evaluation) trustPolicy() fromResource {
	out := fromResource{step: StepTrust, required: true}
	// A role of another account: its trust and the principal's own
	// policies must both allow.
	out.cross = e.vars.account != "" && e.r.ResourceAccount != "" && e.r.ResourceAccount != e.vars.account
	role := e.r.role
	if role == nil || role.Trust == nil || role.Trust.Document == nil {
		out.required = false
		out.note = "the trust policy of " + e.r.Resource + " is not in the scan: it must allow the principal too"
		out.unknownPolicy = true
		return out
	}
	for _, st := range role.Trust.Document.Statements {
		s := e.an.Statement(st)
		if s == nil || !s.Grants(e.r.Action) {
			continue
		}
		who, wh := e.principal(st)
		if who == principalNone {
			continue
		}
		h := evalConditions(st.Condition, e.r, e.vars).and(wh)
		if h.v == no {
			continue
		}
		x := hit{s: s, h: h, who: who, part: "trust"}
		switch {
		case st.Allows():
			out.grants = append(out.grants, x)
		case st.Denies():
			x.part = "trust deny"
			out.denies = append(out.denies, x)
		}
	}
	if role.Trust.Document.Unknown || role.Trust.Document.StatementsUnknown {
		out.note, out.unknownPolicy = "the trust policy of `"+role.ID+"` is not known before deploy", true
	}
	return out
}

func assumesRole(a *iam.Action) bool {
	return a.Service.Prefix == "sts" && strings.HasPrefix(a.Name, "AssumeRole")
}

// principal says how a statement's Principal (or NotPrincipal) names the
// principal of the request.
func (e *evaluation) principal(st *model.Statement) (principalKind, holds) {
	id := e.perm.Identity
	if id == nil {
		if e.anonymous && anonymousPrincipal(st) {
			return principalAnyone, holdsYes
		}
		return principalNone, holds{v: no}
	}
	if np := st.NotPrincipal; np != nil {
		if np.Unknown {
			return principalAnyone, holds{v: maybe, unknown: "a NotPrincipal known only after apply"}
		}
		if e.excludedBy(np, st.Denies()) {
			return principalNone, holds{v: no}
		}
		return principalAnyone, holdsYes
	}
	p := st.Principal
	if p == nil {
		return principalNone, holds{v: no}
	}
	if p.Unknown {
		return principalAnyone, holds{v: maybe, unknown: "a Principal known only after apply"}
	}
	if p.Wildcard {
		return principalAnyone, holdsYes
	}
	out, h := principalNone, holds{v: no}
	for _, en := range p.Entries {
		if !en.Type.Is("AWS") {
			continue
		}
		for _, v := range en.Values.Items {
			k, kh := e.names(v)
			if k == principalNone {
				if !v.IsKnown() && !wholeReference.MatchString(v.Text) && h.v == no {
					out, h = principalAnyone, holds{v: maybe, unknown: "a principal known only after apply (" + v.String() + ")"}
				}
				continue
			}
			if kh.v == yes && k != principalAccount {
				return k, kh
			}
			if h.v != yes {
				out, h = k, kh
			}
		}
	}
	return out, h
}

// names says how one principal identifier names the request's principal.
// A session ARN names the request's session (Request.Session); when the
// request names none, which session asks decides.
func (e *evaluation) names(v model.Value) (principalKind, holds) {
	id := e.perm.Identity
	if !v.IsKnown() {
		if refersTo(v, id) {
			return principalSelf, holdsYes
		}
		return principalNone, holds{v: no}
	}
	s := v.Text
	if s == "*" {
		return principalAnyone, holdsYes
	}
	if account := accountOnly(s); account != "" {
		if e.vars.account == account || e.vars.account == "" && (len(e.an.Inventory.OwnAccounts) == 0 || e.an.Inventory.IsOwnAccount(account)) {
			return principalAccount, holdsYes
		}
		return principalNone, holds{v: no}
	}
	if m := iamARN.FindStringSubmatch(s); m != nil {
		if !e.sameAccount(m[1]) || !id.Name.IsKnown() {
			return principalNone, holds{v: no}
		}
		name := m[3][strings.LastIndex(m[3], "/")+1:]
		if m[2] == string(id.Kind) && name == id.Name.Text {
			return principalSelf, holdsYes
		}
		return principalNone, holds{v: no}
	}
	if m := sessionARN.FindStringSubmatch(s); m != nil && id.Kind == model.Role && id.Name.IsKnown() {
		if e.sameAccount(m[1]) && m[2] == id.Name.Text {
			switch e.r.Session {
			case m[3]:
				return principalSession, holdsYes
			case "":
				return principalSession, holds{v: maybe, unknown: "which session of the role asks (" + s + " names one)"}
			}
		}
	}
	return principalNone, holds{v: no}
}

// excludedBy reports whether a NotPrincipal element leaves the principal
// out. As AWS documents, the element must name the principal's account
// and the principal (a user's ARN; a role's ARN or its session's), and a
// Deny's never leaves out a principal with a permissions boundary (AWS
// states that rule for Deny only: an Allow's leaves it out as any other).
func (e *evaluation) excludedBy(np *model.Principal, deny bool) bool {
	if np.Wildcard {
		return true
	}
	if deny && e.perm.Boundary != nil {
		return false
	}
	self, account := false, false
	for _, en := range np.Entries {
		if !en.Type.Is("AWS") {
			continue
		}
		for _, v := range en.Values.Items {
			k, h := e.names(v)
			switch {
			case h.v != yes:
			case k == principalAccount:
				account = true
			case k == principalSession, k == principalSelf:
				self = true
			}
		}
	}
	return self && account
}

func (e *evaluation) sameAccount(account string) bool {
	return account == "" || account == "*" || e.vars.account == "" || account == e.vars.account
}

// sessionARN matches an assumed-role session ARN: account, role name,
// session name.
var sessionARN = regexp.MustCompile(`^arn:aws[a-z-]*:sts::(\d{12}):assumed-role/([^/]+)/(.+)$`)

// arnAccount returns an ARN's account field when it is an account ID.
func arnAccount(arn string) string {
	f := strings.SplitN(arn, ":", 6)
	if len(f) == 6 && len(f[4]) == 12 && strings.Trim(f[4], "0123456789") == "" {
		return f[4]
	}
	return ""
}

func arnService(arn string) string {
	f := strings.SplitN(arn, ":", 4)
	if len(f) >= 3 {
		return f[2]
	}
	return ""
}

// targetRole finds the role of the scan a request's resource names: by
// element ID, or by the name in a role ARN.
func targetRole(an *iam.Analysis, resource string) *model.Identity {
	name, byID := resource, true
	if m := iamARN.FindStringSubmatch(resource); m != nil && m[2] == string(model.Role) {
		name, byID = m[3][strings.LastIndex(m[3], "/")+1:], false
	} else if strings.HasPrefix(resource, "arn:") || resource == "*" {
		return nil
	}
	for _, p := range an.Principals() {
		id := p.Identity
		if id != nil && id.Kind == model.Role && (byID && id.ID == name || !byID && id.Name.Is(name)) {
			return id
		}
	}
	return nil
}

// awsRule answers requests that AWS's own rules decide, whatever the
// policies say, and reports whether it did.
func (e *evaluation) awsRule() bool {
	a := e.r.Action
	if a.String() == "sts:GetCallerIdentity" {
		e.ans.Verdict, e.ans.Step = Allowed, StepAWS
		e.ans.note("AWS lets every principal call sts:GetCallerIdentity; no policy can deny it")
		return true
	}
	if why := awsOwnedWhy(a, e.r.Resource); why != "" {
		e.ans.Verdict, e.ans.Step = NotAllowed, StepAWS
		e.ans.note("%s", why)
		return true
	}
	return false
}

// awsOwned reports whether a change to the resource is AWS's alone.
func awsOwned(a *iam.Action, resource string) bool { return awsOwnedWhy(a, resource) != "" }

// awsOwnedWhy says why no customer may change a resource with the action:
// an AWS managed policy, a service-linked role, an alias of an AWS managed
// key; "" for any other.
func awsOwnedWhy(a *iam.Action, resource string) string {
	if !isChange(a) {
		return ""
	}
	switch {
	case a.Service.Prefix == "iam" && awsManagedPolicy.MatchString(resource):
		return "AWS managed policies cannot be changed by a customer"
	case a.Service.Prefix == "iam" && strings.Contains(resource, ":role/aws-service-role/"):
		return "service-linked roles are changed only by the service that owns them"
	case a.Service.Prefix == "kms" && strings.Contains(resource, ":alias/aws/"):
		return "aliases under alias/aws/ belong to AWS managed keys and cannot be changed by a customer"
	}
	return ""
}

func isChange(a *iam.Action) bool {
	return a.Level == iam.Write || a.Level == iam.PermissionsManagement || a.Level == iam.Tagging
}

var awsManagedPolicy = regexp.MustCompile(`^arn:aws[a-z-]*:iam::aws:policy/`)

// policyIndex holds what many requests on one scan share: its resource
// policies, listed once instead of by every evaluation (who-can evaluates
// every principal).
type policyIndex struct {
	resource []*model.Policy // with a document
}

func buildPolicyIndex(inv *model.Inventory) *policyIndex {
	ix := &policyIndex{}
	for _, p := range inv.Policies {
		if p.IsResourcePolicy() && p.Document != nil {
			ix.resource = append(ix.resource, p)
		}
	}
	return ix
}

// Shared lists once, for every request of one scan made with the returned
// function, what the engine would otherwise collect at each evaluation (a
// rule that asks about many principals and actions).
func Shared(an *iam.Analysis) func(Request) Request {
	ix := buildPolicyIndex(an.Inventory)
	return func(r Request) Request {
		r.shared = ix
		return r
	}
}

// resourcePolicies returns the scan's resource policies, from the index
// the request shares with others when it has one.
func (r *Request) resourcePolicies(an *iam.Analysis) []*model.Policy {
	if r.shared == nil {
		r.shared = buildPolicyIndex(an.Inventory)
	}
	return r.shared.resource
}
