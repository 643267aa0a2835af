package cloudformation

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// identityMappers map the AWS::IAM resource types and IAM Identity Center
// permission sets.
var identityMappers = map[string]func(*mapper, *current){
	"AWS::IAM::Role":                (*mapper).role,
	"AWS::IAM::User":                (*mapper).user,
	"AWS::IAM::Group":               (*mapper).group,
	"AWS::IAM::Policy":              (*mapper).iamPolicy,
	"AWS::IAM::ManagedPolicy":       (*mapper).managedPolicy,
	"AWS::IAM::RolePolicy":          func(m *mapper, c *current) { m.ownedPolicy(c, "RoleName", model.Role) },
	"AWS::IAM::UserPolicy":          func(m *mapper, c *current) { m.ownedPolicy(c, "UserName", model.User) },
	"AWS::IAM::GroupPolicy":         func(m *mapper, c *current) { m.ownedPolicy(c, "GroupName", model.Group) },
	"AWS::IAM::AccessKey":           (*mapper).accessKey,
	"AWS::IAM::UserToGroupAddition": (*mapper).userToGroup,
	"AWS::IAM::InstanceProfile":     (*mapper).instanceProfile,
	"AWS::IAM::OIDCProvider":        (*mapper).oidcProvider,
	"AWS::IAM::ServiceLinkedRole":   (*mapper).serviceLinkedRole,
	// AWS::IAM::SAMLProvider holds SAML metadata only: trust policies that
	// name it as a Federated principal are what rules check.
	"AWS::IAM::SAMLProvider":  func(*mapper, *current) {},
	"AWS::SSO::PermissionSet": (*mapper).permissionSet,
	// AWS::SSO::Assignment says who gets a permission set in which
	// account; every permission set is judged as assigned.
	"AWS::SSO::Assignment": func(*mapper, *current) {},
}

// identity adds a user, group or role with the properties they share.
func (m *mapper) identity(c *current, kind model.IdentityKind, nameProp string) *model.Identity {
	id := &model.Identity{
		Meta:     c.meta("", c.loc),
		Kind:     kind,
		Name:     c.value(nameProp),
		Path:     c.value("Path"),
		Boundary: c.refProp("PermissionsBoundary"),
	}
	id.SetField("Name", c.propLoc(nameProp))
	id.SetField("Boundary", c.propLoc("PermissionsBoundary"))
	m.inv.Identities = append(m.inv.Identities, id)
	m.inlinePolicies(c, c.self())
	m.managedPolicyArns(c, kind)
	return id
}

func (m *mapper) role(c *current) {
	id := m.identity(c, model.Role, "RoleName")
	id.MaxSessionDuration = c.value("MaxSessionDuration")
	id.SetField("MaxSessionDuration", c.propLoc("MaxSessionDuration"))
	if doc := c.prop("AssumeRolePolicyDocument"); doc != nil {
		id.Trust = m.addPolicy(&model.Policy{
			Meta:     c.meta("AssumeRolePolicyDocument", c.propLoc("AssumeRolePolicyDocument")),
			Kind:     model.Trust,
			Owners:   []model.Ref{c.self()},
			Document: m.document(doc),
		})
	}
}

func (m *mapper) user(c *current) {
	m.identity(c, model.User, "UserName")
	c.each("Groups", func(path string, item *syntax.Node) {
		m.inv.Memberships = append(m.inv.Memberships, &model.Membership{
			Meta: c.meta(path, item.Loc), User: c.self(), Group: m.ref(item),
		})
	})
	if lp := c.prop("LoginProfile"); lp != nil {
		m.inv.LoginProfiles = append(m.inv.LoginProfiles, &model.LoginProfile{
			Meta: c.meta("LoginProfile", c.propLoc("LoginProfile")), User: c.self(),
		})
	}
}

func (m *mapper) group(c *current) { m.identity(c, model.Group, "GroupName") }

// inlinePolicies maps the Policies property of a user, group or role.
func (m *mapper) inlinePolicies(c *current, owner model.Ref) {
	c.each("Policies", func(path string, item *syntax.Node) {
		p := &model.Policy{Meta: c.meta(path, item.Loc), Kind: model.Inline, Owners: []model.Ref{owner}}
		switch item.Kind {
		case syntax.KindMap:
			p.Name = scalar(item.Get("PolicyName"))
			p.Document = m.document(item.Get("PolicyDocument"))
			if p.Document == nil {
				m.t.errorf(item.Loc, "%s.%s has no PolicyDocument", c.id, path)
				return
			}
		case syntax.KindUnknown:
			p.Document = syntax.DecodeDocument(item)
		default:
			m.t.errorf(item.Loc, "%s.%s must be a map with PolicyName and PolicyDocument", c.id, path)
			return
		}
		m.addPolicy(p)
	})
}

