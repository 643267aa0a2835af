package rules

import "github.com/iacscan/iacscan/model"

// UnattachedPolicy finds customer managed policies attached to nothing.
var UnattachedPolicy = &Rule{
	ID:       "IAM405",
	Name:     "unattached-policy",
	Title:    "Customer managed policy attached to nothing",
	Severity: Info,
	Practice: "Regularly review and remove unused users, roles, permissions, policies, and credentials",
	Description: "A customer managed policy that no user, group or role holds, and that is no one's " +
		"permissions boundary, is dead weight: it is reviewed for nothing, or worse, attached later by someone " +
		"who trusts its name.\n\n" +
		"Only what the scanned code shows counts. No policy is reported when some attachment or boundary " +
		"names its policy by a value not known before deploy, and a policy whose ARN is exported (a Terraform " +
		"or CloudFormation output, for other stacks to attach) is not reported.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_policy" "old_deploy" {
  name   = "old-deploy"
  policy = data.aws_iam_policy_document.old_deploy.json
}`},
	},
	Fix:         "attach the policy or delete it",
	Remediation: "Attach the policy where it is meant to be used, or delete it.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_role_policy_attachment" "deploy" {
  role       = aws_iam_role.deploy.name
  policy_arn = aws_iam_policy.deploy.arn
}`},
		{CloudFormation, `DeployPolicy:
  Type: AWS::IAM::ManagedPolicy
  Properties:
    Roles: [!Ref DeployRole]
    PolicyDocument: { ... }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#remove-credentials",
	},
	Since: "0.1.0",
	Check: checkUnattachedPolicy,
}

func checkUnattachedPolicy(pass *Pass) {
	inv := pass.Inventory
	unresolved := unresolvedPolicyRefs(inv)
	exported := exportedElements(inv)
	for _, p := range inv.Policies {
		if p.Kind != model.Managed || exported[scopedID{p.Scope, p.ID}] || unresolved[p.Scope] {
			continue
		}
		if len(inv.AttachmentsTo(p)) == 0 && len(inv.BoundaryOf(p)) == 0 {
			pass.Reportf(&p.Meta, p.Loc, "%s is attached to no user, group or role and is no permissions boundary", policyLabel(p))
		}
	}
}

// unresolvedPolicyRefs returns the scopes (inputs) in which an attachment
// or boundary names a policy by a value not known before deploy: it may be
// any policy of that input.
func unresolvedPolicyRefs(inv *model.Inventory) map[string]bool {
	out := make(map[string]bool)
	unresolved := func(r model.Ref) bool {
		return r.IsSet() && inv.ManagedPolicy(r) == nil && !r.Value.IsKnown()
	}
	for _, a := range inv.Attachments {
		if unresolved(a.Policy) {
			out[a.Scope] = true
		}
	}
	for _, id := range inv.Identities {
		if unresolved(id.Boundary) {
			out[id.Scope] = true
		}
	}
	return out
}

// scopedID is an element ID within its input.
type scopedID struct{ scope, id string }

// exportedElements returns the IDs of elements an output refers to.
func exportedElements(inv *model.Inventory) map[scopedID]bool {
	out := make(map[scopedID]bool)
	for _, e := range inv.Exposures {
		if e.Kind != model.ExposureOutput {
			continue
		}
		for _, r := range e.Refs {
			out[scopedID{e.Scope, r.Ref.ID}] = true
		}
	}
	return out
}
