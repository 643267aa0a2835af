package rules_test

import (
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

func TestHygieneRules(t *testing.T) {
	t.Parallel()
	managed := policy(t, "aws_iam_policy.used", model.Managed, s3Read)
	unused := policy(t, "aws_iam_policy.unused", model.Managed, s3Read)
	boundary := policy(t, "aws_iam_policy.boundary", model.Managed, s3Read)
	r, trust := role(t, "app", trustDoc(`{"Service":"ecs-tasks.amazonaws.com"}`, "sts:AssumeRole", ""))
	r.Boundary = ref(boundary.ID)
	inv := &model.Inventory{
		Identities:  []*model.Identity{user("alice"), user("bob"), group("devs"), group("empty"), r},
		Memberships: []*model.Membership{member("alice", "devs")},
		Policies:    []*model.Policy{managed, unused, boundary, trust, policy(t, "bob-inline", model.Inline, s3Read, "bob")},
		Attachments: []*model.Attachment{attach(managed.ID, "alice")},
	}
	expect(t, run(rules.InlinePolicy, inv, nil), 1, "user `bob`")
	expect(t, run(rules.UserAttachedPolicy, inv, nil), 2, "user `alice`", "user `bob`")
	expect(t, run(rules.UserWithoutGroup, inv, nil), 1, "user `bob`")
	expect(t, run(rules.EmptyGroup, inv, nil), 1, "group `empty`")
	expect(t, run(rules.UnattachedPolicy, inv, nil), 1, "aws_iam_policy.unused")

	// A membership or attachment by an unknown reference may be anyone's.
	inv.Memberships = append(inv.Memberships, &model.Membership{Meta: meta("m"), User: model.Ref{Value: model.Unresolved("var.user", model.Location{})}, Group: ref("empty")})
	inv.Attachments = append(inv.Attachments, &model.Attachment{Meta: meta("a"), Policy: model.Ref{Value: model.Unresolved("var.arn", model.Location{})}, Identity: ref("alice")})
	inv.Link()
	expect(t, run(rules.UserWithoutGroup, inv, nil), 0)
	expect(t, run(rules.EmptyGroup, inv, nil), 0)
	expect(t, run(rules.UnattachedPolicy, inv, nil), 0)
}

func TestGovernanceRules(t *testing.T) {
	t.Parallel()
	r, trust := role(t, "app", trustDoc(`{"Service":"ecs-tasks.amazonaws.com"}`, "sts:AssumeRole", ""))
	bounded, trust2 := role(t, "bounded", trustDoc(`{"Service":"ecs-tasks.amazonaws.com"}`, "sts:AssumeRole", ""))
	bounded.Boundary = model.Ref{Value: model.Known("arn:aws:iam::123456789012:policy/b", model.Location{})}
	slr := &model.Identity{Meta: meta("slr"), Kind: model.Role}
	inv := &model.Inventory{Identities: []*model.Identity{r, bounded, slr, group("g")}, Policies: []*model.Policy{trust, trust2}}
	expect(t, run(rules.RoleWithoutBoundary, inv, nil), 1, "role `app`")
	expect(t, run(rules.RoleWithoutBoundary, inv, &rules.Config{RequireBoundaries: true}), 1, "require_boundaries")

	delegation := []struct {
		json string
		n    int
	}{
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateRole","iam:AttachRolePolicy"],"Resource":"*"}]}`, 1},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Put*","Resource":"*"}]}`, 1},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateRole","Resource":"*","Condition":{"StringEquals":{"iam:PermissionsBoundary":"arn:aws:iam::1:policy/b"}}}]}`, 0},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateRole","Resource":"*"},{"Effect":"Deny","Action":"iam:CreateRole","Resource":"*","Condition":{"StringNotEquals":{"iam:PermissionsBoundary":"arn:aws:iam::1:policy/b"}}}]}`, 0},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}`, 0},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`, 0},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`, 0},
	}
	for _, tt := range delegation {
		inv := &model.Inventory{Policies: []*model.Policy{policy(t, "p", model.Managed, tt.json)}}
		expect(t, run(rules.DelegationWithoutBoundary, inv, nil), tt.n)
	}
}

func TestWeakPasswordPolicy(t *testing.T) {
	t.Parallel()
	k := func(s string) model.Value { return model.Known(s, model.Location{}) }
	strong := &model.PasswordPolicy{Meta: meta("pp"), MinimumLength: k("14"), RequireSymbols: k("true"), RequireNumbers: k("true"),
		RequireUppercase: k("true"), RequireLowercase: k("true"), MaxAge: k("90"), ReusePrevention: k("24")}
	expect(t, run(rules.WeakPasswordPolicy, &model.Inventory{PasswordPolicies: []*model.PasswordPolicy{strong}}, nil), 0)

	weak := *strong
	weak.MinimumLength, weak.RequireSymbols, weak.MaxAge, weak.ReusePrevention = k("8"), k("false"), model.Value{}, model.Unresolved("var.reuse", model.Location{})
	got := run(rules.WeakPasswordPolicy, &model.Inventory{PasswordPolicies: []*model.PasswordPolicy{&weak}}, nil)
	expect(t, got, 1, "minimum length is 8", "symbols not required", "never expire")
	if strings.Contains(got[0], "reuse") {
		t.Errorf("an unknown reuse setting is a shortfall: %s", got[0])
	}
}

func TestSCPAndTrail(t *testing.T) {
	t.Parallel()
	scp := policy(t, "scp", model.SCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`)
	big := policy(t, "big", model.SCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["`+strings.Repeat("a", 5200)+`"],"Resource":"*"}]}`)
	ok := policy(t, "ok", model.SCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`)
	expect(t, run(rules.SCPInvalid, &model.Inventory{Policies: []*model.Policy{scp, big, ok}}, nil), 1, "`Principal`")
	// The size of an SCP is IAM410's.
	expect(t, run(rules.PolicyTooLarge, &model.Inventory{Policies: []*model.Policy{scp, big, ok}}, nil), 1, "over the service control policy quota of 5,120")

	k := func(s string) model.Value { return model.Known(s, model.Location{}) }
	trails := []*model.Trail{
		{Meta: meta("default")},
		{Meta: meta("good"), MultiRegion: k("true"), LogFileValidation: k("true")},
		{Meta: meta("unknown"), MultiRegion: model.Unresolved("var.x", model.Location{}), LogFileValidation: k("true")},
		{Meta: meta("noglobal"), MultiRegion: k("true"), LogFileValidation: k("true"), GlobalServiceEvents: k("false")},
	}
	expect(t, run(rules.IAMActivityNotLogged, &model.Inventory{Trails: trails}, nil), 2, "not multi-region; log file validation off", "global service events")
}
