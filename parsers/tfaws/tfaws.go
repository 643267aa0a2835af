package tfaws

import (
	"fmt"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// Instance is one resource instance in the attribute shape of plan JSON:
// attributes as map entries, nested blocks as lists of objects, unknown values
// as model unknowns.
type Instance struct {
	// Meta.ID is the full address with module path and instance key
	// (module.app.aws_iam_role.task["a"]); Type is the resource type; Loc is
	// the block; Fields may hold attribute locations by attribute name.
	Meta model.Meta
	// Module is the module path prefix of the address ("" for the root
	// module, "module.app", …), used to turn references into inventory IDs.
	Module string
	// Data marks a data source (data.aws_iam_policy_document …).
	Data  bool
	Attrs *syntax.Node // KindMap of attributes
}

// Add adds the IAM-relevant elements of one instance to inv and reports
// whether the type is one it knows. Unknown types are not an error.
func Add(inv *model.Inventory, in Instance) bool {
	if in.Data {
		return false
	}
	inv.Coverage.Resources++
	if in.Attrs != nil && in.Attrs.Kind == syntax.KindMap {
		addProvisioners(inv, in) // any resource type may have them
	}
	add, ok := mappers[in.Meta.Type]
	if !ok {
		if bearsPolicy(in.Attrs) {
			inv.Coverage.NotAnalysedType(in.Meta.Type)
		}
		return false
	}
	if in.Attrs == nil || in.Attrs.Kind != syntax.KindMap {
		in.Attrs = &syntax.Node{Kind: syntax.KindMap, Loc: in.Meta.Loc}
	}
	add(&instance{Instance: in, inv: inv})
	return true
}

// bearsPolicy reports whether a resource's attributes hold a policy document
// under a policy attribute: a structured document or JSON text with a
// Statement. A value not known before deploy is not counted: it may be
// anything.
func bearsPolicy(attrs *syntax.Node) bool {
	if attrs == nil || attrs.Kind != syntax.KindMap {
		return false
	}
	for _, e := range attrs.Entries {
		if !model.IsPolicyProperty(e.Key) {
			continue
		}
		if syntax.HasStatement(e.Value) {
			return true
		}
	}
	return false
}

// Known reports whether Add maps resources of the type.
func Known(resourceType string) bool {
	_, ok := mappers[resourceType]
	return ok
}

// mappers maps a resource type to the function that adds its elements. It is
// read-only after initialisation.
var mappers = map[string]func(*instance){
	"aws_iam_role":                    addRole,
	"aws_iam_user":                    addUser,
	"aws_iam_group":                   addGroup,
	"aws_iam_policy":                  addPolicy,
	"aws_iam_role_policy":             inlinePolicy("role"),
	"aws_iam_user_policy":             inlinePolicy("user"),
	"aws_iam_group_policy":            inlinePolicy("group"),
	"aws_iam_role_policy_attachment":  attachment("role", model.Role),
	"aws_iam_user_policy_attachment":  attachment("user", model.User),
	"aws_iam_group_policy_attachment": attachment("group", model.Group),
	"aws_iam_policy_attachment":       addPolicyAttachment,
	"aws_iam_user_group_membership":   addUserGroupMembership,
	"aws_iam_group_membership":        addGroupMembership,
	"aws_iam_access_key":              addAccessKey,
	"aws_iam_user_login_profile":      addLoginProfile,
	"aws_iam_account_password_policy": addPasswordPolicy,
	"aws_iam_openid_connect_provider": addOIDCProvider,
	"aws_iam_saml_provider":           addSAMLProvider,
	"aws_iam_instance_profile":        addInstanceProfile,
	"aws_iam_service_linked_role":     addServiceLinkedRole,
	"aws_cloudtrail":                  addTrail,

	"aws_iam_role_policy_attachments_exclusive":  exclusiveAttachments("role_name", model.Role),
	"aws_iam_user_policy_attachments_exclusive":  exclusiveAttachments("user_name", model.User),
	"aws_iam_group_policy_attachments_exclusive": exclusiveAttachments("group_name", model.Group),
	"aws_iam_role_policies_exclusive":            exclusiveInline,
	"aws_iam_user_policies_exclusive":            exclusiveInline,
	"aws_iam_group_policies_exclusive":           exclusiveInline,

	"aws_lambda_permission": addLambdaPermission,

	// AWS Organizations and VPC endpoints
	"aws_organizations_policy":              addOrganizationsPolicy,
	"aws_organizations_policy_attachment":   addOrgAttachment,
	"aws_organizations_organization":        addOrganization,
	"aws_organizations_organizational_unit": addOrgUnit,
	"aws_organizations_account":             addOrgAccount,
	"aws_vpc_endpoint":                      addVPCEndpoint,
	"aws_vpc_endpoint_policy":               addVPCEndpointPolicy,

	// IAM Identity Center
	"aws_ssoadmin_permission_set":                     addPermissionSet,
	"aws_ssoadmin_permission_set_inline_policy":       addPermissionSetInlinePolicy,
	"aws_ssoadmin_managed_policy_attachment":          addPermissionSetManagedPolicy,
	"aws_ssoadmin_customer_managed_policy_attachment": addPermissionSetCustomerPolicy,
	"aws_ssoadmin_permissions_boundary_attachment":    addPermissionSetBoundary,
	"aws_ssoadmin_account_assignment":                 addAccountAssignment,

	// resource policies of their own shape (the others: resourcePolicyTypes)
	"aws_s3control_multi_region_access_point_policy": addMultiRegionAccessPointPolicy,
	"aws_iot_policy": addIoTPolicy,

	// sharing without a document
	"aws_ami_launch_permission":                addAMILaunchPermission,
	"aws_snapshot_create_volume_permission":    addSnapshotVolumePermission,
	"aws_db_snapshot":                          dbSnapshotSharing("rds:RestoreDBInstanceFromDBSnapshot"),
	"aws_db_cluster_snapshot":                  dbSnapshotSharing("rds:RestoreDBClusterFromSnapshot"),
	"aws_lambda_layer_version_permission":      addLayerVersionPermission,
	"aws_cloudwatch_event_permission":          addEventPermission,
	"aws_ram_resource_share":                   addRAMShare,
	"aws_ram_principal_association":            addRAMAssociation,
	"aws_ram_resource_association":             addRAMAssociation,
	"aws_iot_policy_attachment":                knownOnly,
	"aws_opensearchserverless_access_policy":   addCollectionPolicy(false),
	"aws_opensearchserverless_security_policy": addCollectionPolicy(true),

	"aws_lambda_function":      addLambda,
	"aws_instance":             addUserData,
	"aws_launch_template":      addUserData,
	"aws_launch_configuration": addUserData,
	"aws_ecs_task_definition":  addContainerEnvironment,
}

// instance is an Instance being mapped, with helpers to read its attributes.
type instance struct {
	Instance
	inv *model.Inventory
}

// attr returns an attribute's node, or nil when absent or null.
func (in *instance) attr(name string) *syntax.Node {
	n := in.Attrs.Get(name)
	if n == nil || n.Kind == syntax.KindNull {
		return nil
	}
	return n
}

// loc returns the location of an attribute, or of the block.
func (in *instance) loc(name string) model.Location {
	if n := in.attr(name); n != nil && !n.Loc.IsZero() {
		return n.Loc
	}
	return in.Meta.At(name)
}

// meta returns a copy of the instance's Meta for an element nested at path.
func (in *instance) meta(path string) model.Meta {
	m := in.Meta
	m.Fields = nil
	m.Path = path
	return m
}

// value reads a scalar attribute. Absent and null attributes are not Set.
func (in *instance) value(name string) model.Value { return value(in.attr(name)) }

// computed reads a scalar attribute that the provider computes when the
// configuration leaves it out (a generated name): absent means unknown.
func (in *instance) computed(name string) model.Value {
	if v := in.value(name); v.Set {
		return v
	}
	return model.Unresolved(in.Meta.ID+"."+name, in.Meta.Loc)
}

// value converts a node into a scalar Value. A list or object where a scalar
// belongs is reported as unknown rather than guessed at.
func value(n *syntax.Node) model.Value {
	switch {
	case n == nil || n.Kind == syntax.KindNull:
		return model.Value{}
	case n.IsScalar():
		return n.Scalar()
	case n.Kind == syntax.KindUnknown:
		return model.Value{Text: "${" + n.Expr + "}", Unknown: true, Expr: n.Expr, Loc: n.Loc, Set: true}
	default:
		return model.Value{Text: "${" + n.Kind.String() + "}", Unknown: true, Expr: n.Kind.String(), Loc: n.Loc, Set: true}
	}
}

// ref reads an attribute naming another element (a role name, a policy ARN).
func (in *instance) ref(name string) model.Ref { return in.refOf(in.attr(name)) }

func (in *instance) refOf(n *syntax.Node) model.Ref {
	v := value(n)
	return model.Ref{ID: RefID(v, in.Module), Value: v}
}

// list returns the items of a list attribute. An unknown list is returned as
// one unknown item, so that whatever it stands for is not lost.
func (in *instance) list(name string) []*syntax.Node {
	n := in.attr(name)
	switch {
	case n == nil:
		return nil
	case n.Kind == syntax.KindList:
		return n.Items
	default:
		return []*syntax.Node{n}
	}
}

// blocks returns the objects of a nested block attribute.
func (in *instance) blocks(name string) []*syntax.Node {
	var out []*syntax.Node
	for _, b := range in.list(name) {
		if b.Kind == syntax.KindMap {
			out = append(out, b)
		}
	}
	return out
}

func indexed(name string, i int) string { return fmt.Sprintf("%s[%d]", name, i) }
