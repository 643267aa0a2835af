package tfaws

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// orgPolicyKinds are the AWS Organizations policy types that are IAM
// documents; the others (tag, backup, AI opt-out) grant and limit nothing.
var orgPolicyKinds = map[string]model.PolicyKind{
	"SERVICE_CONTROL_POLICY":  model.SCP,
	"RESOURCE_CONTROL_POLICY": model.RCP,
}

// addOrganizationsPolicy maps service and resource control policies. A
// type not known before deploy is taken as an SCP, the default.
func addOrganizationsPolicy(in *instance) {
	kind := model.SCP
	if typ := in.value("type"); typ.IsKnown() {
		k, ok := orgPolicyKinds[typ.Text]
		if !ok {
			return
		}
		kind = k
	}
	p := in.policy(kind, "content", in.meta(""))
	if p == nil {
		return
	}
	p.Loc = in.Meta.Loc
	p.Name = in.value("name")
	in.inv.Policies = append(in.inv.Policies, p)
}

// addOrgAttachment attaches an SCP or RCP to a root, OU or account.
func addOrgAttachment(in *instance) {
	a := &model.OrgAttachment{Meta: in.meta(""), Policy: in.ref("policy_id"), Target: in.ref("target_id")}
	a.SetField("Target", in.loc("target_id"))
	in.inv.OrgAttachments = append(in.inv.OrgAttachments, a)
}

// addOrganization records the organization as its root: the OUs and
// policy attachments of the configuration name it through
// aws_organizations_organization.NAME.roots[0].id, which resolves to this
// element.
func addOrganization(in *instance) {
	root := &model.OrgNode{Meta: in.meta(""), Kind: model.OrgRoot, Organization: true, OrgID: in.computed("id")}
	if roots := in.blocks("roots"); len(roots) == 1 {
		root.Account = value(roots[0].Get("id"))
	}
	in.inv.OrgNodes = append(in.inv.OrgNodes, root)
}

func addOrgUnit(in *instance) {
	ou := &model.OrgNode{Meta: in.meta(""), Kind: model.OrgUnit, Name: in.value("name"), Account: in.value("id")}
	if in.attr("parent_id") != nil {
		ou.Parents = []model.Ref{in.ref("parent_id")}
		ou.SetField("Parent", in.loc("parent_id"))
	}
	in.inv.OrgNodes = append(in.inv.OrgNodes, ou)
}

// addOrgAccount records a member account. Its ID is the resource's id,
// known in a plan or state of an account that exists; a new account's ID
// is known only after apply (the configuration's accounts can give it).
func addOrgAccount(in *instance) {
	acct := &model.OrgNode{Meta: in.meta(""), Kind: model.OrgAccount, Name: in.value("name"), Account: in.computed("id")}
	if in.attr("parent_id") != nil {
		acct.Parents = []model.Ref{in.ref("parent_id")}
		acct.SetField("Parent", in.loc("parent_id"))
	}
	in.inv.OrgNodes = append(in.inv.OrgNodes, acct)
}

// addVPCEndpoint records a VPC endpoint and its policy; without one, the
// endpoint has the default policy, which allows everything.
func addVPCEndpoint(in *instance) {
	e := &model.Endpoint{Meta: in.meta(""), Service: in.value("service_name"), Type: in.value("vpc_endpoint_type"), VPC: in.ref("vpc_id")}
	if !e.Type.Set {
		e.Type = model.Value{Text: "Gateway", Set: true, Loc: in.Meta.Loc} // the provider's default
	}
	in.inv.Endpoints = append(in.inv.Endpoints, e)
	if p := in.policy(model.EndpointPolicy, "policy", in.meta("policy")); p != nil {
		p.Owners = []model.Ref{in.self()}
		p.Service = "vpce"
		in.inv.Policies = append(in.inv.Policies, p)
	}
}

// addVPCEndpointPolicy maps a policy set on an endpoint of its own
// resource.
func addVPCEndpointPolicy(in *instance) {
	p := in.policy(model.EndpointPolicy, "policy", in.meta(""))
	if p == nil {
		return
	}
	p.Loc = in.Meta.Loc
	p.Owners = []model.Ref{in.ref("vpc_endpoint_id")}
	p.SetField("Owner", in.loc("vpc_endpoint_id"))
	p.Service = "vpce"
	in.inv.Policies = append(in.inv.Policies, p)
}

// addProviderAccount records the account a root module's provider "aws"
// (or "aws" with an alias, for the elements it deploys) deploys to, where
// its arguments say: allowed_account_ids with one
// account, or the account of the role assume_role assumes. Several
// accounts allowed say nothing about which one.
func addProviderAccount(inv *model.Inventory, meta model.Meta, attrs *syntax.Node) {
	name := meta.ID
	if alias := value(attrs.Get("alias")); alias.IsKnown() {
		name += "." + alias.Text
	}
	bind := func(v model.Value, via string) {
		m := meta
		m.Fields = nil
		m.Loc = v.Loc
		inv.Accounts = append(inv.Accounts, &model.AccountBinding{Meta: m, Account: v, Via: name + " " + via,
			Provider: strings.TrimPrefix(name, "provider.")})
	}
	if ids := attrs.Get("allowed_account_ids"); ids != nil && ids.Kind == syntax.KindList && len(ids.Items) == 1 {
		if v := value(ids.Items[0]); v.IsKnown() && model.IsAccountID(v.Text) {
			bind(v, "allowed_account_ids")
			return
		}
	}
	if blocks := attrs.Get("assume_role"); blocks != nil && blocks.Kind == syntax.KindList && len(blocks.Items) == 1 {
		role := value(blocks.Items[0].Get("role_arn"))
		if account, ok := model.ARNAccount(role); ok {
			bind(model.Value{Text: account, Set: true, Loc: role.Loc}, "assume_role")
		}
	}
}
