package iam

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Reaches reports whether a policy resource entry can grant (or deny) the
// action: it can name a resource of one of the action's types, or, for an
// action without any, it is "*" or a wildcard pattern of the action's own
// service (arn:aws:s3:::* for s3:ListAllMyBuckets, but not for
// iam:ListRoles). A request for such an action is for every resource, so
// nothing narrower, and nothing of another service, can match it.
func (a *Action) Reaches(entry string) bool {
	if entry == "*" {
		return true
	}
	if !a.ResourceLevel() {
		var buf [6]string
		if f := splitARN(buf[:0], entry); len(f) >= 3 && !strings.ContainsAny(f[2], "*?$") && !strings.EqualFold(f[2], a.Service.Prefix) {
			return false
		}
	}
	return a.Accepts(entry)
}

// scopeOf returns the actions a statement's resources can reach, when its
// action entries reach beyond the services its resources name: `Action:
// "*"` on S3 ARNs grants no IAM action. ok is false when the statement's
// actions need no such narrowing (or its resources are not all known).
func (an *Analysis) scopeOf(s *Stmt) (ActionSet, bool) {
	st := s.Statement
	if st.NotResource.Set || !st.Resource.AllKnown() || len(st.Resource.Items) == 0 || s.UnknownActions {
		return ActionSet{}, false
	}
	services := map[string]bool{}
	for _, r := range st.Resource.Items {
		var buf [6]string
		f := splitARN(buf[:0], r.Text)
		if r.Text == "*" || len(f) < 3 || strings.ContainsAny(f[2], "*?$") {
			return ActionSet{}, false
		}
		services[strings.ToLower(f[2])] = true
	}
	entries := st.Action
	if st.NotAction.Set {
		entries = st.NotAction
	}
	beyond := st.NotAction.Set
	for _, e := range entries.Items {
		prefix, _, _ := strings.Cut(strings.ToLower(e.Text), ":")
		beyond = beyond || strings.ContainsAny(prefix, "*?") || !services[prefix]
	}
	if !beyond {
		return ActionSet{}, false
	}
	b := an.Catalog.builder()
	for a := range an.Catalog.Actions(s.actions(an.Catalog)) { // what it says
		if reachesAny(a, st.Resource) {
			b.add(a.index)
		}
	}
	return b.set(), true
}

func reachesAny(a *Action, vs model.Values) bool {
	for _, v := range vs.Items {
		if a.Reaches(v.Text) {
			return true
		}
	}
	return false
}
