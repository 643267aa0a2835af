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

// EveryResource reports whether a policy resource entry covers every
// resource the action can be asked for, as "*" does: each resource of
// each type the action requires (of one type it accepts, when it requires
// none: s3:GetObject takes an object by its bucket or by an access point)
// matches the entry, whatever its name, region and account
// (arn:aws:s3:::*/* for s3:GetObject, arn:aws:sqs:*:*:* for
// sqs:SendMessage). Only the partition may be fixed: an account's
// resources are all in one. A policy variable or an unresolved part makes
// the entry narrower than that. An action without resource types needs
// "*" itself.
func (a *Action) EveryResource(entry string) bool {
	if entry == "*" {
		return true
	}
	if !a.ResourceLevel() || !strings.HasPrefix(entry, "arn:") || strings.Contains(entry, "${") {
		return false
	}
	required := false
	for _, r := range a.Resources {
		required = required || r.Required
	}
	outer := globPattern(entry)
	for _, r := range a.Resources {
		if required && !r.Required {
			continue
		}
		covered := contains(outer, templatePattern(withPartition(r.Type.ARN, entry)))
		switch {
		case required && !covered:
			return false
		case !required && covered:
			return true
		}
	}
	return required
}

// withPartition returns an ARN format with the partition the entry names,
// when it names one literally.
func withPartition(format, entry string) string {
	var buf [6]string
	f := splitARN(buf[:0], entry)
	if len(f) < 3 || strings.ContainsAny(f[1], "*?") {
		return format
	}
	return strings.Replace(format, "arn:${Partition}:", "arn:"+f[1]+":", 1)
}

// contains reports whether every string the inner pattern matches, the
// outer one matches too: each of inner's runs must fall within a star of
// outer. Outer is a policy glob (literals, '*', '?'); inner an ARN format.
func contains(outer, inner pattern) bool {
	memo := make([]int8, (len(outer)+1)*(len(inner)+1)) // 0 unknown, 1 yes, 2 no
	var f func(i, j int) bool
	f = func(i, j int) bool {
		k := i*(len(inner)+1) + j
		if memo[k] != 0 {
			return memo[k] == 1
		}
		var ok bool
		switch {
		case i == len(outer):
			ok = j == len(inner)
		case outer[i].kind == '*':
			// The star matches nothing more, or takes inner's next token
			// (a literal byte, or a whole run).
			ok = f(i+1, j) || j < len(inner) && f(i, j+1)
		case j == len(inner) || inner[j].isStar():
			ok = false // a literal or '?' cannot take in a run of any length
		case outer[i].kind == '?' || outer[i].b == inner[j].b:
			ok = f(i+1, j+1)
		}
		memo[k] = 2
		if ok {
			memo[k] = 1
		}
		return ok
	}
	return f(0, 0)
}
