package rules

import (
	"sync"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
)

// verdicts memoizes the decision engine's answers on every resource ("*")
// for one run: the rules on grants confirm the same (holder, action) pairs.
type verdicts struct {
	mu     sync.Mutex
	seen   map[verdictKey]access.Verdict
	shared func(access.Request) access.Request // access.Shared, made with seen
}

type verdictKey struct {
	holder   *iam.Permissions
	action   *iam.Action
	resource string
}

// verdict is the engine's verdict for holder asking for a on resource:
// "*" is every resource (`iacscan can HOLDER A --resource '*'`), "" some
// resource (`can` without --resource).
func (p *Pass) verdict(holder *iam.Permissions, a *iam.Action, resource string) access.Verdict {
	an := p.IAM()
	vs := &p.shared.verdicts
	k := verdictKey{holder, a, resource}
	vs.mu.Lock()
	v, ok := vs.seen[k]
	if !ok && vs.seen == nil {
		vs.seen = map[verdictKey]access.Verdict{}
		vs.shared = access.Shared(an)
	}
	share := vs.shared
	vs.mu.Unlock()
	if ok {
		return v
	}
	// The engine runs outside the lock so that rules confirm in parallel;
	// two of them may ask the same question once each, with one answer.
	v = access.Decide(an, holder, share(access.Request{Action: a, Resource: resource}))
	vs.mu.Lock()
	vs.seen[k] = v
	vs.mu.Unlock()
	return v
}

// confirmed reports whether the engine confirms a candidate finding: some
// holder that the statement's grant of a reaches (the rule's own cheap
// check) is not refused a on resource for certain (see verdict). The
// rule's check stays the filter, so the engine is asked only about
// candidates, and only until one holder confirms.
//
// A rule reports the action unless every verdict is a known no (Denied,
// NotAllowed): an unknown never erases a known grant, and an action the
// rule's check does not find is never reported, so an unknown cannot
// invent one either.
func (p *Pass) confirmed(st *iam.Stmt, a *iam.Action, resource string) bool {
	for _, h := range p.IAM().Holders(st.Policy) {
		if h.Reaches(st, a) && !knownNo(p.verdict(h, a, resource)) {
			return true
		}
	}
	return false
}

// knownNo reports whether a verdict says for certain that the request is
// refused.
func knownNo(v access.Verdict) bool { return v == access.Denied || v == access.NotAllowed }
