package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// sharingMappers map the resource types that grant access with something
// other than a resource policy property: a statement of their own, sharing
// written as arguments (syntax.Sharing), or policies per replica.
var sharingMappers = map[string]func(*mapper, *current){
	"AWS::Lambda::LayerVersionPermission":       (*mapper).layerPermission,
	"AWS::Events::EventBusPolicy":               (*mapper).eventBusPolicy,
	"AWS::DynamoDB::GlobalTable":                (*mapper).globalTable,
	"AWS::IoT::Policy":                          (*mapper).iotPolicy,
	"AWS::RAM::ResourceShare":                   (*mapper).ramShare,
	"AWS::OpenSearchServerless::AccessPolicy":   (*mapper).collectionPolicy,
	"AWS::OpenSearchServerless::SecurityPolicy": (*mapper).collectionPolicy,
	"AWS::Serverless::Api":                      (*mapper).samAPIPolicy,
}

func (m *mapper) addSharing(c *current, service string, owner model.Ref, s syntax.Sharing) {
	if s.Loc.IsZero() {
		s.Loc = c.loc
	}
	m.addPolicy(&model.Policy{Meta: c.meta("", c.loc), Kind: model.Resource, Service: service,
		Owners: []model.Ref{owner}, Document: s.Document()})
}

// layerPermission maps AWS::Lambda::LayerVersionPermission: an account,
// or everyone ("*") maybe limited to an organization, may use the layer.
func (m *mapper) layerPermission(c *current) {
	action := "lambda:GetLayerVersion"
	if a := c.value("Action"); a.IsKnown() {
		action = a.Text
	}
	m.addSharing(c, "lambda", c.refProp("LayerVersionArn"), syntax.Sharing{
		With: c.prop("Principal"), Actions: []string{action}, OrgID: c.prop("OrganizationId"), Loc: c.propLoc("Principal"),
	})
}

// eventBusPolicy maps AWS::Events::EventBusPolicy: one statement of the
// bus's policy, given whole (Statement) or as the older Principal, Action
// and Condition properties.
func (m *mapper) eventBusPolicy(c *current) {
	bus := c.refProp("EventBusName")
	if st := c.prop("Statement"); st != nil {
		doc := &syntax.Node{Kind: syntax.KindMap, Loc: st.Loc, Entries: []*syntax.Entry{
			{Key: "Version", KeyLoc: st.Loc, Value: syntax.StringNode("2012-10-17", st.Loc)},
			{Key: "Statement", KeyLoc: st.Loc, Value: &syntax.Node{Kind: syntax.KindList, Loc: st.Loc, Items: []*syntax.Node{st}}},
		}}
		m.addPolicy(&model.Policy{Meta: c.meta("Statement", c.propLoc("Statement")), Kind: model.Resource, Service: "events",
			Owners: []model.Ref{bus}, Document: syntax.DecodeDocument(doc)})
		return
	}
	action := "events:PutEvents"
	if a := c.value("Action"); a.IsKnown() {
		action = a.Text
	}
	var org *syntax.Node
	if cond := c.prop("Condition"); cond != nil && scalar(cond.Get("Key")).Is("aws:PrincipalOrgID") {
		org = cond.Get("Value")
	}
	m.addSharing(c, "events", bus, syntax.Sharing{With: c.prop("Principal"), Actions: []string{action}, OrgID: org, Loc: c.propLoc("Principal")})
}

// globalTable maps the table and stream resource policies of each replica
// of AWS::DynamoDB::GlobalTable.
func (m *mapper) globalTable(c *current) {
	c.each("Replicas", func(path string, replica *syntax.Node) {
		for _, keys := range [][]string{{"ResourcePolicy", "PolicyDocument"}, {"ReplicaStreamSpecification", "ResourcePolicy", "PolicyDocument"}} {
			n := replica
			for _, k := range keys {
				if n != nil && n.Kind == syntax.KindMap {
					n = n.Get(k)
				} else {
					n = nil
				}
			}
			if doc := m.document(n); doc != nil {
				m.addPolicy(&model.Policy{Meta: c.meta(path+"."+strings.Join(keys, "."), n.Loc), Kind: model.Resource,
					Service: "dynamodb", Owners: []model.Ref{c.self()}, Document: doc})
			}
		}
	})
}

// iotPolicy maps an AWS IoT Core policy: a document of iot: actions for
// the certificates and identities it is attached to, judged like an
// identity policy of unknown holders.
func (m *mapper) iotPolicy(c *current) {
	doc := m.document(c.prop("PolicyDocument"))
	if doc == nil {
		m.t.errorf(c.keyLoc, "%s (%s) has no PolicyDocument", c.id, c.typ)
		return
	}
	p := &model.Policy{Meta: c.meta("", c.loc), Kind: model.Standalone, Name: c.value("PolicyName"), Service: "iot", Document: doc}
	m.addPolicy(p)
}

// ramShare maps AWS::RAM::ResourceShare: its resources shared with its
// principals. Principals outside the organization are allowed unless
// AllowExternalPrincipals is false (true when left out).
func (m *mapper) ramShare(c *current) {
	external := c.value("AllowExternalPrincipals")
	if !external.Set {
		external = model.Value{Text: "true", Set: true, Loc: c.keyLoc}
	}
	m.inv.Shares = append(m.inv.Shares, &model.Share{Meta: c.meta("", c.loc), External: external,
		Principals: c.prop("Principals").ListValues(), Resources: c.prop("ResourceArns").ListValues(),
		Permissions: c.prop("PermissionArns").ListValues()})
}

// collectionPolicy maps AWS::OpenSearchServerless::AccessPolicy and the
// network policies of AWS::OpenSearchServerless::SecurityPolicy: rules in
// OpenSearch Serverless's own grammar, judged by IAM304 and IAM302.
// Encryption policies grant nothing and are not read.
func (m *mapper) collectionPolicy(c *current) {
	network := c.typ == "AWS::OpenSearchServerless::SecurityPolicy"
	if network && !c.value("Type").Is("network") {
		return
	}
	rules, unknown, err := syntax.DecodeCollectionPolicy(c.prop("Policy"), network)
	if err != nil {
		m.t.errs = append(m.t.errs, err)
		return
	}
	meta := c.meta("", c.loc)
	meta.SetField("Policy", c.propLoc("Policy"))
	m.inv.CollectionPolicies = append(m.inv.CollectionPolicies, &model.CollectionPolicy{
		Meta: meta, Name: c.value("Name"), Network: network, Rules: rules, Unknown: unknown,
	})
}
