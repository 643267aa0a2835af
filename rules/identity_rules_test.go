package rules_test

import (
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

const (
	mfaGuard = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:EnableMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}`
	iamAll   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`
	iamMFA   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`
	s3Read   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
)

// console builds alice (with a login profile) in group devs.
func console(t *testing.T, groupPolicy string, extra ...*model.Attachment) *model.Inventory {
	inv := &model.Inventory{
		Identities:    []*model.Identity{user("alice"), group("devs")},
		Memberships:   []*model.Membership{member("alice", "devs")},
		LoginProfiles: []*model.LoginProfile{{Meta: meta("alice-login"), User: ref("alice")}},
		Attachments:   extra,
	}
	if groupPolicy != "" {
		inv.Policies = append(inv.Policies, policy(t, "devs-policy", model.Inline, groupPolicy, "devs"))
	}
	return inv
}

func TestMFARules(t *testing.T) {
	t.Parallel()
	unknownAttachment := &model.Attachment{Meta: meta("a"), Policy: model.Ref{Value: model.Unresolved("var.policy_arn", model.Location{})}, Identity: ref("alice")}
	awsManaged := &model.Attachment{Meta: meta("a"), Policy: model.Ref{Value: model.Known("arn:aws:iam::aws:policy/ReadOnlyAccess", model.Location{})}, Identity: ref("alice")}
	tests := []struct {
		name string
		rule *rules.Rule
		inv  *model.Inventory
		n    int
	}{
		{"105 no guard", rules.ConsoleUserWithoutMFA, console(t, s3Read), 1},
		{"105 guard in group", rules.ConsoleUserWithoutMFA, console(t, mfaGuard), 0},
		{"105 unknown attachment", rules.ConsoleUserWithoutMFA, console(t, s3Read, unknownAttachment), 1}, // only a known Deny subtracts
		{"105 aws managed only", rules.ConsoleUserWithoutMFA, console(t, s3Read, awsManaged), 1},
		{"106 iam star on group", rules.PrivilegedActionWithoutMFA, console(t, iamAll), 1},
		{"106 with mfa condition", rules.PrivilegedActionWithoutMFA, console(t, iamMFA), 0},
		{"106 read only", rules.PrivilegedActionWithoutMFA, console(t, s3Read), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { expect(t, run(tt.rule, tt.inv, nil), tt.n) })
	}

	// A Bool guard stops console sessions without MFA, not access keys:
	// enough for IAM105, not for IAM106.
	boolGuard := strings.Replace(mfaGuard, "BoolIfExists", "Bool", 1)
	inv := console(t, boolGuard)
	expect(t, run(rules.ConsoleUserWithoutMFA, inv, nil), 0)
	inv.Policies = append(inv.Policies, policy(t, "alice-admin", model.Inline, iamAll, "alice"))
	expect(t, run(rules.PrivilegedActionWithoutMFA, inv, nil), 1, "user `alice`")

	// The guard on the group covers the privileged grant on the user.
	inv = console(t, mfaGuard)
	inv.Policies = append(inv.Policies, policy(t, "alice-admin", model.Inline, iamAll, "alice"))
	expect(t, run(rules.PrivilegedActionWithoutMFA, inv, nil), 0)
	// Roles are not checked by IAM106.
	r, trust := role(t, "ops", trustDoc(`{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole", ""))
	inv = &model.Inventory{Identities: []*model.Identity{r}, Policies: []*model.Policy{trust, policy(t, "ops-admin", model.Inline, iamAll, "ops")}}
	expect(t, run(rules.PrivilegedActionWithoutMFA, inv, nil), 0)
}

func TestMFAConditionMisuse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		effect, op, key, val string
		n                    int
	}{
		{"Deny", "Bool", "aws:MultiFactorAuthPresent", "false", 1},
		{"Deny", "BoolIfExists", "aws:MultiFactorAuthPresent", "false", 0},
		{"Allow", "BoolIfExists", "aws:MultiFactorAuthPresent", "true", 1},
		{"Allow", "Bool", "aws:MultiFactorAuthPresent", "true", 0},
		{"Deny", "BoolIfExists", "aws:MultiFactorAuthPresent", "true", 1},
		{"Allow", "Bool", "aws:MultiFactorAuthPresent", "false", 1},
		{"Allow", "Null", "aws:MultiFactorAuthPresent", "false", 1},
		{"Deny", "NumericGreaterThan", "aws:MultiFactorAuthAge", "3600", 1},
		{"Deny", "NumericGreaterThanIfExists", "aws:MultiFactorAuthAge", "3600", 0},
		{"Allow", "NumericLessThan", "aws:MultiFactorAuthAge", "3600", 0},
		{"Allow", "NumericLessThanIfExists", "aws:MultiFactorAuthAge", "3600", 1},
		{"Allow", "Bool", "aws:SecureTransport", "false", 0},
	}
	for _, tt := range tests {
		t.Run(tt.effect+" "+tt.op+" "+tt.key+" "+tt.val, func(t *testing.T) {
			json := `{"Version":"2012-10-17","Statement":[{"Effect":"` + tt.effect + `","Action":"*","Resource":"*","Condition":{"` + tt.op + `":{"` + tt.key + `":"` + tt.val + `"}}}]}`
			inv := &model.Inventory{Policies: []*model.Policy{policy(t, "p", model.Managed, json)}}
			expect(t, run(rules.MFAConditionMisuse, inv, nil), tt.n)
		})
	}
}

