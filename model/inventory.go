package model

import "strings"

// Source is the kind of input an element came from.
type Source string

const (
	SourceTerraform      Source = "terraform"      // .tf / .tf.json
	SourcePlan           Source = "plan"           // terraform show -json
	SourceCloudFormation Source = "cloudformation" // CloudFormation, SAM, CDK output
	SourcePolicy         Source = "policy"         // a bare policy document file
	SourceConfig         Source = "config"         // .iacscan.yml (accounts of the organization)
)

// Meta is what every inventory element has: a stable address, where it came
// from, and where a person would edit it.
type Meta struct {
	// ID is stable across runs: a Terraform address with module path and
	// instance key (module.app.aws_iam_role.task["a"]), a CloudFormation
	// logical ID, or the path of a bare policy document.
	ID string
	// Type is the input's own resource type (aws_iam_role, AWS::IAM::Role),
	// for messages; rules never switch on it.
	Type   string
	Source Source
	Loc    Location
	// Path is the property inside the resource that holds the element, for
	// elements nested in another (a role's inline_policy, a SAM function's
	// Policies[1]); empty for top-level resources.
	Path string
	// Fields holds the locations of individual properties by model field
	// name (e.g. "Boundary", "MaxSessionDuration"), so findings about one
	// property point at it. See At and SetField. An element has a few, so
	// they are a list: a map per element was a sixth of the memory of a
	// large plan's inventory.
	Fields []Field
	// MayApply marks an element standing for instances whose count or
	// for_each was unknown: zero or more real ones.
	MayApply bool
	// Scope is the unit of input in which IDs are unique: a Terraform root
	// module's directory, a template, plan or policy file. Two root modules
	// can both have aws_iam_role.app; references by ID resolve within the
	// scope of the element that holds them. See Inventory.SetScope.
	Scope string
	// Call is the module call that made the element, for elements of
	// Terraform module code; nil in a root module and other inputs.
	Call *ModuleCall
	// Construct is the CDK construct path of the resource the element comes
	// from (aws:cdk:path, "AppStack/Uploads/Resource"): the name people know
	// a synthesized resource by, where its logical ID is a hash.
	Construct string
	// Provider is the Terraform provider configuration of the root module
	// that deploys the element when it is not the default "aws": "aws.prod"
	// for provider = aws.prod, or in a module called with providers = {
	// aws = aws.prod }. A configuration that cannot be followed to the root
	// module is named as the module writes it ("module.app: aws.x").
	Provider string
}

// Field is the location of one property of an element.
type Field struct {
	Name string
	Loc  Location
}

// At returns the location of a property, or of the element when the
// property's own location is not known.
func (m *Meta) At(field string) Location {
	for _, f := range m.Fields {
		if f.Name == field {
			return f.Loc
		}
	}
	return m.Loc
}

// SetField records the location of a property. The list is never changed
// in place, so Metas copied from one another can each set their own.
func (m *Meta) SetField(field string, loc Location) {
	if loc.IsZero() {
		return
	}
	fields := make([]Field, 0, len(m.Fields)+1)
	for _, f := range m.Fields {
		if f.Name != field {
			fields = append(fields, f)
		}
	}
	m.Fields = append(fields, Field{Name: field, Loc: loc})
}

// Ref points from one element to another: by inventory ID when the input
// names the element (a Terraform reference, a CloudFormation Ref or GetAtt),
// and by the name or ARN as written otherwise. Value may be unknown.
type Ref struct {
	ID    string
	Value Value
	// Scope is the scope of the element holding the reference; Link sets it.
	Scope string
}

// IsSet reports whether the reference is present in the input.
func (r Ref) IsSet() bool { return r.ID != "" || r.Value.Set }

// String describes the reference for messages.
func (r Ref) String() string {
	if r.ID != "" {
		return r.ID
	}
	return r.Value.String()
}

// IdentityKind is the kind of an IAM identity.
type IdentityKind string

const (
	User  IdentityKind = "user"
	Group IdentityKind = "group"
	Role  IdentityKind = "role"
	// PermissionSet is an IAM Identity Center permission set: the role
	// Identity Center provisions in each account it is assigned to, which
	// people sign in to. Its session duration is MaxSessionDuration.
	PermissionSet IdentityKind = "permission-set"
)

