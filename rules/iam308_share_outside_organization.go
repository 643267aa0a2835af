package rules

import (
	"slices"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// ShareOutsideOrganization finds AWS RAM resource shares and OpenSearch
// Serverless data access policies that name accounts the scan does not
// show to be the deployer's or its organization's.
var ShareOutsideOrganization = &Rule{
	ID:       "IAM308",
	Name:     "resource-share-outside-organization",
	Title:    "Resource shared with an account outside the organization",
	Severity: Medium,
	Practice: "Verify public and cross-account access",
	Description: "An AWS RAM resource share lets the principals it names use its resources (subnets, Transit " +
		"Gateways, Route 53 Resolver rules, License Manager configurations, …) as far as the share's RAM " +
		"permissions allow. With external principals allowed (`allow_external_principals = true`; " +
		"CloudFormation's `AllowExternalPrincipals`, true unless set false), a share may name any AWS account, " +
		"or a role or user in one, and who in that account uses the resources is up to its administrators. " +
		"The rule reports the accounts, or IAM principals in accounts, that are neither yours nor in your " +
		"organization as far as the scan shows.\n\n" +
		"Sharing with an organization or organizational unit ARN, with a service principal, or with external " +
		"principals not allowed (RAM refuses accounts outside the organization then) is not a finding. An account " +
		"is yours when it is listed in `trusted_accounts`, is an account of the organization declared in the " +
		"scan (`aws_organizations_account`, the configuration's `accounts`), or is the account being deployed to " +
		"(`data.aws_caller_identity`, `AWS::AccountId`). Terraform principal and resource associations count " +
		"for the share their `resource_share_arn` refers to; an association whose share is not in the scan, " +
		"and values unknown before deploy, are not findings; where they decide whether a share reaches outside " +
		"the organization, the scan warns about them instead. What the account may do is the share's " +
		"`permission_arns` (`PermissionArns`), or the default RAM managed permission of each resource type; " +
		"iacscan does not read those permissions, so it does not say which actions they are. The severity is " +
		"medium: RAM permissions let an account use a resource, mostly not change who else may.\n\n" +
		"OpenSearch Serverless data access policies are judged alike: a rule whose `Principal` names an account's " +
		"root or an IAM role or user of an account outside the organization is a finding, with the permissions " +
		"and collections it grants. SAML identities (`saml/…`) belong to the collection's account and are not.",
	Bad: []Example{
		{Terraform, `resource "aws_ram_resource_share" "tgw" {
  name                      = "transit"
  allow_external_principals = true
}

resource "aws_ram_principal_association" "partner" {
  principal          = "444455556666"
  resource_share_arn = aws_ram_resource_share.tgw.arn
}`},
	},
	Fix: "share only within your organization",
	Remediation: "Share with the organization or an organizational unit (its ARN as the principal) and set " +
		"`allow_external_principals = false` (`AllowExternalPrincipals: false`), so that RAM refuses accounts " +
		"that leave or were never in it. If the account is yours, list it in `trusted_accounts`, or declare " +
		"it in the organization. In an OpenSearch Serverless data access policy, name roles of your own " +
		"accounts; give another account's principals a role in yours to assume.",
	Fixes: []Example{
		{Terraform, `resource "aws_ram_resource_share" "tgw" {
  name                      = "transit"
  allow_external_principals = false
}

resource "aws_ram_principal_association" "workloads" {
  principal          = aws_organizations_organizational_unit.workloads.arn
  resource_share_arn = aws_ram_resource_share.tgw.arn
}`},
		{CloudFormation, `TransitShare:
  Type: AWS::RAM::ResourceShare
  Properties:
    Name: transit
    AllowExternalPrincipals: false
    Principals: [!Ref WorkloadsOuArn]
    ResourceArns: [!Sub "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:transit-gateway/${TransitGateway}"]`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html",
		"https://docs.aws.amazon.com/ram/latest/userguide/security-iam-policies.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-preview-access",
	},
	Since: "0.2.0",
	Check: checkShareOutsideOrganization,
}

func checkShareOutsideOrganization(pass *Pass) {
	inv := pass.Inventory
	for _, s := range inv.Shares {
		if s.IsAssociation() || !s.External.IsKnown() || !strings.EqualFold(s.External.Text, "true") {
			continue
		}
		parts := append([]*model.Share{s}, inv.ShareAssociations(s)...)
		var resources []model.Value
		for _, p := range parts {
			resources = append(resources, p.Resources.Items...)
		}
		for _, p := range parts {
			var outside []string
			var at model.Location
			for _, v := range p.Principals.Items {
				if !outsideAccount(pass, &p.Meta, v) {
					continue
				}
				if at.IsZero() {
					at = v.Loc
				}
				if !slices.Contains(outside, v.Text) {
					outside = append(outside, v.Text)
				}
			}
			if len(outside) == 0 {
				continue
			}
			pass.Reportf(&p.Meta, at, "%s shares %s with %s, which the scan does not show to be yours or in your organization, "+
				"and allows external principals; what they may do is set by %s%s",
				shareLabel(s, p), sharedText(resources), commas.list(quoted(outside), -1), permissionsText(s), trustedHint(pass.Config))
		}
	}
	checkCollectionsOutside(pass)
}

// outsideAccount reports whether a principal is an account, or an IAM
// principal in one, that the scan does not show to be the deployer's (the
// element's own account, trusted_accounts, the account being deployed to)
// or its organization's.
func outsideAccount(pass *Pass, m *model.Meta, v model.Value) bool {
	account, ok := accountOf(v)
	if !ok || ownAccountRef(v) || trusted(pass, account) || pass.Inventory.OrgAccountNode(account) != nil {
		return false
	}
	b := pass.Inventory.ElementAccount(m)
	return b == nil || !b.Account.Is(account)
}

// checkCollectionsOutside is IAM308 on OpenSearch Serverless data access
// policies: a rule naming principals of accounts outside the organization.
func checkCollectionsOutside(pass *Pass) {
	for _, p := range pass.Inventory.CollectionPolicies {
		if p.Network {
			continue
		}
		for _, r := range p.Rules {
			var outside []string
			var at model.Location
			for _, v := range r.Principals.Items {
				if !outsideAccount(pass, &p.Meta, v) || slices.Contains(outside, v.Text) {
					continue
				}
				if at.IsZero() {
					at = v.Loc
				}
				outside = append(outside, v.Text)
			}
			if len(outside) == 0 {
				continue
			}
			collections, perms, _ := collectionsOf(r)
			pass.Reportf(&p.Meta, at, "%s grants %s to %s, which the scan does not show to be yours or in your organization%s",
				collectionLabel(p), collectionText(collections, perms), commas.list(quoted(outside), -1), trustedHint(pass.Config))
		}
	}
}

// shareLabel names the element that shares: the share, or an association
// and the share it adds to.
func shareLabel(s, part *model.Share) string {
	if part == s {
		return "RAM share `" + s.ID + "`"
	}
	return "`" + part.ID + "` of RAM share `" + s.ID + "`"
}

// sharedText names what a share shares, as far as the scan shows.
func sharedText(resources []model.Value) string {
	var known []model.Value
	for _, r := range resources {
		if r.IsKnown() {
			known = append(known, r)
		}
	}
	if len(known) == 0 {
		return "its resources"
	}
	return quoteList(known, 3)
}

// permissionsText names the RAM permissions that decide what is shared.
func permissionsText(s *model.Share) string {
	if len(s.Permissions.Items) == 0 && !s.Permissions.Unknown {
		return "the default RAM permission of each resource type"
	}
	if vs := s.Permissions.Items; len(vs) > 0 && !s.Permissions.Unknown && slices.ContainsFunc(vs, model.Value.IsKnown) {
		return "its RAM permissions " + quoteList(vs, 3)
	}
	return "its RAM permissions"
}
