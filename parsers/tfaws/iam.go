package tfaws

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

func (in *instance) identity(kind model.IdentityKind) *model.Identity {
	id := &model.Identity{Meta: in.meta(""), Kind: kind, Name: in.computed("name")}
	id.Fields = copyFields(in.Meta.Fields)
	id.Path = in.value("path")
	if b := in.attr("permissions_boundary"); b != nil {
		id.Boundary = in.refOf(b)
		id.SetField("Boundary", in.loc("permissions_boundary"))
	}
	return id
}

// copyFields gives an element made from an instance the instance's field
// locations; SetField never changes a list in place, so it can be shared.
func copyFields(f []model.Field) []model.Field { return f }

// self is a reference to the instance being mapped.
func (in *instance) self() model.Ref { return model.Ref{ID: in.Meta.ID} }

func addRole(in *instance) {
	role := in.identity(model.Role)
	if v := in.value("max_session_duration"); v.Set {
		role.MaxSessionDuration = v
		role.SetField("MaxSessionDuration", in.loc("max_session_duration"))
	}
	if trust := in.policy(model.Trust, "assume_role_policy", in.meta("assume_role_policy")); trust != nil {
		trust.Name = role.Name
		trust.Owners = []model.Ref{in.self()}
		role.Trust = trust
		role.SetField("Trust", trust.Loc)
		in.inv.Policies = append(in.inv.Policies, trust)
	}
	in.inv.Identities = append(in.inv.Identities, role)
	for i, b := range in.blocks("inline_policy") {
		block := &instance{Instance: Instance{Meta: in.Meta, Module: in.Module, Attrs: b}, inv: in.inv}
		if block.value("name").Is("") && block.value("policy").Is("") {
			// The AWS provider's state and plans write a role without
			// inline policies as one block with an empty name and policy.
			continue
		}
		m := in.meta(indexed("inline_policy", i))
		m.Loc = b.Loc
		p := block.policy(model.Inline, "policy", m)
		if p == nil {
			continue // an empty inline_policy block removes inline policies; it adds none
		}
		p.Loc = b.Loc
		p.Name = block.value("name")
		p.Owners = []model.Ref{in.self()}
		in.inv.Policies = append(in.inv.Policies, p)
	}
	for i, arn := range in.list("managed_policy_arns") {
		a := &model.Attachment{
			Meta:         in.meta(indexed("managed_policy_arns", i)),
			Policy:       in.refOf(arn),
			Identity:     in.self(),
			IdentityKind: model.Role,
		}
		a.Loc = arn.Loc
		if a.Loc.IsZero() {
			a.Loc = in.loc("managed_policy_arns")
		}
		in.inv.Attachments = append(in.inv.Attachments, a)
	}
}

func addUser(in *instance) {
	in.inv.Identities = append(in.inv.Identities, in.identity(model.User))
}

func addGroup(in *instance) {
	in.inv.Identities = append(in.inv.Identities, in.identity(model.Group))
}

func addPolicy(in *instance) {
	p := in.policy(model.Managed, "policy", in.meta(""))
	if p == nil {
		// The provider requires a policy; without one there is nothing to
		// check, but the policy still exists for attachments to point at.
		p = &model.Policy{Meta: in.meta(""), Kind: model.Managed}
		p.Document = syntax.DecodeDocument(syntax.UnknownNode(in.Meta.ID+".policy", in.Meta.Loc))
	}
	p.Loc = in.Meta.Loc
	p.Name = in.computed("name")
	p.ARN = in.value("arn")
	in.inv.Policies = append(in.inv.Policies, p)
}

// inlinePolicy maps aws_iam_{role,user,group}_policy: an inline policy
// whose owner is named by the attribute owner.
func inlinePolicy(owner string) func(*instance) {
	return func(in *instance) {
		p := in.policy(model.Inline, "policy", in.meta(""))
		if p == nil {
			p = &model.Policy{Meta: in.meta(""), Kind: model.Inline}
			p.Document = syntax.DecodeDocument(syntax.UnknownNode(in.Meta.ID+".policy", in.Meta.Loc))
		}
		p.Loc = in.Meta.Loc
		p.Name = in.computed("name")
		p.Owners = []model.Ref{in.ref(owner)}
		p.OwnerKinds = []model.IdentityKind{model.IdentityKind(owner)}
		p.SetField("Owner", in.loc(owner))
		in.inv.Policies = append(in.inv.Policies, p)
	}
}

// attachment maps aws_iam_{role,user,group}_policy_attachment.
func attachment(target string, kind model.IdentityKind) func(*instance) {
	return func(in *instance) {
		a := &model.Attachment{
			Meta:         in.meta(""),
			Policy:       in.ref("policy_arn"),
			Identity:     in.ref(target),
			IdentityKind: kind,
		}
		a.SetField("Policy", in.loc("policy_arn"))
		a.SetField("Identity", in.loc(target))
		in.inv.Attachments = append(in.inv.Attachments, a)
	}
}

// addPolicyAttachment maps aws_iam_policy_attachment, which attaches one
// policy to lists of users, roles and groups: one Attachment per target.
func addPolicyAttachment(in *instance) {
	policy := in.ref("policy_arn")
	for _, t := range []struct {
		attr string
		kind model.IdentityKind
	}{{"users", model.User}, {"roles", model.Role}, {"groups", model.Group}} {
		for i, target := range in.list(t.attr) {
			a := &model.Attachment{
				Meta:         in.meta(indexed(t.attr, i)),
				Policy:       policy,
				Identity:     in.refOf(target),
				IdentityKind: t.kind,
			}
			a.SetField("Policy", in.loc("policy_arn"))
			a.SetField("Identity", target.Loc)
			in.inv.Attachments = append(in.inv.Attachments, a)
		}
	}
}

func addUserGroupMembership(in *instance) {
	user := in.ref("user")
	for i, g := range in.list("groups") {
		m := &model.Membership{Meta: in.meta(indexed("groups", i)), User: user, Group: in.refOf(g)}
		m.SetField("Group", g.Loc)
		in.inv.Memberships = append(in.inv.Memberships, m)
	}
}

func addGroupMembership(in *instance) {
	group := in.ref("group")
	for i, u := range in.list("users") {
		m := &model.Membership{Meta: in.meta(indexed("users", i)), User: in.refOf(u), Group: group}
		m.SetField("User", u.Loc)
		in.inv.Memberships = append(in.inv.Memberships, m)
	}
}
