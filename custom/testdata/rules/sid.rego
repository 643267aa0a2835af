# METADATA
# title: Statement without a Sid
# description: Every statement of an identity policy carries a Sid, so reviews can name it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
# custom:
#   id: TST001
#   severity: low
#   remediation: Add a Sid that says what the statement is for.
package test.statement_sid

import data.iacscan.lib

deny contains lib.statement_result(policy, statement, sprintf("statement %d of %s has no Sid", [statement.index, policy.id])) if {
	some policy in input.policies
	policy.identity_policy
	some statement in lib.statements(policy)
	not statement.sid
}
