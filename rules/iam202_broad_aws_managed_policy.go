package rules

import (
	"fmt"
	"slices"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// BroadAWSManagedPolicy finds AWS managed policies attached to identities
// that, by their real document, grant administrator access or full control
// of IAM or Organizations.
var BroadAWSManagedPolicy = &Rule{
	ID:       "IAM202",
	Name:     "broad-aws-managed-policy",
	Title:    "Broad AWS managed policy attached",
	Severity: High,
	Practice: "Get started with AWS managed policies and move toward least-privilege permissions",
	Description: "AWS managed policies are written for every customer, so the broad ones grant far more " +
		"than one workload needs: `AdministratorAccess` everything, `PowerUserAccess` everything " +
		"but IAM and Organizations, `IAMFullAccess` the power to grant anything. Attached to a user, " +
		"group or role they make it an administrator, or one step from it.\n\n" +
		"The rule judges each attached AWS managed policy by its document at its default version " +
		"(from the embedded data, `iacscan version`), not by its name: it reports policies that " +
		"allow every action, nearly every action (90% or more), every IAM permissions-management " +
		"action, or every Organizations write action — on every resource, with no condition — as " +
		"far as the identity's own Denies, its permissions boundary and the SCPs of its account in " +
		"the scan let them through (under an SCP that allows only S3, `AdministratorAccess` gives " +
		"S3, and is not reported; under one that takes a few services away, the message says " +
		"\"within the SCPs of its account\"). Its IAM and Organizations actions are also asked of " +
		"the decision engine behind `iacscan can`: those it refuses on every resource do not count.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}`},
		{CloudFormation, `CIRole:
  Type: AWS::IAM::Role
  Properties:
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/PowerUserAccess`},
	},
	Fix: "attach a narrower policy",
	Remediation: "Attach a narrower AWS managed policy (a job-function or service policy), or write a " +
		"customer managed policy with the actions the workload uses. If the broad access is " +
		"needed, give it through a role people assume with MFA, and bound it with a permissions " +
		"boundary.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
	},
	Since: "0.1.0",
	Check: checkBroadAWSManagedPolicy,
}

func checkBroadAWSManagedPolicy(pass *Pass) {
	an := pass.IAM()
	b := newBroadness(an)
	for _, p := range an.Principals() {
		if p.Identity == nil {
			continue
		}
		var scps *access.OrgLimit
		asked := false // the SCPs, once a principal, and only if it holds one
		for _, at := range attachmentsHeld(pass.Inventory, p) {
			m := an.ManagedPolicy(at.Policy.Value)
			if m == nil || pass.Inventory.ManagedPolicy(at.Policy) != nil {
				continue
			}
			if !asked {
				scps, asked = access.SCPLimit(an, p), true
			}
			free, limited := b.granted(an, p, at, m, scps)
			if b.of(free) == "" {
				continue
			}
			if what := b.of(pass.withoutRefused(p, free, b.witness(free))); what != "" {
				within := ""
				if limited {
					within = " within the SCPs of its account"
				}
				pass.Reportf(&at.Meta, at.Loc, "%s has AWS managed policy `%s` attached, which allows %s%s%s",
					p.Label(), m.Name, what, within, unlessHidden(p.Incomplete()))
			}
		}
	}
}

// granted is what an attached AWS managed policy gives its holder freely
// (on every resource, with no condition), as far as the holder's Denies
// and boundary and the SCPs of its account (scps; nil when none applies)
// let it through; limited says the SCPs took some of it away. Under an
// SCP that allows only S3, AdministratorAccess gives S3.
func (b *broadnessOf) granted(an *iam.Analysis, p *iam.Permissions, at *model.Attachment, m *iam.ManagedPolicy, scps *access.OrgLimit) (free iam.ActionSet, limited bool) {
	c := an.Catalog
	free = c.Intersect(b.union(an, p, at, m), p.Allowed())
	if scps == nil {
		return free, false
	}
	within := c.Intersect(free, scps.Allowed)
	return within, within.Len() < free.Len()
}

