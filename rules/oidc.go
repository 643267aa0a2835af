package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// oidcProvider is what iacscan knows of an OIDC identity provider: how to
// recognise it and what a subject condition must pin down for the trust to
// reach one workload (a repository, a service account) and no more.
type oidcProvider struct {
	name string
	// match reports whether a provider host (the part of the provider ARN
	// after "oidc-provider/", or the condition key prefix) is this one.
	match func(host string) bool
	// needsSub is false where the audience alone identifies the caller
	// (Cognito: the identity pool ID).
	needsSub bool
	// subProblem says why a subject value spans more than one workload, or
	// "" when it does not. like is set for StringLike, where * and ? are
	// wildcards.
	subProblem func(val string, like bool) string
	// tenant returns the one tenant of the provider (GitHub owner, GitLab
	// group, Terraform Cloud organization) a subject pattern stays within,
	// or "" when it can reach others'.
	tenant func(val string) string
	// perTenantIssuer is set where every issuer is one customer's (an EKS
	// cluster's OIDC issuer): nothing it signs is someone else's.
	perTenantIssuer bool
}

var oidcProviders = []oidcProvider{
	{
		name:       "GitHub Actions",
		match:      func(h string) bool { return strings.HasPrefix(h, "token.actions.githubusercontent.com") },
		needsSub:   true,
		subProblem: githubSubjectProblem,
		tenant:     firstField("repo:", "/"),
	},
	{
		name:            "EKS (IRSA)",
		match:           func(h string) bool { return strings.HasPrefix(h, "oidc.eks.") && strings.Contains(h, ".amazonaws.com") },
		needsSub:        true,
		subProblem:      fieldsProblem("system:serviceaccount:", ":", "service account", 2),
		perTenantIssuer: true,
	},
	{
		name:       "GitLab",
		match:      func(h string) bool { return h == "gitlab.com" || strings.HasPrefix(h, "gitlab.") },
		needsSub:   true,
		subProblem: fieldsProblem("project_path:", "/", "project", 2),
		tenant:     firstField("project_path:", "/"),
	},
	{
		name:       "Terraform Cloud",
		match:      func(h string) bool { return h == "app.terraform.io" || strings.HasPrefix(h, "app.terraform.io/") },
		needsSub:   true,
		subProblem: terraformCloudProblem,
		tenant: func(val string) string {
			org, _ := tfcFields(val)
			return org
		},
	},
	{
		name:     "Amazon Cognito",
		match:    func(h string) bool { return h == "cognito-identity.amazonaws.com" },
		needsSub: false,
	},
}

// genericOIDC stands for any other provider: both conditions are needed
// and a subject that is only a wildcard is a finding.
var genericOIDC = oidcProvider{
	name:     "OIDC",
	needsSub: true,
	subProblem: func(val string, like bool) string {
		if like && strings.Trim(val, "*?") == "" {
			return "matches every subject"
		}
		return ""
	},
}

// lookupOIDC finds the provider for a host; unknown hosts are generic.
func lookupOIDC(host string) oidcProvider {
	for _, p := range oidcProviders {
		if p.match(host) {
			return p
		}
	}
	return genericOIDC
}

// fieldsProblem checks subjects of the form prefix + "a<sep>b<…>" where the
// first n separator-delimited parts name one workload (owner/repository,
// namespace:service-account) and must be free of wildcards.
func fieldsProblem(prefix, sep, what string, n int) func(string, bool) string {
	return func(val string, like bool) string {
		if !like || !strings.ContainsAny(val, "*?") {
			return ""
		}
		rest, ok := strings.CutPrefix(val, prefix)
		if !ok {
			return fmt.Sprintf("`%s` does not start with `%s`, so it can match any %s", val, prefix, what)
		}
		// The workload's name ends at the next ":" (GitHub's ":ref:…",
		// GitLab's ":ref_type:…"); EKS subjects are all ":"-separated.
		parts := strings.SplitN(rest, sep, n)
		if sep != ":" && len(parts) == n {
			parts[n-1], _, _ = strings.Cut(parts[n-1], ":")
		}
		if len(parts) < n {
			return fmt.Sprintf("`%s` can match more than one %s", val, what)
		}
		for _, p := range parts[:n] {
			if strings.ContainsAny(p, "*?") {
				return fmt.Sprintf("`%s` matches more than one %s", val, what)
			}
		}
		return ""
	}
}

// githubSubjectProblem checks a GitHub Actions subject. The default one
// starts with repo:OWNER/NAME. A repository or organisation may customise
// its subject to other claims (environment:prod, workflow:deploy,
// job_workflow_ref:…): then only a repository or repository_id claim pins
// the repository, since anyone can give their own repository a template
// that yields environment:prod.
func githubSubjectProblem(val string, like bool) string {
	if strings.Contains(val, "${") {
		return "" // a policy variable or template placeholder: not judged
	}
	if strings.HasPrefix(val, "repo:") {
		return fieldsProblem("repo:", "/", "repository", 2)(val, like)
	}
	wild := func(s string) bool { return s == "" || like && strings.ContainsAny(s, "*?") }
	fields := strings.Split(val, ":")
	for i := 0; i+1 < len(fields); i += 2 {
		switch fields[i] {
		case "repository", "repository_id":
			if !wild(fields[i+1]) {
				return ""
			}
		}
	}
	first, _, _ := strings.Cut(val, ":")
	if like && strings.Trim(first, "*?") == "" {
		return fmt.Sprintf("`%s` does not start with `repo:`, so it can match any repository", val)
	}
	return fmt.Sprintf("`%s` names no repository: any repository can choose a subject starting with `%s:`, so it can match any repository", val, first)
}

// terraformCloudProblem checks "organization:O:project:P:workspace:W:…":
// the organisation and the workspace must be fixed.
func terraformCloudProblem(val string, like bool) string {
	if !like || !strings.ContainsAny(val, "*?") {
		return ""
	}
	org, ws := tfcFields(val)
	if org == "" || ws == "" || strings.ContainsAny(org+ws, "*?") {
		return fmt.Sprintf("`%s` matches more than one organization or workspace", val)
	}
	return ""
}

// tfcFields returns the organization and workspace of a Terraform Cloud
// subject; a wildcard organization is returned as "".
func tfcFields(val string) (org, ws string) {
	fields := strings.Split(val, ":")
	for i := 0; i+1 < len(fields); i += 2 {
		switch fields[i] {
		case "organization":
			org = fields[i+1]
		case "workspace":
			ws = fields[i+1]
		}
	}
	if strings.ContainsAny(org, "*?") {
		org = ""
	}
	return org, ws
}

// firstField returns a tenant function for subjects prefix + "TENANT<sep>…":
// the tenant when it is written out, without wildcards.
func firstField(prefix, sep string) func(string) string {
	return func(val string) string {
		rest, ok := strings.CutPrefix(val, prefix)
		if !ok {
			return ""
		}
		t, _, ok := strings.Cut(rest, sep)
		if !ok || t == "" || strings.ContainsAny(t, "*?") {
			return ""
		}
		return t
	}
}

// oidcHost returns the provider host of a federated principal: the part of
// an oidc-provider ARN after "oidc-provider/", or a bare provider name
// (cognito-identity.amazonaws.com). ok is false for unknown values and SAML.
func oidcHost(v model.Value) (string, bool) {
	if !v.IsKnown() {
		return "", false
	}
	if _, after, ok := strings.Cut(v.Text, ":oidc-provider/"); ok {
		return after, true
	}
	if strings.HasPrefix(v.Text, "arn:") {
		return "", false
	}
	return v.Text, true
}
