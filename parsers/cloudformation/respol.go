package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/model"
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
	at := func(name string) model.Location { return c.propLoc(name) }
	stmt := &model.Node{Kind: model.KindMap, Loc: c.loc}
	add := func(key string, loc model.Location, v *model.Node) {
		stmt.Entries = append(stmt.Entries, &model.Entry{Key: key, KeyLoc: loc, Value: v})
	}
	add("Effect", c.keyLoc, model.StringNode("Allow", c.keyLoc))
	if p := c.prop("Principal"); p != nil {
		add("Principal", at("Principal"), lambdaPrincipal(p))
	}
	if a := c.prop("Action"); a != nil {
		add("Action", at("Action"), a)
	}
	if f := c.prop("FunctionName"); f != nil {
		add("Resource", at("FunctionName"), model.LambdaFunctionResource(f))
	}
	cond := &model.Node{Kind: model.KindMap, Loc: c.loc}
	for _, k := range []struct{ prop, op, key string }{
		{"SourceArn", "ArnLike", "aws:SourceArn"},
		{"SourceAccount", "StringEquals", "aws:SourceAccount"},
		{"PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID"},
		{"FunctionUrlAuthType", "StringEquals", "lambda:FunctionUrlAuthType"},
	} {
		v := c.prop(k.prop)
		if v == nil {
			continue
		}
		op := cond.Get(k.op)
		if op == nil {
			op = &model.Node{Kind: model.KindMap, Loc: at(k.prop)}
			cond.Entries = append(cond.Entries, &model.Entry{Key: k.op, KeyLoc: at(k.prop), Value: op})
		}
		op.Entries = append(op.Entries, &model.Entry{Key: k.key, KeyLoc: at(k.prop), Value: v})
	}
	if len(cond.Entries) > 0 {
		add("Condition", c.loc, cond)
	}
	doc := &model.Node{Kind: model.KindMap, Loc: c.loc, Entries: []*model.Entry{
		{Key: "Version", KeyLoc: c.keyLoc, Value: model.StringNode("2012-10-17", c.keyLoc)},
		{Key: "Statement", KeyLoc: c.keyLoc, Value: &model.Node{Kind: model.KindList, Loc: c.loc, Items: []*model.Node{stmt}}},
	}}
	m.addPolicy(&model.Policy{
		Meta: c.meta("", c.loc), Kind: model.Resource, Service: "lambda",
		Owners: []model.Ref{c.refProp("FunctionName")}, Document: model.DecodeDocument(doc),
	})
}

// lambdaPrincipal writes the Principal property of a Lambda permission as
// a policy principal: "*", a service, or an account or ARN.
func lambdaPrincipal(p *model.Node) *model.Node {
	if p.Kind != model.KindString || p.Unknown {
		return p
	}
	if p.Value == "*" {
		return p
	}
	typ := "AWS"
	if strings.HasSuffix(p.Value, ".amazonaws.com") || strings.HasSuffix(p.Value, ".amazonaws.com.cn") {
		typ = "Service"
	}
	return &model.Node{Kind: model.KindMap, Loc: p.Loc, Entries: []*model.Entry{{Key: typ, KeyLoc: p.Loc, Value: p}}}
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