// Identity is an IAM user, group or role.
type Identity struct {
	Meta
	Kind IdentityKind
	Name Value
	// Trust is a role's assume-role policy (also in Inventory.Policies).
	Trust *Policy
	// Boundary is the permissions boundary: a managed policy by ID or ARN.
	Boundary           Ref
	MaxSessionDuration Value // seconds, roles only
	// Path is the IAM path of a user, group or role as the input writes
	// it; not set when the input leaves it out (see IAMPath).
	Path Value
	// ServiceLinked marks a service-linked role: AWS writes its policies,
	// and neither SCPs nor RCPs limit it.
	ServiceLinked bool
}

// IAMPath returns the identity's IAM path ("/", "/team/"), the part of its
// ARN between the kind and the name, when the scan knows it: what the
// input sets, else AWS's default "/". A service-linked role's path is
// AWS's (/aws-service-role/…) and a permission set has none.
func (id *Identity) IAMPath() (string, bool) {
	switch {
	case id.Kind == PermissionSet || id.ServiceLinked:
		return "", false
	case !id.Path.Set:
		return "/", true
	case id.Path.IsKnown():
		return id.Path.Text, true
	}
	return "", false
}

// PolicyKind is what a policy document is used as.
type PolicyKind string

const (
	Managed  PolicyKind = "managed"  // customer managed policy (aws_iam_policy, AWS::IAM::ManagedPolicy)
	Inline   PolicyKind = "inline"   // embedded in users, groups or roles
	Trust    PolicyKind = "trust"    // a role's assume-role policy
	Resource PolicyKind = "resource" // on an S3 bucket, SQS queue, KMS key, Lambda function, …
	SCP      PolicyKind = "scp"      // AWS Organizations service control policy
	RCP      PolicyKind = "rcp"      // AWS Organizations resource control policy
	// Endpoint is a VPC endpoint policy: it limits what requests through
	// the endpoint may do, and grants nothing.
	EndpointPolicy PolicyKind = "endpoint"
	// Standalone is a bare policy document file, whose use is not known:
	// an identity policy when no statement names a principal, a resource
	// policy otherwise (see IsIdentityPolicy, IsResourcePolicy).
	Standalone PolicyKind = "standalone"
)

// Policy is a policy document and what it is used as. Every document in the
// inputs is one Policy, whether it stands alone or is nested in another
// resource (then Path says where).
type Policy struct {
	Meta
	Kind PolicyKind
	Name Value
	ARN  Value // managed policies, when the input states or implies it
	// Owners are the identities an inline policy is embedded in, the role of
	// a trust policy, or the resource a resource policy protects.
	Owners []Ref
	// OwnerKinds are the kinds of identity the Owners of an inline policy
	// are, position by position, where the input says (aws_iam_user_policy,
	// AWS::IAM::Policy Users): a name alone does not tell a role from a
	// user when the identity is not in the scan. See OwnerKind.
	OwnerKinds []IdentityKind
	// Service is the service of the resource a resource policy protects
	// ("s3", "sqs", "sns", "kms", "lambda", "ecr", "secretsmanager", …):
	// the ARN service, told apart where one service has resources with
	// different policy rules ("s3-access-point" for access points and
	// multi-region access points, whose TLS is the bucket policy's matter).
	Service  string
	Document *Document
	// Template names the policy template the document was expanded from
	// (SAM's "SQSPollerPolicy"): its action names are the template's text,
	// which the input cannot change; only the parameters come from the input.
	Template string
}

// OwnerKind is the kind of the i-th owner as the input says, or "".
func (p *Policy) OwnerKind(i int) IdentityKind {
	if i < len(p.OwnerKinds) {
		return p.OwnerKinds[i]
	}
	return ""
}

// IsIdentityPolicy reports whether the policy grants permissions to the
// identities it is attached to (managed or inline, or a bare document without
// principals).
func (p *Policy) IsIdentityPolicy() bool {
	switch p.Kind {
	case Managed, Inline:
		return true
	case Standalone:
		return !p.Document.namesPrincipal()
	}
	return false
}

// IsResourcePolicy reports whether the policy is attached to a resource and
// names the principals it grants to (including a bare document that names
// principals and is not a trust policy). Trust policies are not resource
// policies here.
func (p *Policy) IsResourcePolicy() bool {
	switch p.Kind {
	case Resource:
		return true
	case Standalone:
		return p.Document.namesPrincipal() && !p.Document.onlyAssumesRoles()
	}
	return false
}

