package tfaws

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// IAM Identity Center permission sets are principals: each becomes a role
// in every account it is assigned to, which people sign in to. A permission
// set is an Identity of kind PermissionSet; its inline policy, managed and
// customer managed policy attachments and boundary are the same elements
// as a role's.

func addPermissionSet(in *instance) {
	ps := &model.Identity{Meta: in.meta(""), Kind: model.PermissionSet, Name: in.computed("name")}
	ps.Fields = copyFields(in.Meta.Fields)
	if v := in.value("session_duration"); v.Set {
		ps.MaxSessionDuration = model.ISODurationSeconds(v)
		ps.SetField("MaxSessionDuration", in.loc("session_duration"))
	}
	in.inv.Identities = append(in.inv.Identities, ps)
}

func addPermissionSetInlinePolicy(in *instance) {
	p := in.policy(model.Inline, "inline_policy", in.meta(""))
	if p == nil {
		p = &model.Policy{Meta: in.meta(""), Kind: model.Inline}
		p.Document = syntax.DecodeDocument(syntax.UnknownNode(in.Meta.ID+".inline_policy", in.Meta.Loc))
	}
	p.Loc = in.Meta.Loc
	p.Owners = []model.Ref{in.ref("permission_set_arn")}
	p.SetField("Owner", in.loc("permission_set_arn"))
	in.inv.Policies = append(in.inv.Policies, p)
}

func addPermissionSetManagedPolicy(in *instance) {
	a := &model.Attachment{Meta: in.meta(""), Policy: in.ref("managed_policy_arn"),
		Identity: in.ref("permission_set_arn"), IdentityKind: model.PermissionSet}
	a.SetField("Policy", in.loc("managed_policy_arn"))
	a.SetField("Identity", in.loc("permission_set_arn"))
	in.inv.Attachments = append(in.inv.Attachments, a)
}

// addPermissionSetCustomerPolicy attaches a customer managed policy by the
// name it has in each account the permission set is assigned to: a policy
// of the scan with that name, when there is one.
func addPermissionSetCustomerPolicy(in *instance) {
	for i, ref := range in.blocks("customer_managed_policy_reference") {
		block := &instance{Instance: Instance{Meta: in.Meta, Module: in.Module, Attrs: ref}, inv: in.inv}
		a := &model.Attachment{Meta: in.meta(indexed("customer_managed_policy_reference", i)),
			Policy: block.ref("name"), Identity: in.ref("permission_set_arn"), IdentityKind: model.PermissionSet}
		a.SetField("Policy", block.loc("name"))
		a.SetField("Identity", in.loc("permission_set_arn"))
		in.inv.Attachments = append(in.inv.Attachments, a)
	}
}

// addPermissionSetBoundary sets a permission set's permissions boundary: an
// AWS managed policy by ARN, or a customer managed policy by name.
func addPermissionSetBoundary(in *instance) {
	for _, b := range in.blocks("permissions_boundary") {
		block := &instance{Instance: Instance{Meta: in.Meta, Module: in.Module, Attrs: b}, inv: in.inv}
		policy := block.ref("managed_policy_arn")
		for _, ref := range block.blocks("customer_managed_policy_reference") {
			policy = (&instance{Instance: Instance{Meta: in.Meta, Module: in.Module, Attrs: ref}, inv: in.inv}).ref("name")
		}
		if !policy.IsSet() {
			continue
		}
		ba := &model.BoundaryAttachment{Meta: in.meta("permissions_boundary"), Identity: in.ref("permission_set_arn"), Policy: policy}
		ba.Loc = b.Loc
		if ba.Loc.IsZero() {
			ba.Loc = in.Meta.Loc
		}
		in.inv.Boundaries = append(in.inv.Boundaries, ba)
	}
}

// addAccountAssignment is known so that it is not reported as unknown: it
// says which accounts and people get a permission set, which no rule needs
// (every permission set is judged as assigned).
func addAccountAssignment(*instance) {}
