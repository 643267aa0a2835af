package cloudformation

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// policySpec says where a resource type keeps a resource policy.
type policySpec struct {
	service  string
	document string // the property holding the document
	// owners is the property naming the protected resources; empty when
	// the document is a property of the protected resource itself.
	owners string
}

var resourcePolicies = map[string]policySpec{
	"AWS::S3::BucketPolicy":               {"s3", "PolicyDocument", "Bucket"},
	"AWS::SQS::QueuePolicy":               {"sqs", "PolicyDocument", "Queues"},
	"AWS::SNS::TopicPolicy":               {"sns", "PolicyDocument", "Topics"},
	"AWS::SNS::TopicInlinePolicy":         {"sns", "PolicyDocument", "TopicArn"},
	"AWS::SecretsManager::ResourcePolicy": {"secretsmanager", "ResourcePolicy", "SecretId"},
	"AWS::KMS::Key":                       {"kms", "KeyPolicy", ""},
	"AWS::ECR::Repository":                {"ecr", "RepositoryPolicyText", ""},
}

func (m *mapper) resourcePolicy(c *current, spec policySpec) {
	doc := m.document(c.prop(spec.document))
	if doc == nil {
		if spec.owners != "" {
			m.t.errorf(c.keyLoc, "%s (%s) has no %s", c.id, c.typ, spec.document)
		}
		return
	}
	p := &model.Policy{Kind: model.Resource, Service: spec.service, Document: doc}
	if spec.owners == "" {
		p.Meta = c.meta(spec.document, c.propLoc(spec.document))
		p.Owners = []model.Ref{c.self()}
	} else {
		p.Meta = c.meta("", c.loc)
		p.Owners = c.refs(spec.owners)
	}
	m.addPolicy(p)
}

// lambdaPermission maps AWS::Lambda::Permission to the one-statement
// resource policy Lambda adds to the function, its conditions included.
func (m *mapper) lambdaPermission(c *current) {
	perm := syntax.LambdaPermission{
		Principal: c.prop("Principal"), Action: c.prop("Action"), Function: c.prop("FunctionName"),
		SourceArn: c.prop("SourceArn"), SourceAccount: c.prop("SourceAccount"),
		PrincipalOrgID: c.prop("PrincipalOrgID"), FunctionURLAuthType: c.prop("FunctionUrlAuthType"),
		Loc: c.loc,
	}
	m.addPolicy(&model.Policy{
		Meta: c.meta("", c.loc), Kind: model.Resource, Service: "lambda",
		Owners: []model.Ref{c.refProp("FunctionName")}, Document: perm.Document(),
	})
}

// organizationsPolicy maps service control policies. Other policy types
// of AWS Organizations (tag, backup, AI opt-out) grant nothing; resource
// control policies are not analysed yet, and say so.
func (m *mapper) organizationsPolicy(c *current) {
	typ := c.value("Type")
	switch {
	case typ.Is("SERVICE_CONTROL_POLICY"):
	case typ.Is("RESOURCE_CONTROL_POLICY"):
		m.t.warnf(c.keyLoc, "%s is a resource control policy, which iacscan does not analyse yet", c.id)
		return
	default:
		return
	}
	doc := m.document(c.prop("Content"))
	if doc == nil {
		m.t.errorf(c.keyLoc, "%s (%s) has no Content", c.id, c.typ)
		return
	}
	m.addPolicy(&model.Policy{
		Meta: c.meta("", c.loc), Kind: model.SCP, Name: c.value("Name"),
		Owners: c.refs("TargetIds"), Document: doc,
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
