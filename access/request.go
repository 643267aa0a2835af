package access

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// Verdict is the answer to one request.
type Verdict string

const (
	Allowed     Verdict = "allowed"           // granted with no condition, nothing denies it
	Conditional Verdict = "conditional"       // granted, but only when conditions hold (Answer.Needs names the keys)
	Denied      Verdict = "explicitly denied" // an explicit Deny applies
	NotAllowed  Verdict = "implicitly denied" // nothing grants it, or a step that must allow it does not
	Unknown     Verdict = "unknown"           // it depends on values known only after apply (the notes name them)
)

// rank orders verdicts from the strongest "yes" down, to pick the best
// path among role chains.
var rank = map[Verdict]int{Allowed: 4, Conditional: 3, Unknown: 2, Denied: 1, NotAllowed: 0}

// Stronger reports whether v lets the request through more than w does, in
// the order allowed, conditional, unknown, explicitly denied, implicitly
// denied.
func Stronger(v, w Verdict) bool { return rank[v] > rank[w] }

// Step is the step of AWS's evaluation logic that decided an answer.
type Step string

const (
	StepDeny     Step = "deny"            // an explicit Deny in any policy that applies
	StepGuard    Step = "guardrail"       // a policy that must allow (SCP, RCP, endpoint, session policy) does not
	StepResource Step = "resource policy" // the resource's policy (a key policy, a bucket policy)
	StepTrust    Step = "trust"           // the role's trust policy, for sts:AssumeRole
	StepIdentity Step = "identity"        // the principal's identity policies
	StepBoundary Step = "boundary"        // the permissions boundary
	StepAWS      Step = "aws"             // a rule of AWS's own: an action every principal may call, a resource no customer may change
)

// Request is one question put to the engine: may the principal perform
// the action on the resource, in this request context? Fields left empty
// are not known: the engine then says what it needs.
type Request struct {
	Action *iam.Action
	// Resource is the ARN the action is performed on; empty: some resource.
	Resource string
	// Context holds the request's condition keys (--context); keys it does
	// not mention are not known, so conditions on them stay conditional.
	Context Context
	// Session is the name of the role session that asks, when the
	// principal is named by its session ARN (see Find).
	Session string
	// PrincipalAccount and ResourceAccount are the accounts of the two
	// sides; empty: the scan's own account when it states one, else taken
	// to be one and the same.
	PrincipalAccount, ResourceAccount string
	// Guardrails are policies that must allow the request without granting
	// it: the SCPs of the principal's account, the RCPs of the resource's,
	// an endpoint or session policy. Each is evaluated as its own step.
	Guardrails []Guardrail

	// shared is what the requests of one query share (Can, WhoCan).
	shared *policyIndex

	// role, when set, is the resource: a role of the scan, whose ARN may
	// be known only after apply (a step of a role chain).
	role *model.Identity
}

// Query is the request of a command that names only action and resource.
type Query = Request

// named reports whether the request names a resource.
func (r *Request) named() bool { return r.Resource != "" || r.role != nil }

// Guardrail is a set of statements that must allow a request for it to be
// allowed, and whose Deny statements deny it: an SCP or RCP (every level
// from the organization root is one Guardrail), a VPC endpoint policy, a
// session policy.
type Guardrail struct {
	Step  Step   // what it is, for the answer: "scp", "rcp", "endpoint policy", "session policy"
	Name  string // the policy, for messages
	Stmts []*iam.Stmt
	// Default says the level also has the policy AWS attaches by default
	// (FullAWSAccess, RCPFullAWSAccess), which allows everything: only its
	// Denies decide.
	Default bool
	// Unknown, when set, says what of the guardrail the scan cannot read
	// (a policy not in the scan, a document known only after apply): it
	// may allow or deny, so an answer through it is unknown at best.
	Unknown string
}

// Context is a request context: condition keys with their values, and keys
// known to be absent. Keys compare without case, as IAM compares them.
type Context struct {
	values map[string][]string
	absent map[string]bool
}

// ParseContext reads --context arguments: KEY=VALUE sets a value (repeat
// the key for a multivalued key), KEY alone says the request does not
// carry the key.
func ParseContext(args []string) (Context, error) {
	var c Context
	for _, a := range args {
		key, value, ok := strings.Cut(a, "=")
		key = strings.TrimSpace(key)
		if key == "" {
			return Context{}, fmt.Errorf("--context %q: want KEY=VALUE, or KEY for a key the request does not carry", a)
		}
		if !ok {
			c.SetAbsent(key)
			continue
		}
		c.Add(key, value)
	}
	return c, nil
}

// Add gives a key one more value.
func (c *Context) Add(key, value string) {
	if c.values == nil {
		c.values = make(map[string][]string)
	}
	k := strings.ToLower(key)
	c.values[k] = append(c.values[k], value)
	delete(c.absent, k)
}

// SetAbsent says the request does not carry the key.
func (c *Context) SetAbsent(key string) {
	if c.absent == nil {
		c.absent = make(map[string]bool)
	}
	k := strings.ToLower(key)
	c.absent[k] = true
	delete(c.values, k)
}

// clone returns a copy that can change without changing c.
func (c Context) clone() Context {
	out := Context{absent: maps.Clone(c.absent)}
	if c.values != nil {
		out.values = make(map[string][]string, len(c.values))
		for k, vs := range c.values {
			out.values[k] = slices.Clone(vs)
		}
	}
	return out
}

