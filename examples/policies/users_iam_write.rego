# METADATA
# title: IAM user allowed to change IAM
# description: |
#   People sign in through IAM Identity Center; the IAM users that remain are
#   for machines that cannot assume roles. None of them needs to write to
#   IAM, and one that can may grant itself anything. The check reads the
#   user's effective permissions: its own policies, its groups', total
#   Denies and its permissions boundary.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp
# custom:
#   id: ORG004
#   name: user-iam-write
#   severity: high
#   remediation: Remove IAM write access from the user's policies and groups; let a role (assumed through a pipeline) make IAM changes.
package org.users_iam_write

import data.iacscan.lib

deny contains lib.result(user, sprintf("user %s may use IAM actions at access level %s", [user.id, concat(" and ", sort(levels))])) if {
	some user in lib.users
	levels := {level | some level in ["Write", "Permissions management"]; lib.allows_level(user, "iam", level)}
	count(levels) > 0
}
