# METADATA
# title: Principal other than a deployer allowed to pass roles
# description: |
#   Passing a role to a service (Lambda, EC2, ECS, CloudFormation) runs code
#   with that role's permissions: it is how a principal escalates. Only the
#   deployment roles (named `deploy-*`) may pass roles. The check reads
#   effective permissions, so a grant through a group or an AWS managed
#   policy counts, and a permissions boundary or Deny that removes
#   iam:PassRole clears it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
# custom:
#   id: ORG006
#   name: pass-role-deployers-only
#   severity: high
#   remediation: Remove iam:PassRole from the principal's policies, or move the work to a `deploy-*` role.
package org.pass_role

import data.iacscan.lib

deny contains lib.result(p, sprintf("%s %s may pass roles (iam:PassRole) but is not a deploy-* role", [p.kind, p.id])) if {
	some p in input.principals
	p.kind != "group"
	not deployer(p)
	lib.complete(p)
	lib.allows(p, "iam:PassRole")
}

deployer(p) if {
	p.kind == "role"
	lib.known(p.name)
	startswith(p.name, "deploy-")
}