// lookup returns a key's values; known is false when the context does not
// say whether the request carries it.
func (c Context) lookup(key string) (values []string, present, known bool) {
	k := strings.ToLower(key)
	if vs, ok := c.values[k]; ok {
		return vs, true, true
	}
	if c.absent[k] {
		return nil, false, true
	}
	return nil, false, false
}

// Statement is a policy statement that takes part in an answer.
type Statement struct {
	Part       string   `json:"part"` // "grant", "deny", "boundary", "trust", "resource policy grant", "resource policy deny", a guardrail's step
	Effect     string   `json:"effect"`
	Where      string   `json:"where"`
	Sid        string   `json:"sid,omitempty"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Conditions []string `json:"conditions,omitempty"`
}

// Answer is whether a principal may perform an action.
type Answer struct {
	Principal string  `json:"principal"`
	Kind      string  `json:"kind"`
	File      string  `json:"file"`
	Line      int     `json:"line"`
	Action    string  `json:"action"`
	Resource  string  `json:"resource"`
	Verdict   Verdict `json:"verdict"`
	// Step is the evaluation step that decided the verdict.
	Step Step `json:"step"`
	// Needs are the condition keys a conditional answer depends on, to
	// give with --context.
	Needs []string `json:"needs"`
	// Chain lists the roles assumed on the way, in order, when the access
	// is not the principal's own ("aws_iam_role.a", "aws_iam_role.b").
	Chain []string `json:"chain"`
	// Deciding are the statements that decide the verdict: the grants, the
	// Denies, the boundary's statements.
	Deciding []Statement `json:"deciding"`
	// Notes say what could not be known, and why a grant does not count.
	Notes []string `json:"notes"`
	// Unresolved are the attached policies the scan cannot show, each
	// named with why; Known is then what the known policies decide
	// (allowed, implicitly denied) when they decide it.
	Unresolved []Unresolved `json:"unresolved,omitempty"`
	Known      Verdict      `json:"known,omitempty"`
	// shared: another principal of the scan has the same address (in
	// another root module or template); text names the file.
	shared bool
	// allowedBy names the policies of the Allows among Deciding, once each.
	allowedBy []string
	// quiet: only the verdict is wanted (Decide), so nothing explains it.
	quiet bool
}

// Unresolved is an attached policy the scan cannot show.
type Unresolved struct {
	Attachment string `json:"attachment"`
	File       string `json:"file"`
	Line       int    `json:"line"`
	Policy     string `json:"policy"`
	Why        string `json:"why"`
	// Group is the group a user has the attachment through.
	Group string `json:"group,omitempty"`
	// note is the answer's note about it, which text shows once for all
	// the principals that hold the attachment.
	note string
}

// key identifies the attachment, whoever holds it.
func (u Unresolved) key() string { return fmt.Sprintf("%s\x00%s\x00%d", u.Attachment, u.File, u.Line) }

func unresolved(u iam.UnresolvedAttachment) Unresolved {
	out := Unresolved{Attachment: u.ID, File: filepath.ToSlash(u.Loc.File), Line: u.Loc.StartLine, Policy: u.Policy.String(), Why: u.Why(), note: u.String()}
	if u.Path != "" {
		out.Attachment += " " + u.Path
	}
	if u.Group != nil {
		out.Group = u.Group.ID
	}
	return out
}

func (ans *Answer) note(format string, args ...any) {
	if ans.quiet {
		return
	}
	n := fmt.Sprintf(format, args...)
	if !slices.Contains(ans.Notes, n) {
		ans.Notes = append(ans.Notes, n)
	}
}

func (ans *Answer) need(keys ...string) {
	if ans.quiet {
		return
	}
	for _, k := range keys {
		if !slices.ContainsFunc(ans.Needs, func(n string) bool { return strings.EqualFold(n, k) }) {
			ans.Needs = append(ans.Needs, k)
		}
	}
}

func (ans *Answer) add(part string, s *iam.Stmt) {
	if ans.quiet {
		return
	}
	ans.Deciding = append(ans.Deciding, statement(part, s))
	if s.Allows() && !slices.Contains(ans.allowedBy, s.Where()) {
		ans.allowedBy = append(ans.allowedBy, s.Where())
	}
}

func statement(part string, s *iam.Stmt) Statement {
	st := Statement{Part: part, Effect: s.Effect.Text, Where: where(s), File: s.Loc.File, Line: s.Loc.StartLine,
		Conditions: conditions(s.Condition)}
	if s.Sid.IsKnown() {
		st.Sid = s.Sid.Text
	}
	return st
}

func where(s *iam.Stmt) string {
	return fmt.Sprintf("%s, statement %d", s.Where(), s.Index+1)
}

func conditions(cs model.Conditions) []string {
	var out []string
	for _, c := range cs.Items {
		out = append(out, text(c.Operator)+" "+text(c.Key)+" "+strings.Join(texts(c.Values), ", "))
	}
	if cs.Unknown {
		out = append(out, "(known after apply)")
	}
	return out
}

func text(v model.Value) string {
	if v.IsKnown() {
		return v.Text
	}
	return "(known after apply: " + v.String() + ")"
}

func texts(vs model.Values) []string {
	var out []string
	for _, v := range vs.Items {
		out = append(out, text(v))
	}
	return out
}