// IsTrustPolicy reports whether the policy says who may assume a role: a
// role's trust policy, or a bare document (as kept for `aws iam create-role
// --assume-role-policy-document`) that names principals and whose every
// statement grants only sts: role-assumption actions.
func (p *Policy) IsTrustPolicy() bool {
	switch p.Kind {
	case Trust:
		return true
	case Standalone:
		return p.Document.namesPrincipal() && p.Document.onlyAssumesRoles()
	}
	return false
}

// Attachment attaches a managed policy (customer managed in the inventory, or
// AWS managed by ARN) to a user, group or role.
type Attachment struct {
	Meta
	Policy       Ref
	Identity     Ref
	IdentityKind IdentityKind // kind of the identity, when the input says
}

// BoundaryAttachment sets the permissions boundary of an identity from a
// resource of its own (aws_ssoadmin_permissions_boundary_attachment); Link
// gives it to the identity when the identity states none.
type BoundaryAttachment struct {
	Meta
	Identity Ref
	Policy   Ref
}

// Membership puts a user in a group.
type Membership struct {
	Meta
	User  Ref
	Group Ref
}

// AccessKey is a long-term access key of a user.
type AccessKey struct {
	Meta
	User   Ref
	PGPKey Value // Terraform: the key that encrypts the secret in state
	Status Value
}

// LoginProfile gives a user a console password.
type LoginProfile struct {
	Meta
	User Ref
}

// PasswordPolicy is the account password policy. Absent settings have Set false.
type PasswordPolicy struct {
	Meta
	MinimumLength      Value
	RequireSymbols     Value
	RequireNumbers     Value
	RequireUppercase   Value
	RequireLowercase   Value
	MaxAge             Value // days
	ReusePrevention    Value
	HardExpiry         Value
	AllowUsersToChange Value
}

// Trail is a CloudTrail trail.
type Trail struct {
	Meta
	MultiRegion         Value
	GlobalServiceEvents Value
	LogFileValidation   Value
	Logging             Value
}

// OIDCProvider is an IAM OpenID Connect identity provider.
type OIDCProvider struct {
	Meta
	URL       Value
	ClientIDs Values
}

// InstanceProfile hands a role to EC2 instances.
type InstanceProfile struct {
	Meta
	Roles []Ref
}

// ExposureKind says where a value ends up readable.
type ExposureKind string

const (
	ExposureOutput      ExposureKind = "output"      // Terraform output, CloudFormation Outputs
	ExposureEnvironment ExposureKind = "environment" // Lambda / ECS environment variables
	ExposureUserData    ExposureKind = "user-data"   // EC2 instance or launch template user data
	// ExposureProvisioner is a Terraform provisioner's command, script or
	// file: on the instance (remote-exec, file; Name is the provisioner
	// type) or the deployer's machine (local-exec).
	ExposureProvisioner ExposureKind = "provisioner"
	ExposureProvider    ExposureKind = "provider"  // Terraform provider configuration
	ExposureParameter   ExposureKind = "parameter" // CloudFormation parameter default, Terraform variable default
	// ExposureModuleArgument is an argument of a Terraform module call
	// whose code is not in reach (not installed): what it does with the
	// value is not known, but a credential written there is written.
	ExposureModuleArgument ExposureKind = "module argument"
)

// Exposure is a value written where people or other systems can read it:
// where credentials leak. Refs are the attributes of other elements the value
// is made of (an access key's secret, for one).
type Exposure struct {
	Meta
	Kind  ExposureKind
	Name  string // output or variable name, environment key
	Value Value
	Refs  []AttrRef
}

// AttrRef is a reference to one attribute of another element, such as the
// secret of an access key. Attr uses the model's vocabulary ("secret").
type AttrRef struct {
	Ref  Ref
	Attr string
}

// Ignore is an inline suppression directive as written in the input
// (# iacscan:ignore IAM401 -- reason, or CloudFormation Metadata).
type Ignore struct {
	Loc     Location
	Rules   []string
	Reason  string
	Expires string // YYYY-MM-DD, optional
	// Scope is the range the directive covers: the block or resource it is
	// on or above.
	Scope Location
	// Origin is the scanner whose comment this is ("checkov", "tfsec",
	// "trivy", "kics"), whose Rules are that scanner's check IDs; "" for
	// iacscan's own directives.
	Origin string
	// Line: the directive covers the findings that start on Scope's line
	// (a peer's ignore-line), not only those inside Scope.
	Line bool
}

