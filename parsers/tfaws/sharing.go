package tfaws

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// Sharing that uses no document (an AMI launch permission, a snapshot shared
// with accounts or "all", a Lambda layer or EventBridge bus permission) is
// written as the resource policy it amounts to (syntax.Sharing), so the
// resource-policy rules judge it.

func (in *instance) addSharing(service string, owner model.Ref, s syntax.Sharing) {
	if s.Loc.IsZero() {
		s.Loc = in.Meta.Loc
	}
	p := &model.Policy{Meta: in.meta(""), Kind: model.Resource, Service: service, Document: s.Document(), Owners: []model.Ref{owner}}
	in.inv.Policies = append(in.inv.Policies, p)
}

func addAMILaunchPermission(in *instance) {
	for _, attr := range []string{"account_id", "group", "organization_arn", "organizational_unit_arn"} {
		if n := in.attr(attr); n != nil {
			in.addSharing("ec2", in.ref("image_id"), syntax.Sharing{With: n, Actions: []string{"ec2:RunInstances", "ec2:CopyImage"}, Loc: n.Loc})
		}
	}
}

func addSnapshotVolumePermission(in *instance) {
	if n := in.attr("account_id"); n != nil {
		in.addSharing("ec2", in.ref("snapshot_id"), syntax.Sharing{With: n, Actions: []string{"ec2:CreateVolume", "ec2:CopySnapshot"}, Loc: n.Loc})
	}
}

// dbSnapshotSharing maps the shared_accounts of aws_db_snapshot and
// aws_db_cluster_snapshot: accounts that may copy and restore the snapshot,
// everyone when "all".
func dbSnapshotSharing(restore string) func(*instance) {
	return func(in *instance) {
		for _, n := range in.list("shared_accounts") {
			in.addSharing("rds", in.self(), syntax.Sharing{With: n, Actions: []string{restore, "rds:CopyDBSnapshot"}, Loc: n.Loc})
		}
	}
}

func addLayerVersionPermission(in *instance) {
	action := in.attr("action")
	if action == nil || action.Kind != syntax.KindString || action.Unknown {
		action = syntax.StringNode("lambda:GetLayerVersion", in.Meta.Loc)
	}
	in.addSharing("lambda", in.ref("layer_name"), syntax.Sharing{
		With: in.attr("principal"), Actions: []string{action.Value}, OrgID: in.attr("organization_id"), Loc: in.loc("principal"),
	})
}

// addEventPermission maps aws_cloudwatch_event_permission: an account, or
// everyone ("*") limited by an organization condition, may put events on
// the bus.
func addEventPermission(in *instance) {
	action := in.attr("action")
	if action == nil || action.Kind != syntax.KindString || action.Unknown {
		action = syntax.StringNode("events:PutEvents", in.Meta.Loc)
	}
	var org *syntax.Node
	for _, c := range in.blocks("condition") {
		if k := c.Get("key"); k != nil && k.Value == "aws:PrincipalOrgID" {
			org = c.Get("value")
		}
	}
	in.addSharing("events", in.ref("event_bus_name"), syntax.Sharing{
		With: in.attr("principal"), Actions: []string{action.Value}, OrgID: org, Loc: in.loc("principal"),
	})
}

// warnf records a warning about the instance: something read but not
// judged.
func (in *instance) warnf(format string, args ...any) {
	e := model.Errorf(in.Meta.Loc, format, args...)
	e.Warning = true
	in.inv.Warnings = append(in.inv.Warnings, e)
}

// addRAMShare maps aws_ram_resource_share: who it is shared with and what
// it shares come from the associations (addRAMAssociation), joined to it
// by reference when the inventory is linked. Principals outside the
// organization are refused unless allow_external_principals is true
// (false when left out).
func addRAMShare(in *instance) {
	external := in.value("allow_external_principals")
	if !external.Set {
		external = model.Value{Text: "false", Set: true, Loc: in.Meta.Loc}
	}
	in.inv.Shares = append(in.inv.Shares, &model.Share{Meta: in.meta(""), ARN: in.value("arn"), External: external,
		Permissions: in.attr("permission_arns").ListValues()})
}

// addRAMAssociation maps aws_ram_principal_association (principal) and
// aws_ram_resource_association (resource_arn): one principal or resource
// added to the share its resource_share_arn names.
func addRAMAssociation(in *instance) {
	s := &model.Share{Meta: in.meta(""), Of: in.ref("resource_share_arn")}
	if !s.Of.IsSet() {
		s.Of.Value = model.Unresolved(in.Meta.ID+".resource_share_arn", in.Meta.Loc)
	}
	switch in.Meta.Type {
	case "aws_ram_principal_association":
		s.Principals = in.attr("principal").ListValues()
	default:
		s.Resources = in.attr("resource_arn").ListValues()
	}
	in.inv.Shares = append(in.inv.Shares, s)
}

// knownOnly marks a type whose access is judged through another element
// (an attachment of an IoT policy).
func knownOnly(*instance) {}

// addCollectionPolicy maps aws_opensearchserverless_access_policy (network
// false) and the network policies of aws_opensearchserverless_security_policy:
// rules in OpenSearch Serverless's own grammar, judged by IAM304 and IAM302.
// Encryption policies grant nothing and are not read.
func addCollectionPolicy(network bool) func(*instance) {
	return func(in *instance) {
		if network && !in.value("type").Is("network") {
			return
		}
		n := in.attr("policy")
		rules, unknown, err := syntax.DecodeCollectionPolicy(n, network)
		if err != nil {
			in.inv.Warnings = append(in.inv.Warnings, err)
			return
		}
		m := in.meta("")
		m.SetField("Policy", in.loc("policy"))
		in.inv.CollectionPolicies = append(in.inv.CollectionPolicies, &model.CollectionPolicy{
			Meta: m, Name: in.value("name"), Network: network, Rules: rules, Unknown: unknown,
		})
	}
}
