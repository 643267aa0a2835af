package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// OIDCTrust finds web-identity trust policies that any workload of the
// identity provider can satisfy.
var OIDCTrust = &Rule{
	ID:       "IAM303",
	Name:     "oidc-trust-unconstrained",
	Title:    "Web-identity trust without a narrow subject",
	Severity: Critical,
	Practice: "Require workloads to use temporary credentials; federate with an identity provider",
	Description: "A role that trusts an OIDC provider (`sts:AssumeRoleWithWebIdentity`) accepts every token the " +
		"provider signs unless its conditions pin down whose. GitHub Actions signs tokens for every " +
		"repository on GitHub, an EKS cluster for every service account in it, Cognito for every identity " +
		"pool of every account: a trust without a subject (or audience) condition, or with a wildcard that " +
		"spans repositories, lets someone else's workflow or pod take the role.\n\n" +
		"Known providers are judged by what a safe condition looks like for each: GitHub " +
		"`token.actions.githubusercontent.com:sub` fixed to `repo:OWNER/REPO…`; EKS `oidc.eks.…:sub` to " +
		"`system:serviceaccount:NAMESPACE:NAME`; GitLab `project_path:GROUP/PROJECT…`; Terraform Cloud " +
		"`organization:ORG:…:workspace:WS…`; Cognito `cognito-identity.amazonaws.com:aud` set to the identity " +
		"pool. Other providers need both `aud` and a `sub` that is not a bare wildcard. Wildcards after the " +
		"repository (`repo:org/app:*`) are fine; `StringEquals` never treats `*` as a wildcard." +
		"\n\n**Severity follows breadth.** Critical when anyone's workload can take the role: no " +
		"subject condition on a provider that signs for every customer, or a subject pattern open across " +
		"owners (`repo:*`). **High** when the trust stays within one customer, and the message says which: " +
		"every repository of one owner (`repo:my-org/*`), any service account of one EKS cluster (its issuer " +
		"is the cluster's), or an issuer URL that names one organization with the audience pinned " +
		"(CircleCI's `oidc.circleci.com/org/ID`). Those are a colleague's workflow taking the role, not a stranger's.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_role" "deploy" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:my-org/*" } }
    }]
  })
}`},
	},
	Fix: "pin sub to one workload, and aud",
	Remediation: "Add a `StringEquals` (or `StringLike` with wildcards only after the repository or service account) " +
		"condition on the provider's `sub` key naming the one workload, and one on `aud` naming the audience " +
		"(`sts.amazonaws.com` for GitHub and EKS, the identity pool ID for Cognito).",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_role" "deploy" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:my-org/deploy:ref:refs/heads/main" }
      }
    }]
  })
}`},
		{CloudFormation, `DeployRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: { Federated: !Ref GitHubProvider }
          Action: sts:AssumeRoleWithWebIdentity
          Condition:
            StringEquals: { token.actions.githubusercontent.com:aud: sts.amazonaws.com }
            StringLike: { token.actions.githubusercontent.com:sub: "repo:my-org/deploy:*" }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub",
		"https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
		"https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
		"https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html",
	},
	Since: "0.1.0",
	Check: checkOIDCTrust,
}

func checkOIDCTrust(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !pol.IsTrustPolicy() || !st.Allows() || !grants(st, "sts:AssumeRoleWithWebIdentity") || st.Condition.Unknown {
			continue
		}
		for _, fed := range principalValues(st.Principal, "Federated") {
			host, ok := oidcHost(fed)
			switch {
			case !ok && fed.IsKnown():
				continue // a SAML provider
			case !ok:
				// The provider's ARN is a reference; its claim keys name it.
				// With no claim condition at all, every provider is open.
				host, _ = hostFromConditions(st)
			}
			prov := lookupOIDC(host)
			if msg, loc, sub := oidcProblem(st, host, prov); msg != "" {
				if loc.IsZero() {
					loc = st.Principal.Loc
				}
				within := oneTenant(st, host, prov, sub)
				if within != "" {
					msg += "; " + within
				}
				f := pass.Reportf(&pol.Meta, loc, "%s trusts %s provider `%s` in %s: %s",
					policyLabel(pol), prov.name, displayHost(host, fed), statementLabel(st), msg)
				if within != "" {
					pass.Lower(f, High)
				}
			}
		}
	}
}

// oidcProblem judges a statement's aud and sub conditions for a provider
// and returns what is wrong ("" when nothing is, or when values are
// unknown), where, and the sub condition at fault (nil when there is none).
func oidcProblem(st *model.Statement, host string, prov oidcProvider) (string, model.Location, *model.Condition) {
	aud, audUnknown := claimConditions(st, host, "aud")
	sub, subUnknown := claimConditions(st, host, "sub")
	if audUnknown || subUnknown {
		return "", model.Location{}, nil
	}
	if prov.needsSub {
		if len(sub) == 0 {
			return "no condition on the `sub` claim, so any workload the provider issues tokens for can assume the role", model.Location{}, nil
		}
		var problem string
		var at *model.Condition
		for _, c := range sub {
			p := subjectProblem(c, prov)
			if p == "" {
				return audProblem(prov, aud), model.Location{}, nil // one narrow subject condition is enough
			}
			problem, at = p, c
		}
		return "the `sub` condition " + problem, at.Loc, at
	}
	return audProblem(prov, aud), model.Location{}, nil
}

// oneTenant says why an open trust still reaches only one customer's
// workloads, or "" when it reaches anyone's: the issuer is one customer's
// (an EKS cluster), the issuer URL names one organization and the audience
// is pinned (CircleCI's oidc.circleci.com/org/ID), or every subject the
// faulty sub condition allows is within one owner (repo:my-org/*). Such a
// trust is high, not critical: a colleague's workflow, not a stranger's.
func oneTenant(st *model.Statement, host string, prov oidcProvider, sub *model.Condition) string {
	switch aud, _ := claimConditions(st, host, "aud"); {
	case prov.perTenantIssuer:
		return "only workloads of this cluster's issuer can"
	case strings.Contains(host, "/") && len(aud) > 0:
		return fmt.Sprintf("the issuer `%s` is one organization's and the audience is pinned, so only its workloads can", host)
	case sub == nil || prov.tenant == nil:
		return ""
	}
	tenant := ""
	for _, v := range sub.Values.Items {
		t := prov.tenant(v.Text)
		if t == "" || tenant != "" && t != tenant {
			return ""
		}
		tenant = t
	}
	return fmt.Sprintf("all within `%s`", tenant)
}

// audProblem reports a missing audience where the provider needs one.
func audProblem(prov oidcProvider, aud []*model.Condition) string {
	if len(aud) > 0 || prov.name != genericOIDC.name && prov.needsSub {
		return ""
	}
	return "no condition on the `aud` claim, so tokens issued to any client of the provider are accepted"
}

// subjectProblem says why a sub condition reaches more than one workload.
func subjectProblem(c *model.Condition, prov oidcProvider) string {
	op := model.ParseOperator(c.Operator.Text)
	like := strings.HasSuffix(op.Name, "Like")
	for _, v := range c.Values.Items {
		if p := prov.subProblem(v.Text, like); p != "" {
			return p
		}
	}
	return ""
}

// claimConditions returns the statement's narrowing conditions on a claim
// ("aud", "sub") of the provider: positive operators only, since negated and
// IfExists ones let other tokens through. unknown is set when one of them
// has values not known before deploy.
func claimConditions(st *model.Statement, host, claim string) (conds []*model.Condition, unknown bool) {
	for i := range st.Condition.Items {
		c := &st.Condition.Items[i]
		if !c.Key.IsKnown() || !c.Operator.IsKnown() {
			return nil, true
		}
		keyHost, keyClaim, ok := cutLast(c.Key.Text, ":")
		if !ok || !strings.EqualFold(keyClaim, claim) || host != "" && !sameProvider(keyHost, host) {
			continue
		}
		op := model.ParseOperator(c.Operator.Text)
		if strings.Contains(op.Name, "Not") || op.IfExists || op.Name == "Null" || op.Qualifier == "ForAllValues" {
			continue
		}
		if !c.Values.AllKnown() {
			return nil, true
		}
		conds = append(conds, c)
	}
	return conds, false
}

// hostFromConditions finds the provider host from claim condition keys
// ("token.actions.githubusercontent.com:sub"), for a Federated principal
// whose ARN is not known before deploy.
func hostFromConditions(st *model.Statement) (string, bool) {
	for _, c := range st.Condition.Items {
		if host, claim, ok := cutLast(c.Key.Text, ":"); ok && c.Key.IsKnown() && (claim == "aud" || claim == "sub" || claim == "amr") {
			return host, true
		}
	}
	return "", false
}

// sameProvider reports whether a condition key's provider part names the
// provider host: equal, or one is the other with a path after it
// (token.actions.githubusercontent.com/my-org for GitHub's per-enterprise
// issuer, written either in the provider URL or in the key).
func sameProvider(keyHost, host string) bool {
	k, h := strings.ToLower(keyHost), strings.ToLower(host)
	return k == h || strings.HasPrefix(k, h+"/") || strings.HasPrefix(h, k+"/")
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func displayHost(host string, fed model.Value) string {
	if host != "" {
		return host
	}
	return fed.String()
}