// attachmentsHeld returns the attachments of a principal's own (not its
// groups'), also of one the scan does not declare, which only its grants
// know.
func attachmentsHeld(inv *model.Inventory, p *iam.Permissions) []*model.Attachment {
	if !p.Undeclared {
		return inv.AttachmentsOf(p.Identity)
	}
	var out []*model.Attachment
	for _, g := range p.Allows {
		if g.Attachment != nil && g.Group == nil && !slices.Contains(out, g.Attachment) {
			out = append(out, g.Attachment)
		}
	}
	return out
}

// freeUnion returns the actions an attachment grants the principal on every
// resource with no condition (before its Denies and boundary): the union
// of the attached policy's unconditional statements on "*".
func freeUnion(an *iam.Analysis, p *iam.Permissions, at *model.Attachment) iam.ActionSet {
	var sets []iam.ActionSet
	for _, g := range p.Allows {
		if g.Attachment != at || g.Condition.Set || !everyResourceStmt(g.Stmt) {
			continue
		}
		sets = append(sets, an.Actions(g.Stmt))
	}
	return an.Catalog.Union(sets...)
}

func everyResourceStmt(st *iam.Stmt) bool {
	_, _, ok := everyResource(st)
	return ok
}

// broadnessOf describes how broad the actions an AWS managed policy grants
// freely are. What depends on the catalog or the policy alone is computed
// once per check, not once per principal: a plan may attach the same policy
// to thousands of roles.
type broadnessOf struct {
	catalog *iam.Catalog
	iamPM   iam.ActionSet // IAM's permissions-management actions
	org     iam.ActionSet // AWS Organizations' write and permissions-management actions
	unions  map[*iam.ManagedPolicy]iam.ActionSet
}

func newBroadness(an *iam.Analysis) *broadnessOf {
	c := an.Catalog
	org := c.Service("organizations")
	return &broadnessOf{
		catalog: c,
		iamPM:   c.ServiceActions(c.Service("iam"), iam.PermissionsManagement),
		org:     c.Union(c.ServiceActions(org, iam.Write), c.ServiceActions(org, iam.PermissionsManagement)),
		unions:  make(map[*iam.ManagedPolicy]iam.ActionSet),
	}
}

// union is freeUnion, the same for every holder of the AWS managed policy
// m: its grants are m's statements.
func (b *broadnessOf) union(an *iam.Analysis, p *iam.Permissions, at *model.Attachment, m *iam.ManagedPolicy) iam.ActionSet {
	u, ok := b.unions[m]
	if !ok {
		u = freeUnion(an, p, at)
		b.unions[m] = u
	}
	return u
}

// witness is the part of a free set the decision engine is asked about:
// its IAM permissions-management and AWS Organizations actions, a few
// hundred, which make the policy broad on their own and which an SCP or
// a condition the sets do not see is most likely to refuse. Asking about
// every action of "every action" would cost thousands of evaluations per
// principal.
func (b *broadnessOf) witness(free iam.ActionSet) iam.ActionSet {
	return b.catalog.Intersect(free, b.catalog.Union(b.iamPM, b.org))
}

// withoutRefused is free without the actions of ask that the engine
// refuses p on every resource (a known no; unknown keeps them).
func (p *Pass) withoutRefused(holder *iam.Permissions, free, ask iam.ActionSet) iam.ActionSet {
	c := p.IAM().Catalog
	var refused []iam.ActionSet
	for a := range c.Actions(ask) {
		if knownNo(p.verdict(holder, a, "*")) {
			refused = append(refused, c.Match(a.String()))
		}
	}
	if len(refused) == 0 {
		return free
	}
	return c.Minus(free, c.Union(refused...))
}

// of describes how broad a set of free actions is, or "".
func (b *broadnessOf) of(free iam.ActionSet) string {
	n, all := free.Len(), b.catalog.NumActions()
	switch {
	case n == all:
		return "every action on every resource"
	case n*10 >= all*9:
		return fmt.Sprintf("nearly every action on every resource (%d of %d)", n, all)
	}
	if !b.iamPM.IsEmpty() && b.iamPM.SubsetOf(free) {
		return "every IAM permissions-management action on every resource, so it can grant itself anything"
	}
	if !b.org.IsEmpty() && b.org.SubsetOf(free) {
		return "full control of AWS Organizations"
	}
	return ""
}
