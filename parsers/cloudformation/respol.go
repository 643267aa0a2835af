package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// policySpec says where a resource type keeps a resource policy.
type policySpec struct {
	service string
	// document is the property holding the document; a dotted path for
	// one nested in another (ResourcePolicy.PolicyDocument).
	document string
	// owners is the property naming the protected resources; empty when
	// the document is a property of the protected resource itself.
	owners string
}

// resourcePolicies are the resource types holding a resource policy; they
// differ only by property names, so one mapper (resourcePolicy) serves
// them all.
var resourcePolicies = map[string]policySpec{
	"AWS::S3::BucketPolicy":                  {"s3", "PolicyDocument", "Bucket"},
	"AWS::S3::AccessPoint":                   {"s3-access-point", "Policy", ""},
	"AWS::S3::MultiRegionAccessPointPolicy":  {"s3-access-point", "Policy", "MrapName"},
	"AWS::S3Outposts::BucketPolicy":          {"s3-outposts", "PolicyDocument", "Bucket"},
	"AWS::S3Express::BucketPolicy":           {"s3express", "PolicyDocument", "Bucket"},
	"AWS::S3ObjectLambda::AccessPointPolicy": {"s3-object-lambda", "PolicyDocument", "ObjectLambdaAccessPoint"},
	"AWS::S3Tables::TableBucketPolicy":       {"s3tables", "ResourcePolicy", "TableBucketARN"},
	"AWS::SQS::QueuePolicy":                  {"sqs", "PolicyDocument", "Queues"},
	"AWS::SNS::TopicPolicy":                  {"sns", "PolicyDocument", "Topics"},
	"AWS::SNS::TopicInlinePolicy":            {"sns", "PolicyDocument", "TopicArn"},
	"AWS::SecretsManager::ResourcePolicy":    {"secretsmanager", "ResourcePolicy", "SecretId"},
	"AWS::KMS::Key":                          {"kms", "KeyPolicy", ""},
	"AWS::ECR::Repository":                   {"ecr", "RepositoryPolicyText", ""},
	"AWS::ECR::PublicRepository":             {"ecr-public", "RepositoryPolicyText", ""},
	"AWS::ECR::RegistryPolicy":               {"ecr", "PolicyText", ""},
	"AWS::EFS::FileSystem":                   {"elasticfilesystem", "FileSystemPolicy", ""},
	"AWS::OpenSearchService::Domain":         {"es", "AccessPolicies", ""},
	"AWS::Elasticsearch::Domain":             {"es", "AccessPolicies", ""},
	"AWS::ApiGateway::RestApi":               {"execute-api", "Policy", ""},
	"AWS::Logs::Destination":                 {"logs", "DestinationPolicy", ""},
	"AWS::Logs::ResourcePolicy":              {"logs", "PolicyDocument", ""},
	"AWS::Events::EventBus":                  {"events", "Policy", ""},
	"AWS::Backup::BackupVault":               {"backup", "AccessPolicy", ""},
	"AWS::DynamoDB::Table":                   {"dynamodb", "ResourcePolicy.PolicyDocument", ""},
	"AWS::Kinesis::ResourcePolicy":           {"kinesis", "ResourcePolicy", "ResourceARN"},
	"AWS::CodeArtifact::Domain":              {"codeartifact", "PermissionsPolicyDocument", ""},
	"AWS::CodeArtifact::Repository":          {"codeartifact", "PermissionsPolicyDocument", ""},
	"AWS::MediaStore::Container":             {"mediastore", "Policy", ""},
	"AWS::CloudTrail::ResourcePolicy":        {"cloudtrail", "ResourcePolicy", "ResourceArn"},
}

func (m *mapper) resourcePolicy(c *current, spec policySpec) {
	if c.typ == "AWS::DynamoDB::Table" {
		m.nestedResourcePolicy(c, "dynamodb", "StreamSpecification", "ResourcePolicy", "PolicyDocument")
	}
	path := strings.Split(spec.document, ".")
	doc := m.document(c.path(path...))
	if doc == nil {
		if spec.owners != "" {
			m.t.errorf(c.keyLoc, "%s (%s) has no %s", c.id, c.typ, spec.document)
		}
		return
	}
	p := &model.Policy{Kind: model.Resource, Service: spec.service, Document: doc}
	if spec.owners == "" {
		p.Meta = c.meta(spec.document, c.propLoc(path[0]))
		p.Owners = []model.Ref{c.self()}
	} else {
		p.Meta = c.meta("", c.loc)
		p.Owners = c.refs(spec.owners)
	}
	m.addPolicy(p)
}

// nestedResourcePolicy maps a resource policy of the resource itself kept
// at a nested path (a DynamoDB table's stream policy).
func (m *mapper) nestedResourcePolicy(c *current, service string, path ...string) {
	n := c.path(path...)
	doc := m.document(n)
	if doc == nil {
		return
	}
	m.addPolicy(&model.Policy{
		Meta: c.meta(strings.Join(path, "."), n.Loc), Kind: model.Resource, Service: service,
		Owners: []model.Ref{c.self()}, Document: doc,
	})
}

// path follows properties through nested maps; nil when one is absent.
func (c *current) path(keys ...string) *syntax.Node {
	n := c.props
	for _, k := range keys {
		if n == nil || n.Kind != syntax.KindMap {
			return nil
		}
		n = n.Get(k)
	}
	return n
}

// lambdaPermission maps AWS::Lambda::Permission to the one-statement
// resource policy Lambda adds to the function, its conditions included.
func (m *mapper) lambdaPermission(c *current) {
	perm := syntax.LambdaPermission{
		Principal: c.prop("Principal"), Action: c.prop("Action"), Function: c.prop("FunctionName"),
		SourceArn: c.prop("SourceArn"), SourceAccount: c.prop("SourceAccount"),
		PrincipalOrgID: c.prop("PrincipalOrgID"), FunctionURLAuthType: c.prop("FunctionUrlAuthType"),
		EventSourceToken: c.prop("EventSourceToken"),
		Loc:              c.loc,
	}
	m.addPolicy(&model.Policy{
		Meta: c.meta("", c.loc), Kind: model.Resource, Service: "lambda",
		Owners: []model.Ref{c.refProp("FunctionName")}, Document: perm.Document(),
	})
}

func (m *mapper) trail(c *current) {
	t := &model.Trail{
		Meta:                c.meta("", c.loc),
		MultiRegion:         c.value("IsMultiRegionTrail"),
		GlobalServiceEvents: c.value("IncludeGlobalServiceEvents"),
		LogFileValidation:   c.value("EnableLogFileValidation"),
		Logging:             c.value("IsLogging"),
	}
	for field, prop := range map[string]string{
		"MultiRegion": "IsMultiRegionTrail", "GlobalServiceEvents": "IncludeGlobalServiceEvents",
		"LogFileValidation": "EnableLogFileValidation", "Logging": "IsLogging",
	} {
		t.SetField(field, c.propLoc(prop))
	}
	m.inv.Trails = append(m.inv.Trails, t)
}
