package rules_test

import (
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

func TestTrustRules(t *testing.T) {
	t.Parallel()
	const gh = `{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}`
	const ghAud = `"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}`
	tests := []struct {
		name      string
		rule      *rules.Rule
		trust     string
		cfg       *rules.Config
		n         int
		fragments []string
	}{
		{"301 star", rules.TrustAnyPrincipal, trustDoc(`"*"`, "sts:AssumeRole", ""), nil, 1, []string{"any principal"}},
		{"301 AWS star", rules.TrustAnyPrincipal, trustDoc(`{"AWS":"*"}`, "sts:AssumeRole", ""), nil, 1, nil},
		{"301 org condition", rules.TrustAnyPrincipal, trustDoc(`{"AWS":"*"}`, "sts:AssumeRole", `{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}`), nil, 0, nil},
		{"301 own org (org_ids)", rules.TrustAnyPrincipal, trustDoc(`{"AWS":"*"}`, "sts:AssumeRole", `{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}`), &rules.Config{OrgIDs: []string{"o-abc123"}}, 0, nil},
		{"301 other org (org_ids)", rules.TrustAnyPrincipal, trustDoc(`{"AWS":"*"}`, "sts:AssumeRole", `{"StringEquals":{"aws:PrincipalOrgID":"o-other9"}}`), &rules.Config{OrgIDs: []string{"o-abc123"}}, 1, []string{"admits organization `o-other9`, which is not one of yours (`org_ids`)"}},
		{"301 principal arn", rules.TrustAnyPrincipal, trustDoc(`"*"`, "sts:AssumeRole", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ops-*"}}`), nil, 0, nil},
		{"301 principal arn any account", rules.TrustAnyPrincipal, trustDoc(`"*"`, "sts:AssumeRole", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ops"}}`), nil, 1, []string{"matches any account"}},
		{"301 negated", rules.TrustAnyPrincipal, trustDoc(`"*"`, "sts:AssumeRole", `{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}`), nil, 1, []string{"is negated"}},
		{"301 ifexists", rules.TrustAnyPrincipal, trustDoc(`"*"`, "sts:AssumeRole", `{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"}}`), nil, 1, []string{"IfExists"}},
		{"301 external id only", rules.TrustAnyPrincipal, trustDoc(`"*"`, "sts:AssumeRole", `{"StringEquals":{"sts:ExternalId":"x"}}`), nil, 1, []string{"`sts:ExternalId` does not limit"}},
		{"301 deny", rules.TrustAnyPrincipal, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}]}`, nil, 0, nil},
		{"301 account", rules.TrustAnyPrincipal, trustDoc(`{"AWS":"111122223333"}`, "sts:AssumeRole", ""), nil, 0, nil},

		{"302 other account", rules.CrossAccountTrust, trustDoc(`{"AWS":"arn:aws:iam::111122223333:root"}`, "sts:AssumeRole", ""), nil, 1, []string{"`111122223333`", "trusted_accounts"}},
		{"302 bare id", rules.CrossAccountTrust, trustDoc(`{"AWS":["111122223333","444455556666"]}`, "sts:AssumeRole", ""), nil, 1, []string{"`444455556666`"}},
		{"302 trusted", rules.CrossAccountTrust, trustDoc(`{"AWS":"arn:aws:iam::111122223333:root"}`, "sts:AssumeRole", ""), &rules.Config{TrustedAccounts: []string{"111122223333"}}, 0, nil},
		{"302 own org (org_ids)", rules.CrossAccountTrust, trustDoc(`{"AWS":"arn:aws:iam::111122223333:root"}`, "sts:AssumeRole", `{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}`), &rules.Config{OrgIDs: []string{"o-abc123"}}, 0, nil},
		{"302 other org (org_ids)", rules.CrossAccountTrust, trustDoc(`{"AWS":"arn:aws:iam::111122223333:root"}`, "sts:AssumeRole", `{"StringEquals":{"aws:PrincipalOrgID":"o-other9"}}`), &rules.Config{OrgIDs: []string{"o-abc123"}}, 1, []string{"not one of yours"}},
		{"302 external id", rules.CrossAccountTrust, trustDoc(`{"AWS":"arn:aws:iam::111122223333:root"}`, "sts:AssumeRole", `{"StringEquals":{"sts:ExternalId":"abc"}}`), nil, 0, nil},
		{"302 mfa", rules.CrossAccountTrust, trustDoc(`{"AWS":"arn:aws:iam::111122223333:root"}`, "sts:AssumeRole", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`), nil, 0, nil},
		{"302 mfa ifexists", rules.CrossAccountTrust, trustDoc(`{"AWS":"arn:aws:iam::111122223333:root"}`, "sts:AssumeRole", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}`), nil, 1, []string{"IfExists"}},
		{"302 one role", rules.CrossAccountTrust, trustDoc(`{"AWS":"arn:aws:iam::111122223333:role/deployer"}`, "sts:AssumeRole", ""), nil, 0, nil},
		{"302 service", rules.CrossAccountTrust, trustDoc(`{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole", ""), nil, 0, nil},

		{"303 github no conditions", rules.OIDCTrust, trustDoc(gh, "sts:AssumeRoleWithWebIdentity", ""), nil, 1, []string{"GitHub Actions", "no condition on the `sub` claim"}},
		{"303 github org wildcard", rules.OIDCTrust, trustDoc(gh, "sts:AssumeRoleWithWebIdentity", `{`+ghAud+`,"StringLike":{"token.actions.githubusercontent.com:sub":"repo:my-org/*"}}`), nil, 1, []string{"matches more than one repository"}},
		{"303 github star", rules.OIDCTrust, trustDoc(gh, "sts:AssumeRoleWithWebIdentity", `{"StringLike":{"token.actions.githubusercontent.com:sub":"*"}}`), nil, 1, nil},
		{"303 github one repo any ref", rules.OIDCTrust, trustDoc(gh, "sts:AssumeRoleWithWebIdentity", `{`+ghAud+`,"StringLike":{"token.actions.githubusercontent.com:sub":"repo:my-org/app:*"}}`), nil, 0, nil},
		{"303 github equals star is literal", rules.OIDCTrust, trustDoc(gh, "sts:AssumeRoleWithWebIdentity", `{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:my-org/*"}}`), nil, 0, nil},
		{"303 github negated sub", rules.OIDCTrust, trustDoc(gh, "sts:AssumeRoleWithWebIdentity", `{"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:evil/*"}}`), nil, 1, nil},
		{"303 eks wildcard sa", rules.OIDCTrust, trustDoc(`{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}`, "sts:AssumeRoleWithWebIdentity", `{"StringLike":{"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:apps:*"}}`), nil, 1, []string{"EKS", "service account"}},
		{"303 eks one sa", rules.OIDCTrust, trustDoc(`{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}`, "sts:AssumeRoleWithWebIdentity", `{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:apps:web"}}`), nil, 0, nil},
		{"303 cognito no aud", rules.OIDCTrust, trustDoc(`{"Federated":"cognito-identity.amazonaws.com"}`, "sts:AssumeRoleWithWebIdentity", `{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}`), nil, 1, []string{"Cognito", "`aud`"}},
		{"303 cognito aud", rules.OIDCTrust, trustDoc(`{"Federated":"cognito-identity.amazonaws.com"}`, "sts:AssumeRoleWithWebIdentity", `{"StringEquals":{"cognito-identity.amazonaws.com:aud":"eu-west-1:1234"}}`), nil, 0, nil},
		{"303 gitlab group wildcard", rules.OIDCTrust, trustDoc(`{"Federated":"arn:aws:iam::123456789012:oidc-provider/gitlab.com"}`, "sts:AssumeRoleWithWebIdentity", `{"StringLike":{"gitlab.com:sub":"project_path:my-group/*:ref_type:branch:ref:main"}}`), nil, 1, []string{"GitLab"}},
		{"303 tfc workspace wildcard", rules.OIDCTrust, trustDoc(`{"Federated":"arn:aws:iam::123456789012:oidc-provider/app.terraform.io"}`, "sts:AssumeRoleWithWebIdentity", `{"StringEquals":{"app.terraform.io:aud":"aws.workload.identity"},"StringLike":{"app.terraform.io:sub":"organization:acme:project:*:workspace:*:run_phase:*"}}`), nil, 1, []string{"Terraform Cloud"}},
		{"303 tfc one workspace", rules.OIDCTrust, trustDoc(`{"Federated":"arn:aws:iam::123456789012:oidc-provider/app.terraform.io"}`, "sts:AssumeRoleWithWebIdentity", `{"StringLike":{"app.terraform.io:sub":"organization:acme:project:*:workspace:prod:run_phase:*"}}`), nil, 0, nil},
		{"303 generic no aud", rules.OIDCTrust, trustDoc(`{"Federated":"arn:aws:iam::123456789012:oidc-provider/idp.example.com"}`, "sts:AssumeRoleWithWebIdentity", `{"StringEquals":{"idp.example.com:sub":"svc-a"}}`), nil, 1, []string{"`aud`"}},
		{"303 saml ignored", rules.OIDCTrust, trustDoc(`{"Federated":"arn:aws:iam::123456789012:saml-provider/okta"}`, "sts:AssumeRoleWithSAML", ""), nil, 0, nil},
		{"303 unknown condition", rules.OIDCTrust, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + gh + `,"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":["${var.subject}"]}}}]}`, nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, trust := role(t, "aws_iam_role.r", tt.trust)
			inv := &model.Inventory{Identities: []*model.Identity{r}, Policies: []*model.Policy{trust}}
			expect(t, run(tt.rule, inv, tt.cfg), tt.n, tt.fragments...)
		})
	}
}

// An unknown value (a reference not resolved before deploy) never makes a
// finding, and a reference to the caller's own account counts as own.
func TestTrustUnknownValues(t *testing.T) {
	t.Parallel()
	r, trust := role(t, "aws_iam_role.r", trustDoc(`{"AWS":"x"}`, "sts:AssumeRole", ""))
	trust.Document.Statements[0].Principal.Entries[0].Values.Items[0] =
		model.Unresolved("data.aws_caller_identity.current.account_id", model.Location{})
	inv := &model.Inventory{Identities: []*model.Identity{r}, Policies: []*model.Policy{trust}}
	expect(t, run(rules.CrossAccountTrust, inv, nil), 0)

	inv.OwnAccounts = []model.Value{model.Known("111122223333", model.Location{})}
	trust.Document = doc(t, trustDoc(`{"AWS":"arn:aws:iam::111122223333:root"}`, "sts:AssumeRole", ""))
	inv.Link() // the inventory changed since the last run linked it
	expect(t, run(rules.CrossAccountTrust, inv, nil), 0)
}

func TestResourcePolicyRules(t *testing.T) {
	t.Parallel()
	stmt := func(effect, principal, action, condition string) string {
		s := `{"Effect":"` + effect + `","Principal":` + principal + `,"Action":"` + action + `","Resource":"arn:aws:s3:::b/*"`
		if condition != "" {
			s += `,"Condition":` + condition
		}
		return s + `}`
	}
	denyHTTP := `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`
	tests := []struct {
		name       string
		rule       *rules.Rule
		service    string
		statements string
		n          int
		fragments  []string
	}{
		{"304 public", rules.PublicResourcePolicy, "s3", stmt("Allow", `"*"`, "s3:GetObject", ""), 1, []string{"`s3:GetObject`", "everyone"}},
		{"304 org", rules.PublicResourcePolicy, "s3", stmt("Allow", `"*"`, "s3:GetObject", `{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}`), 0, nil},
		{"304 vpce", rules.PublicResourcePolicy, "s3", stmt("Allow", `{"AWS":"*"}`, "s3:GetObject", `{"StringEquals":{"aws:SourceVpce":"vpce-1"}}`), 0, nil},
		{"304 any ip", rules.PublicResourcePolicy, "s3", stmt("Allow", `"*"`, "s3:GetObject", `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`), 1, []string{"every address"}},
		{"304 secure transport only", rules.PublicResourcePolicy, "s3", stmt("Allow", `"*"`, "s3:GetObject", `{"Bool":{"aws:SecureTransport":"true"}}`), 1, []string{"aws:SecureTransport"}},
		{"304 deny", rules.PublicResourcePolicy, "s3", denyHTTP, 0, nil},
		{"304 kms caller account", rules.PublicResourcePolicy, "kms", stmt("Allow", `{"AWS":"*"}`, "kms:Decrypt", `{"StringEquals":{"kms:CallerAccount":"123456789012","kms:ViaService":"ec2.eu-west-1.amazonaws.com"}}`), 0, nil},

		{"305 service", rules.ServiceConfusedDeputy, "sqs", stmt("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:SendMessage", ""), 1, []string{"`sns.amazonaws.com`"}},
		{"305 source arn", rules.ServiceConfusedDeputy, "sqs", stmt("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:SendMessage", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:eu-west-1:123456789012:t"}}`), 0, nil},
		{"305 source arn any account", rules.ServiceConfusedDeputy, "sqs", stmt("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:SendMessage", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:eu-west-1:*:t"}}`), 1, []string{"any account"}},
		{"305 kms context", rules.ServiceConfusedDeputy, "kms", stmt("Allow", `{"Service":"logs.eu-west-1.amazonaws.com"}`, "kms:Encrypt*", `{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:eu-west-1:123456789012:log-group:app"}}`), 0, nil},
		{"305 aws principal", rules.ServiceConfusedDeputy, "sqs", stmt("Allow", `{"AWS":"arn:aws:iam::123456789012:root"}`, "sqs:SendMessage", ""), 0, nil},

		{"306 no deny", rules.InsecureTransport, "s3", stmt("Allow", `{"AWS":"arn:aws:iam::123456789012:root"}`, "s3:GetObject", ""), 1, []string{"TLS"}},
		{"306 deny http", rules.InsecureTransport, "s3", stmt("Allow", `{"AWS":"arn:aws:iam::123456789012:root"}`, "s3:GetObject", "") + "," + denyHTTP, 0, nil},
		{"306 deny only puts", rules.InsecureTransport, "s3", `{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`, 1, nil},
		{"306 not s3", rules.InsecureTransport, "sqs", stmt("Allow", `{"AWS":"arn:aws:iam::123456789012:root"}`, "sqs:SendMessage", ""), 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := policy(t, "aws_s3_bucket_policy.b", model.Resource, `{"Version":"2012-10-17","Statement":[`+tt.statements+`]}`)
			p.Service = tt.service
			inv := &model.Inventory{Policies: []*model.Policy{p}}
			expect(t, run(tt.rule, inv, nil), tt.n, tt.fragments...)
		})
	}
}

// TestOIDCTrustSeverity: IAM303's severity follows how far the trust
// reaches: anyone's workloads are critical; one customer's (one owner's
// repositories, one EKS cluster, an organization's issuer with its
// audience pinned) are high, and the message says why.
func TestOIDCTrustSeverity(t *testing.T) {
	t.Parallel()
	const gh = `{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}`
	const circle = `{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.circleci.com/org/0f3c2a"}`
	const eks = `{"Federated":"arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"}`
	tests := []struct {
		name, principal, condition string
		want                       rules.Severity
		fragment                   string
	}{
		{"github any repo", gh, `{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}`, rules.Critical, "can match"},
		{"github no sub", gh, `{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}`, rules.Critical, "no condition on the `sub` claim"},
		{"github one owner", gh, `{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:my-org/*"}}`, rules.High, "all within `my-org`"},
		{"github two owners", gh, `{"StringLike":{"token.actions.githubusercontent.com:sub":["repo:my-org/*","repo:other/*"]}}`, rules.Critical, "matches more than one repository"},
		{"circleci org issuer, audience pinned", circle, `{"StringEquals":{"oidc.circleci.com/org/0f3c2a:aud":"0f3c2a"}}`, rules.High, "is one organization's and the audience is pinned"},
		{"circleci org issuer, no audience", circle, ``, rules.Critical, "no condition"},
		{"eks any service account", eks, `{"StringLike":{"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:*"}}`, rules.High, "this cluster's issuer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, trust := role(t, "aws_iam_role.r", trustDoc(tt.principal, "sts:AssumeRoleWithWebIdentity", tt.condition))
			inv := &model.Inventory{Identities: []*model.Identity{r}, Policies: []*model.Policy{trust}}
			fs := rules.Run(inv, []*rules.Rule{rules.OIDCTrust}, nil)
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1", len(fs))
			}
			if fs[0].Rule.Severity != tt.want || fs[0].Rule.ID != "IAM303" || !strings.Contains(fs[0].Message, tt.fragment) {
				t.Errorf("got %s %s: %s; want %s and %q", fs[0].Rule.ID, fs[0].Rule.Severity, fs[0].Message, tt.want, tt.fragment)
			}
		})
	}
}
