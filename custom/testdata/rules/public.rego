# METADATA
# title: Public resource policy
# description: No resource policy grants to everyone.
# custom:
#   id: TST003
#   severity: critical
#   remediation: Name the principals.
package test.public

import data.iacscan.lib

deny contains {"element": policy, "statement": statement, "message": sprintf("%s is public", [policy.id])} if {
	some policy in input.policies
	policy.resource_policy
	some statement in lib.statements(policy)
	lib.is_public(statement)
}
