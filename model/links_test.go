package model

import "testing"

func TestLink(t *testing.T) {
	role := &Identity{Meta: Meta{ID: "aws_iam_role.app"}, Kind: Role, Name: Known("app", Location{})}
	user := &Identity{Meta: Meta{ID: "aws_iam_user.ann"}, Kind: User, Name: Known("ann", Location{})}
	group := &Identity{Meta: Meta{ID: "Admins"}, Kind: Group, Name: Unresolved("!Ref GroupName", Location{})}
	boundary := &Policy{Meta: Meta{ID: "aws_iam_policy.boundary"}, Kind: Managed, Name: Known("boundary", Location{})}
	managed := &Policy{Meta: Meta{ID: "aws_iam_policy.p"}, Kind: Managed, ARN: Known("arn:aws:iam::111122223333:policy/p", Location{})}
	inline := &Policy{Meta: Meta{ID: "aws_iam_role_policy.x"}, Kind: Inline, Owners: []Ref{{Value: Known("app", Location{})}}}
	user.Boundary = Ref{ID: "aws_iam_policy.boundary"}
	inv := &Inventory{
		Identities: []*Identity{role, user, group},
		Policies:   []*Policy{boundary, managed, inline},
		Attachments: []*Attachment{
			{Policy: Ref{Value: Known("arn:aws:iam::111122223333:policy/p", Location{})}, Identity: Ref{Value: Known("arn:aws:iam::111122223333:role/team/app", Location{})}},
			{Policy: Ref{Value: Known("arn:aws:iam::aws:policy/ReadOnlyAccess", Location{})}, Identity: Ref{ID: "aws_iam_user.ann"}, IdentityKind: User},
			{Policy: Ref{Value: Unresolved("var.policy", Location{})}, Identity: Ref{Value: Unresolved("var.role", Location{})}},
		},
		Memberships: []*Membership{
			{User: Ref{Value: Known("ann", Location{})}, Group: Ref{ID: "Admins"}},
			{User: Ref{ID: "aws_iam_user.ann"}, Group: Ref{ID: "Admins"}},
		},
	}
	inv.Link()
	if got := inv.InlinePolicies(role); len(got) != 1 || got[0] != inline {
		t.Errorf("InlinePolicies(role) = %v", got)
	}
	if got := inv.AttachmentsOf(role); len(got) != 1 || inv.ManagedPolicy(got[0].Policy) != managed {
		t.Errorf("AttachmentsOf(role) = %v (by ARN)", got)
	}
	if got := inv.AttachmentsOf(user); len(got) != 1 || inv.ManagedPolicy(got[0].Policy) != nil {
		t.Errorf("AttachmentsOf(user) = %v; AWS managed policies are not in the inventory", got)
	}
	if got := inv.AttachmentsTo(managed); len(got) != 1 {
		t.Errorf("AttachmentsTo(managed) = %v", got)
	}
	if got := inv.BoundaryOf(boundary); len(got) != 1 || got[0] != user {
		t.Errorf("BoundaryOf = %v", got)
	}
	if got := inv.Groups(user); len(got) != 1 || got[0] != group {
		t.Errorf("Groups(user) = %v, want the group once", got)
	}
	if got := inv.Members(group); len(got) != 1 || got[0] != user {
		t.Errorf("Members(group) = %v", got)
	}
	if !inv.IsOwnAccount("111122223333") || inv.IsOwnAccount("aws") || inv.IsOwnAccount("444455556666") {
		t.Error("the account of an attached customer managed policy is the deployer's own, and only that")
	}
	if got := inv.Identity(Ref{Value: Known("app", Location{})}, User); got != nil {
		t.Errorf("Identity(app, user) = %v, want nil: app is a role", got)
	}
}

// EnsureLinked keeps the links it finds: rules that read them while a
// Rego rule exports the inventory must not see them rebuilt.
func TestEnsureLinkedKeepsLinks(t *testing.T) {
	t.Parallel()
	inv := &Inventory{}
	inv.EnsureLinked()
	first := inv.links
	if first == nil {
		t.Fatal("EnsureLinked left the inventory unlinked")
	}
	inv.EnsureLinked()
	if inv.links != first {
		t.Error("EnsureLinked rebuilt links already resolved")
	}
}
