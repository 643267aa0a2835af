package iam

import (
	"fmt"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// testInventory builds an inventory from identities and policies given as
// JSON documents.
type testInventory struct{ inv model.Inventory }

func (ti *testInventory) identity(kind model.IdentityKind, name string) *model.Identity {
	id := &model.Identity{Meta: model.Meta{ID: name}, Kind: kind, Name: model.Known(name, model.Location{})}
	ti.inv.Identities = append(ti.inv.Identities, id)
	return id
}

func (ti *testInventory) policy(t testing.TB, kind model.PolicyKind, id, doc string, owners ...string) *model.Policy {
	d, err := syntax.ParseDocument(id, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	p := &model.Policy{Meta: model.Meta{ID: id}, Kind: kind, Name: model.Known(id, model.Location{}), Document: d}
	for _, o := range owners {
		p.Owners = append(p.Owners, model.Ref{ID: o})
	}
	ti.inv.Policies = append(ti.inv.Policies, p)
	return p
}

func (ti *testInventory) attach(policy, identity string) {
	ref := model.Ref{ID: policy}
	if _, ok := ManagedPolicyName(model.Known(policy, model.Location{})); ok {
		ref = model.Ref{Value: model.Known(policy, model.Location{})}
	}
	ti.inv.Attachments = append(ti.inv.Attachments, &model.Attachment{Policy: ref, Identity: model.Ref{ID: identity}})
}

func allow(action, resource string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":%q,"Resource":%q}]}`, action, resource)
}

func TestEffectivePermissions(t *testing.T) {
	t.Parallel()
	c := Default()
	var ti testInventory
	role := ti.identity(model.Role, "app")
	ti.policy(t, model.Inline, "pass", allow("iam:PassRole", "*"), "app")
	ti.policy(t, model.Inline, "run", allow("ec2:*", "*"), "app")
	ti.policy(t, model.Inline, "deny", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*"},
		{"Effect":"Deny","Action":"ec2:StopInstances","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`, "app")

	bounded := ti.identity(model.Role, "bounded")
	ti.attach("arn:aws:iam::aws:policy/AdministratorAccess", "bounded")
	ti.policy(t, model.Managed, "boundary", allow("s3:*", "*"))
	bounded.Boundary = model.Ref{ID: "boundary"}

	user := ti.identity(model.User, "alice")
	group := ti.identity(model.Group, "devs")
	ti.policy(t, model.Inline, "devs-policy", allow("iam:CreateAccessKey", "*"), "devs")
	ti.inv.Memberships = append(ti.inv.Memberships, &model.Membership{User: model.Ref{ID: "alice"}, Group: model.Ref{ID: "devs"}})

	external := ti.identity(model.Role, "external")
	ti.policy(t, model.Inline, "ext", allow("s3:GetObject", "*"), "external")
	ti.attach("arn:aws:iam::123456789012:policy/not-here", "external")

	standalone := ti.policy(t, model.Standalone, "bare.json", allow("s3:PutObject", "*"))

	// SAM's Policies names AWS managed policies by bare name.
	function := ti.identity(model.Role, "FunctionRole")
	for _, name := range []string{"AWSLambdaBasicExecutionRole", "AmazonSQSReadOnlyAccess"} {
		ti.inv.Attachments = append(ti.inv.Attachments, &model.Attachment{
			Policy: model.Ref{Value: model.Known(name, model.Location{})}, Identity: model.Ref{ID: "FunctionRole"}})
	}

	ti.inv.Link()
	an := Analyze(&ti.inv, c)

	tests := []struct {
		who     *Permissions
		action  string
		allowed bool
		free    bool
		unknown bool
	}{
		{an.Of(role), "iam:PassRole", true, true, false},
		{an.Of(role), "ec2:RunInstances", true, true, false},
		{an.Of(role), "ec2:TerminateInstances", false, false, false},
		{an.Of(role), "ec2:StopInstances", true, false, false}, // constrained by the MFA Deny
		{an.Of(role), "s3:GetObject", false, false, false},
		{an.Of(bounded), "s3:GetObject", true, true, false},
		{an.Of(bounded), "iam:PassRole", false, false, false}, // outside the boundary
		{an.Of(user), "iam:CreateAccessKey", true, true, false},
		{an.Of(group), "iam:CreateAccessKey", true, true, false},
		{an.Of(external), "s3:GetObject", true, true, true}, // the missing policy could deny it
		{an.Holders(standalone)[0], "s3:PutObject", true, true, false},
		{an.Of(function), "logs:PutLogEvents", true, true, false},
		{an.Of(function), "sqs:GetQueueAttributes", true, true, false},
		{an.Of(function), "sqs:SendMessage", false, false, false},
	}
	for _, tt := range tests {
		acc := tt.who.Access(c.Action(tt.action))
		if acc.Allowed() != tt.allowed || acc.Free() != tt.free || acc.Unknown != tt.unknown {
			t.Errorf("%s %s: allowed %v free %v unknown %v, want %v %v %v", tt.who.Label(), tt.action,
				acc.Allowed(), acc.Free(), acc.Unknown, tt.allowed, tt.free, tt.unknown)
		}
	}
	if n := len(an.Principals()); n != 7 {
		t.Errorf("%d principals, want 6 identities and 1 bare policy", n)
	}
	if g := an.Of(user).Access(c.Action("iam:CreateAccessKey")).Grants; len(g) != 1 || g[0].Group != group {
		t.Errorf("alice's grant does not say it comes through group devs: %+v", g)
	}
}

// BenchmarkEffectivePermissions analyses 5,000 roles with 10 inline
// policies each (50,000 policies): a mix of exact actions, service
// wildcards, cross-service wildcards, NotAction and Denies.
func BenchmarkEffectivePermissions(b *testing.B) {
	c := Default()
	docs := []string{
		allow("s3:GetObject", "arn:aws:s3:::bucket/*"),
		allow("s3:*", "*"),
		allow("ec2:Describe*", "*"),
		allow("*:Get*", "*"),
		allow("iam:PassRole", "arn:aws:iam::123456789012:role/app"),
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}`,
		allow("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/t"),
		allow("lambda:InvokeFunction", "*"),
		allow("sqs:SendMessage", "*"),
	}
	var ti testInventory
	for i := range 5000 {
		name := fmt.Sprintf("role%d", i)
		ti.identity(model.Role, name)
		for j, d := range docs {
			ti.policy(b, model.Inline, fmt.Sprintf("%s-p%d", name, j), d, name)
		}
	}
	ti.inv.Link()
	b.ResetTimer()
	for b.Loop() {
		an := Analyze(&ti.inv, c)
		if len(an.Principals()) != 5000 {
			b.Fatal("principals missing")
		}
	}
}