// Inventory is everything one scan found, from every input. Parsers fill it;
// Link resolves references; rules read it.
type Inventory struct {
	Files []string // inputs read, in scan order
	// Embedded are files that configuration reads into itself (Terraform's
	// file() of a policy.json), as absolute paths with symbolic links
	// resolved: Load drops them as inputs of their own, so that one policy
	// is not judged twice.
	Embedded         []string
	Identities       []*Identity
	Policies         []*Policy
	Attachments      []*Attachment
	Boundaries       []*BoundaryAttachment
	Memberships      []*Membership
	AccessKeys       []*AccessKey
	LoginProfiles    []*LoginProfile
	PasswordPolicies []*PasswordPolicy
	Trails           []*Trail
	OIDCProviders    []*OIDCProvider
	InstanceProfiles []*InstanceProfile
	Exposures        []*Exposure
	Ignores          []Ignore
	// Warnings are inputs a parser read but could not judge (an unknown
	// SAM event type), reported with the input errors, so that nothing is
	// skipped silently. An input error found while mapping a resource (an
	// OpenSearch Serverless policy that is not valid JSON) is here too,
	// without Warning set.
	Warnings []*InputError
	// OwnAccounts are account IDs the inputs state to be the deployer's
	// own: a plan's data.aws_caller_identity account_id, a provider's
	// allowed_account_ids. Rules ask IsOwnAccount, which adds what Link
	// infers.
	OwnAccounts []Value
	// OrgNodes are the organization's root, OUs and accounts, from the
	// inputs and the configuration; OrgAttachments attach SCPs and RCPs to
	// them.
	OrgNodes       []*OrgNode
	OrgAttachments []*OrgAttachment
	// Accounts say which account each scope deploys to, where the inputs
	// say (providers, parameters); AccountMappings are the configuration's
	// accounts, which bind the scopes under their paths.
	Accounts        []*AccountBinding
	AccountMappings []AccountMapping
	// OrgIDs are the organizations the configuration names (org_ids).
	OrgIDs []string
	// Endpoints are VPC endpoints; their policies are in Policies too.
	Endpoints []*Endpoint
	// Shares are AWS RAM resource shares and their associations.
	Shares []*Share
	// CollectionPolicies are OpenSearch Serverless data access and network
	// policies.
	CollectionPolicies []*CollectionPolicy
	// Declared names what the inputs let users set: Terraform root module
	// variables ("var.NAME") and CloudFormation parameters ("param.NAME"),
	// so that a --var or --cfn-param that sets nothing can be warned about.
	Declared []string
	// Coverage counts what was read and what was not analysed.
	Coverage Coverage

	links *links
}

// Merge appends everything in o to inv. Call Link after the last Merge.
func (inv *Inventory) Merge(o *Inventory) {
	inv.Files = append(inv.Files, o.Files...)
	inv.Embedded = append(inv.Embedded, o.Embedded...)
	for _, k := range kinds {
		k.merge(inv, o)
	}
	inv.Ignores = append(inv.Ignores, o.Ignores...)
	inv.Warnings = append(inv.Warnings, o.Warnings...)
	inv.OwnAccounts = append(inv.OwnAccounts, o.OwnAccounts...)
	inv.AccountMappings = append(inv.AccountMappings, o.AccountMappings...)
	inv.OrgIDs = append(inv.OrgIDs, o.OrgIDs...)
	inv.Declared = append(inv.Declared, o.Declared...)
	inv.Coverage.merge(o.Coverage)
	inv.links = nil
}

// arnName returns the last path segment of an IAM ARN's resource part:
// "app" for arn:aws:iam::123456789012:role/team/app.
func arnName(arn string) (kind, name string, ok bool) {
	if !strings.HasPrefix(arn, "arn:") {
		return "", "", false
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[2] != "iam" {
		return "", "", false
	}
	kind, rest, ok := strings.Cut(parts[5], "/")
	if !ok {
		return "", "", false
	}
	return kind, rest[strings.LastIndex(rest, "/")+1:], true
}

// ARNIdentity returns the kind and name of the IAM user, group or role an
// ARN names (arn:aws:iam::123456789012:role/team/app → role, app).
func ARNIdentity(arn string) (IdentityKind, string, bool) {
	kind, name, ok := arnName(arn)
	switch IdentityKind(kind) {
	case User, Group, Role:
		return IdentityKind(kind), name, ok
	}
	return "", "", false
}
