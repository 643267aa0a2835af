package cloudformation

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// permissionSet maps AWS::SSO::PermissionSet: an IAM Identity Center
// permission set is a principal (the role it becomes in each account it
// is assigned to) with an inline policy, AWS and customer managed policies
// and a permissions boundary, like a role.
func (m *mapper) permissionSet(c *current) {
	ps := &model.Identity{Meta: c.meta("", c.loc), Kind: model.PermissionSet, Name: c.value("Name")}
	ps.SetField("Name", c.propLoc("Name"))
	if d := c.value("SessionDuration"); d.Set {
		ps.MaxSessionDuration = model.ISODurationSeconds(d)
		ps.SetField("MaxSessionDuration", c.propLoc("SessionDuration"))
	}
	if b := c.prop("PermissionsBoundary"); b != nil && b.Kind == syntax.KindMap {
		if arn := b.Get("ManagedPolicyArn"); arn != nil {
			ps.Boundary = m.ref(arn)
		}
		if ref := b.Get("CustomerManagedPolicyReference"); ref != nil && ref.Kind == syntax.KindMap {
			ps.Boundary = m.ref(ref.Get("Name"))
		}
		ps.SetField("Boundary", c.propLoc("PermissionsBoundary"))
	}
	m.inv.Identities = append(m.inv.Identities, ps)
	if doc := m.document(c.prop("InlinePolicy")); doc != nil {
		m.addPolicy(&model.Policy{Meta: c.meta("InlinePolicy", c.propLoc("InlinePolicy")), Kind: model.Inline,
			Owners: []model.Ref{c.self()}, Document: doc})
	}
	c.each("ManagedPolicies", func(path string, item *syntax.Node) {
		m.inv.Attachments = append(m.inv.Attachments, &model.Attachment{
			Meta: c.meta(path, item.Loc), Policy: m.ref(item), Identity: c.self(), IdentityKind: model.PermissionSet,
		})
	})
	c.each("CustomerManagedPolicyReferences", func(path string, item *syntax.Node) {
		name := item
		if item.Kind == syntax.KindMap {
			name = item.Get("Name")
		}
		m.inv.Attachments = append(m.inv.Attachments, &model.Attachment{
			Meta: c.meta(path, item.Loc), Policy: m.ref(name), Identity: c.self(), IdentityKind: model.PermissionSet,
		})
	})
}
