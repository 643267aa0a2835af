# METADATA
# title: User allowed to pass roles
# description: Only roles deploy; users never pass roles.
# custom:
#   id: TST002
#   name: user-pass-role
#   severity: high
#   remediation: Move the deployment to a role.
package test.passrole

import data.iacscan.lib

deny contains lib.result(user, sprintf("user %s may pass roles (iam:PassRole, %s)", [user.id, lib.access_level("iam:PassRole")])) if {
	some user in lib.users
	lib.allows(user, "iam:PassRole")
}
