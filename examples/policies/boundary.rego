# METADATA
# title: Role without the organisation's permissions boundary
# description: |
#   Every role created by application teams carries the `org-boundary`
#   permissions boundary, which keeps IAM administration, the organisation's
#   guardrails and billing out of reach whatever the role's own policies say.
#   A role with another boundary, or none, escapes it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
# custom:
#   id: ORG001
#   name: org-boundary
#   severity: high
#   remediation: |
#     Set the role's permissions boundary to the `org-boundary` policy
#     (Terraform: `permissions_boundary = data.aws_iam_policy.org_boundary.arn`;
#     CloudFormation: `PermissionsBoundary: !Sub arn:aws:iam::${AWS::AccountId}:policy/org-boundary`).
package org.boundary

import data.iacscan.lib

boundary_name := "org-boundary"

deny contains lib.result(role, sprintf("role %s has no permissions boundary (want %s)", [role.id, boundary_name])) if {
	some role in lib.roles
	not role.boundary
}

deny contains lib.result(role, sprintf("role %s has the permissions boundary %s, not %s", [role.id, name, boundary_name])) if {
	some role in lib.roles
	name := boundary_of(role)
	name != boundary_name
}

# boundary_of is the name of a role's boundary policy, when known: the
# policy of the scan it resolves to, or the last part of its ARN. A boundary
# not known before deploy has no name here, so it is not reported.
boundary_of(role) := lib.policy(role.boundary.key).name if {
	lib.known(lib.policy(role.boundary.key).name)
}

boundary_of(role) := name if {
	not role.boundary.key
	lib.known(role.boundary.value)
	parts := split(role.boundary.value, "/")
	name := parts[count(parts) - 1]
}
