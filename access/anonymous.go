package access

import (
	"slices"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// AnonymousPrincipal is how answers name a request made without
// credentials.
const AnonymousPrincipal = "anyone (unauthenticated)"

// AnonymousKind is the kind of principal of an anonymous answer.
const AnonymousKind = "anonymous"

// authenticationKeys are the condition keys AWS sets only for a request
// signed by a principal: an anonymous request does not carry them, so a
// condition that needs one of them to hold never does.
var authenticationKeys = []string{
	"aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
	"aws:PrincipalType", "aws:PrincipalServiceName", "aws:PrincipalIsAWSService", "aws:userid", "aws:username",
	"aws:SourceIdentity", "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge",
	"aws:TokenIssueTime", "aws:FederatedProvider", "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID",
}

// Anonymous answers a request made without credentials: only a resource
// policy that allows everyone ("*") grants it, and only where its
// conditions hold for a request that carries none of the keys of an
// authenticated one; Denies for everyone, the RCPs of the resource's
// account and the request's guardrails (an endpoint policy) apply as for
// anyone. It needs a resource.
func Anonymous(an *iam.Analysis, r Request) Answer {
	e := &evaluation{an: an, perm: &iam.Permissions{}, r: &r, anonymous: true}
	res := r.Resource
	if res == "" {
		res = "*"
	}
	e.ans = Answer{Principal: AnonymousPrincipal, Kind: AnonymousKind, Action: r.Action.String(), Resource: res,
		Needs: []string{}, Chain: []string{}, Deciding: []Statement{}, Notes: []string{}}
	if !r.named() {
		e.ans.Verdict, e.ans.Step = NotAllowed, StepResource
		e.ans.note("only a resource policy grants anonymous access: name the resource (--resource)")
		return e.ans
	}
	r.Context = r.Context.clone() // the caller's request keeps its context
	for _, k := range authenticationKeys {
		if _, _, known := r.Context.lookup(k); !known {
			r.Context.SetAbsent(k)
		}
	}
	e.locate()
	r.Guardrails = append(slices.Clip(r.Guardrails), e.organizationGuardrails()...)
	e.decide()
	return e.ans
}

// opensToAnyone reports whether a resource policy of the scan grants the
// request to everyone, before any Deny: who-can lists anonymous access
// that something grants, even when a guardrail takes it away, and not
// every request that nothing grants and an RCP denies besides.
func opensToAnyone(an *iam.Analysis, r Request) bool {
	e := &evaluation{an: an, perm: &iam.Permissions{}, r: &r, anonymous: true}
	return len(e.resourcePolicies().grants) > 0
}

// anonymousPrincipal reports whether a statement's Principal takes in
// requests without credentials: "*" (or {"AWS": "*"}), or a NotPrincipal
// that does not leave out everyone.
func anonymousPrincipal(st *model.Statement) bool {
	if np := st.NotPrincipal; np != nil {
		return !np.Wildcard
	}
	p := st.Principal
	if p == nil {
		return false
	}
	if p.Wildcard {
		return true
	}
	for _, en := range p.Entries {
		if en.Type.Is("AWS") && en.Values.Has("*") {
			return true
		}
	}
	return false
}
