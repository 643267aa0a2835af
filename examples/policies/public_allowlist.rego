# METADATA
# title: Public resource policy outside the allow-list
# description: |
#   Only the resources the security team reviewed may be public (the
#   website bucket, the public package feed). Any other resource policy
#   that grants to everyone, with no condition narrowing it to the
#   organisation, an account, a source or a network, is a data leak waiting
#   to happen.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
# custom:
#   id: ORG005
#   name: public-outside-allowlist
#   severity: critical
#   remediation: Name the principals (or add an aws:PrincipalOrgID condition); if the resource must be public, ask the security team to add it to the allow-list.
package org.public_allowlist

import data.iacscan.lib

# allowed are the resources (inventory IDs of the resource a policy
# protects) that may be public.
allowed := {"aws_s3_bucket.website", "PublicFeedBucket"}

deny contains lib.statement_result(policy, statement, sprintf("%s grants %s to everyone", [policy.id, concat(", ", [a | some a in statement.action; is_string(a)])])) if {
	some policy in input.policies
	policy.resource_policy
	not allow_listed(policy)
	some statement in lib.statements(policy)
	lib.is_public(statement)
}

allow_listed(policy) if {
	some owner in policy.owners
	owner.id in allowed
}
