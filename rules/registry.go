package rules

import (
	"fmt"
	"path"
	"strings"
)

// All is the rule catalogue, sorted by ID. Adding a rule means adding its
// file, its fixtures and its line here; TestRegistry checks the rest.
var All = []*Rule{
	UserAccessKey,
	AccessKeySecretExposed,
	HardcodedCredentials,
	UserConsoleAndKeys,
	ConsoleUserWithoutMFA,
	PrivilegedActionWithoutMFA,
	MFAConditionMisuse,
	LongSessionDuration,
	WorkloadAccessKeys,
	FullAdmin,
	BroadAWSManagedPolicy,
	WildcardAction,
	WildcardResource,
	AllowNotAction,
	AllowNotResource,
	PrivilegeEscalation,
	PassRoleUnrestricted,
	PermissionsManagementUnrestricted,
	DataExfiltration,
	CredentialsExposure,
	TrustAnyPrincipal,
	CrossAccountTrust,
	OIDCTrust,
	PublicResourcePolicy,
	ServiceConfusedDeputy,
	InsecureTransport,
	AllowNotPrincipal,
	ShareOutsideOrganization,
	InlinePolicy,
	UserAttachedPolicy,
	UserWithoutGroup,
	EmptyGroup,
	UnattachedPolicy,
	InvalidPolicy,
	UnknownAction,
	ActionResourceMismatch,
	InvalidCondition,
	PolicyTooLarge,
	RedundantStatement,
	LegacyPolicyVersion,
	RoleWithoutBoundary,
	DelegationWithoutBoundary,
	WeakPasswordPolicy,
	SCPInvalid,
	IAMActivityNotLogged,
}

// Lookup finds a rule by ID, name or alias (case-insensitive).
func Lookup(all []*Rule, key string) *Rule {
	for _, r := range all {
		if r.matches(key, strings.EqualFold) {
			return r
		}
	}
	return nil
}

func (r *Rule) matches(pattern string, match func(pattern, name string) bool) bool {
	if match(pattern, r.ID) || match(pattern, r.Name) {
		return true
	}
	for _, a := range r.Aliases {
		if match(pattern, a) {
			return true
		}
	}
	return false
}

// globMatch matches a selection pattern such as "IAM2*" or "wildcard-*"
// against an ID or name, case-insensitively.
func globMatch(pattern, name string) bool {
	ok, _ := path.Match(strings.ToUpper(pattern), strings.ToUpper(name))
	return ok
}

// Select returns the rules matched by any include pattern and by no exclude
// pattern. With no include pattern it returns the default set: every rule
// but those off by default, plus those optIn names (settings that turn a
// rule on, such as require_boundaries). A pattern that matches no rule is
// an error: a typo must not silently select nothing.
func Select(all []*Rule, include, exclude []string, optIn ...string) ([]*Rule, error) {
	for _, p := range append(append(append([]string(nil), include...), exclude...), optIn...) {
		if _, err := path.Match(p, ""); err != nil {
			return nil, fmt.Errorf("bad rule pattern %q: %w", p, err)
		}
		if !anyMatch(all, p) {
			return nil, fmt.Errorf("rule pattern %q matches no rule", p)
		}
	}
	var out []*Rule
	for _, r := range all {
		if len(include) > 0 && !matchesAny(r, include) {
			continue
		}
		if len(include) == 0 && r.OffByDefault != "" && !matchesAny(r, optIn) {
			continue
		}
		if matchesAny(r, exclude) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

func anyMatch(all []*Rule, pattern string) bool {
	for _, r := range all {
		if r.matches(pattern, globMatch) {
			return true
		}
	}
	return false
}

func matchesAny(r *Rule, patterns []string) bool {
	for _, p := range patterns {
		if r.matches(p, globMatch) {
			return true
		}
	}
	return false
}