// managedPolicyArns maps the ManagedPolicyArns of an identity to
// attachments.
func (m *mapper) managedPolicyArns(c *current, kind model.IdentityKind) {
	c.each("ManagedPolicyArns", func(path string, item *syntax.Node) {
		m.inv.Attachments = append(m.inv.Attachments, &model.Attachment{
			Meta: c.meta(path, item.Loc), Policy: m.ref(item), Identity: c.self(), IdentityKind: kind,
		})
	})
}

// iamPolicy maps AWS::IAM::Policy: an inline policy put into each of the
// roles, users and groups it names.
func (m *mapper) iamPolicy(c *current) {
	var owners []model.Ref
	var kinds []model.IdentityKind
	for _, prop := range []struct {
		name string
		kind model.IdentityKind
	}{{"Roles", model.Role}, {"Users", model.User}, {"Groups", model.Group}} {
		refs := c.refs(prop.name)
		owners = append(owners, refs...)
		for range refs {
			kinds = append(kinds, prop.kind)
		}
	}
	if p := m.policyResource(c, model.Inline, "PolicyName", owners); p != nil {
		p.OwnerKinds = kinds
	}
}

// ownedPolicy maps AWS::IAM::RolePolicy, UserPolicy and GroupPolicy.
func (m *mapper) ownedPolicy(c *current, ownerProp string, kind model.IdentityKind) {
	owners := c.refs(ownerProp)
	if p := m.policyResource(c, model.Inline, "PolicyName", owners); p != nil {
		for range owners {
			p.OwnerKinds = append(p.OwnerKinds, kind)
		}
	}
}

func (m *mapper) policyResource(c *current, kind model.PolicyKind, nameProp string, owners []model.Ref) *model.Policy {
	doc := m.document(c.prop("PolicyDocument"))
	if doc == nil {
		m.t.errorf(c.keyLoc, "%s (%s) has no PolicyDocument", c.id, c.typ)
		return nil
	}
	p := &model.Policy{Meta: c.meta("", c.loc), Kind: kind, Name: c.value(nameProp), Owners: owners, Document: doc}
	p.SetField("Name", c.propLoc(nameProp))
	return m.addPolicy(p)
}

// managedPolicy maps AWS::IAM::ManagedPolicy and its attachments to the
// roles, users and groups it lists.
func (m *mapper) managedPolicy(c *current) {
	if m.policyResource(c, model.Managed, "ManagedPolicyName", nil) == nil {
		return
	}
	for _, prop := range []struct {
		name string
		kind model.IdentityKind
	}{{"Roles", model.Role}, {"Users", model.User}, {"Groups", model.Group}} {
		c.each(prop.name, func(path string, item *syntax.Node) {
			m.inv.Attachments = append(m.inv.Attachments, &model.Attachment{
				Meta: c.meta(path, item.Loc), Policy: c.self(), Identity: m.ref(item), IdentityKind: prop.kind,
			})
		})
	}
}

func (m *mapper) accessKey(c *current) {
	k := &model.AccessKey{Meta: c.meta("", c.loc), User: c.refProp("UserName"), Status: c.value("Status")}
	k.SetField("Status", c.propLoc("Status"))
	m.inv.AccessKeys = append(m.inv.AccessKeys, k)
}

func (m *mapper) userToGroup(c *current) {
	group := c.refProp("GroupName")
	c.each("Users", func(path string, item *syntax.Node) {
		m.inv.Memberships = append(m.inv.Memberships, &model.Membership{
			Meta: c.meta(path, item.Loc), User: m.ref(item), Group: group,
		})
	})
}

func (m *mapper) instanceProfile(c *current) {
	m.inv.InstanceProfiles = append(m.inv.InstanceProfiles, &model.InstanceProfile{
		Meta: c.meta("", c.loc), Roles: c.refs("Roles"),
	})
}

func (m *mapper) oidcProvider(c *current) {
	p := &model.OIDCProvider{Meta: c.meta("", c.loc), URL: c.value("Url")}
	if ids := c.prop("ClientIdList"); ids != nil {
		p.ClientIDs = model.Values{Set: true, Loc: ids.Loc}
		c.each("ClientIdList", func(_ string, item *syntax.Node) {
			if item.Kind == syntax.KindUnknown && item == ids {
				p.ClientIDs.Unknown, p.ClientIDs.Expr = true, item.Expr
				return
			}
			p.ClientIDs.Items = append(p.ClientIDs.Items, scalar(item))
		})
	}
	p.SetField("URL", c.propLoc("Url"))
	p.SetField("ClientIDs", c.propLoc("ClientIdList"))
	m.inv.OIDCProviders = append(m.inv.OIDCProviders, p)
}

// serviceLinkedRole maps AWS::IAM::ServiceLinkedRole: a role whose trust
// and permissions AWS defines, so only the identity is known.
func (m *mapper) serviceLinkedRole(c *current) {
	m.inv.Identities = append(m.inv.Identities, &model.Identity{Meta: c.meta("", c.loc), Kind: model.Role, ServiceLinked: true})
}
