package cloudformation

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// orgMappers map AWS Organizations resources and VPC endpoints.
var orgMappers = map[string]func(*mapper, *current){
	"AWS::Organizations::Policy":             (*mapper).organizationsPolicy,
	"AWS::Organizations::Organization":       (*mapper).organization,
	"AWS::Organizations::OrganizationalUnit": (*mapper).orgUnit,
	"AWS::Organizations::Account":            (*mapper).orgAccount,
	"AWS::EC2::VPCEndpoint":                  (*mapper).vpcEndpoint,
}

// orgPolicyKinds are the AWS Organizations policy types that are IAM
// documents; the others (tag, backup, AI opt-out) grant and limit nothing.
var orgPolicyKinds = map[string]model.PolicyKind{
	"SERVICE_CONTROL_POLICY":  model.SCP,
	"RESOURCE_CONTROL_POLICY": model.RCP,
}

// organizationsPolicy maps service and resource control policies, and
// their TargetIds as one attachment each. A Type not known before deploy
// is taken as an SCP.
func (m *mapper) organizationsPolicy(c *current) {
	kind := model.SCP
	if typ := c.value("Type"); typ.IsKnown() {
		k, ok := orgPolicyKinds[typ.Text]
		if !ok {
			return
		}
		kind = k
	}
	doc := m.document(c.prop("Content"))
	if doc == nil {
		m.t.errorf(c.keyLoc, "%s (%s) has no Content", c.id, c.typ)
		return
	}
	m.addPolicy(&model.Policy{Meta: c.meta("", c.loc), Kind: kind, Name: c.value("Name"), Document: doc})
	c.each("TargetIds", func(path string, item *syntax.Node) {
		a := &model.OrgAttachment{Meta: c.meta(path, item.Loc), Policy: c.self(), Target: m.ref(item)}
		m.inv.OrgAttachments = append(m.inv.OrgAttachments, a)
	})
}

// organization records the organization as its root, which OUs and
// policies name with !GetAtt ORG.RootId.
func (m *mapper) organization(c *current) {
	m.inv.OrgNodes = append(m.inv.OrgNodes, &model.OrgNode{Meta: c.meta("", c.loc), Kind: model.OrgRoot, Organization: true})
}

func (m *mapper) orgUnit(c *current) {
	ou := &model.OrgNode{Meta: c.meta("", c.loc), Kind: model.OrgUnit, Name: c.value("Name")}
	if c.prop("ParentId") != nil {
		ou.Parents = []model.Ref{c.refProp("ParentId")}
		ou.SetField("Parent", c.propLoc("ParentId"))
	}
	m.inv.OrgNodes = append(m.inv.OrgNodes, ou)
}

// orgAccount records a member account: its ID is known only after
// deploy (the configuration's accounts can give it).
func (m *mapper) orgAccount(c *current) {
	acct := &model.OrgNode{Meta: c.meta("", c.loc), Kind: model.OrgAccount, Name: c.value("AccountName"),
		Account: model.Unresolved(c.id+".AccountId", c.loc)}
	acct.Parents = c.refs("ParentIds")
	acct.SetField("Parent", c.propLoc("ParentIds"))
	m.inv.OrgNodes = append(m.inv.OrgNodes, acct)
}

// vpcEndpoint records a VPC endpoint and its PolicyDocument; without one,
// the endpoint has the default policy, which allows everything.
func (m *mapper) vpcEndpoint(c *current) {
	e := &model.Endpoint{Meta: c.meta("", c.loc), Service: c.value("ServiceName"), Type: c.value("VpcEndpointType"), VPC: c.refProp("VpcId")}
	if !e.Type.Set {
		e.Type = model.Value{Text: "Gateway", Set: true, Loc: c.loc} // CloudFormation's default
	}
	m.inv.Endpoints = append(m.inv.Endpoints, e)
	if doc := m.document(c.prop("PolicyDocument")); doc != nil {
		p := m.addPolicy(&model.Policy{Meta: c.meta("PolicyDocument", c.propLoc("PolicyDocument")), Kind: model.EndpointPolicy,
			Service: "vpce", Owners: []model.Ref{c.self()}, Document: doc})
		p.SetField("Document", c.prop("PolicyDocument").Loc)
	}
}