func TestCredentialRules(t *testing.T) {
	t.Parallel()
	key := &model.AccessKey{Meta: meta("aws_iam_access_key.alice"), User: ref("alice")}
	encrypted := &model.AccessKey{Meta: meta("aws_iam_access_key.bob"), User: ref("bob"), PGPKey: model.Known("keybase:bob", model.Location{})}
	login := &model.LoginProfile{Meta: meta("login"), User: ref("alice")}
	out := func(id, keyID string) *model.Exposure {
		return &model.Exposure{Meta: meta(id), Kind: model.ExposureOutput, Name: id,
			Value: model.Unresolved(keyID+".secret", model.Location{}), Refs: []model.AttrRef{{Ref: ref(keyID), Attr: "secret"}}}
	}
	literal := func(name, value string) *model.Exposure {
		return &model.Exposure{Meta: meta(name), Kind: model.ExposureProvider, Name: name, Value: model.Known(value, model.Location{})}
	}
	inv := &model.Inventory{
		Identities:    []*model.Identity{user("alice"), user("bob")},
		AccessKeys:    []*model.AccessKey{key, encrypted},
		LoginProfiles: []*model.LoginProfile{login},
		Exposures: []*model.Exposure{
			out("alice_secret", key.ID), out("bob_secret", encrypted.ID),
			literal("access_key", "AKIAZ2QJ4LX7R5VTEHMB"),
			literal("secret_key", "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"),
			literal("region", "eu-west-1"),
			literal("access_key", "AKIAIOSFODNN7EXAMPLE"),
			{Meta: meta("user_data"), Kind: model.ExposureUserData, Name: "user_data",
				Value: model.Known("#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY=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\n", model.Location{})},
			{Meta: meta("env"), Kind: model.ExposureEnvironment, Name: "SECRET_KEY",
				Value: model.Value{Text: "${var.secret}", Unknown: true, Expr: "var.secret", Set: true}},
		},
	}
	expect(t, run(rules.UserAccessKey, inv, nil), 2, "user `alice`")
	expect(t, run(rules.AccessKeySecretExposed, inv, nil), 1, "aws_iam_access_key.alice")
	expect(t, run(rules.HardcodedCredentials, inv, nil), 4, "access key ID `AKIAZ2QJ…`", "a secret access key", "`AKIAIOSF…` (AWS's documentation example key)")
	expect(t, run(rules.UserConsoleAndKeys, inv, nil), 1, "user `alice`")
}

func TestLongSessionDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		trust, duration string
		n               int
	}{
		{trustDoc(`{"AWS":"arn:aws:iam::123456789012:root"}`, "sts:AssumeRole", ""), "43200", 1},
		{trustDoc(`{"AWS":"arn:aws:iam::123456789012:root"}`, "sts:AssumeRole", ""), "3600", 0},
		{trustDoc(`{"Service":"ec2.amazonaws.com"}`, "sts:AssumeRole", ""), "43200", 0},
		{trustDoc(`{"Federated":"arn:aws:iam::123456789012:saml-provider/okta"}`, "sts:AssumeRoleWithSAML", ""), "28800", 1},
		{trustDoc(`{"Federated":"arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"}`, "sts:AssumeRoleWithWebIdentity", ""), "7200", 0},
	}
	for _, tt := range tests {
		r, trust := role(t, "r", tt.trust)
		r.MaxSessionDuration = model.Known(tt.duration, model.Location{})
		inv := &model.Inventory{Identities: []*model.Identity{r}, Policies: []*model.Policy{trust}}
		expect(t, run(rules.LongSessionDuration, inv, nil), tt.n)
	}
}
