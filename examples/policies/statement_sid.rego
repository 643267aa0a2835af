# METADATA
# title: Policy statement without a Sid
# description: |
#   Reviews, exceptions and access requests name statements by their Sid
#   ("the ReadArtifacts statement of the deploy policy"). A statement
#   without one can only be named by its position, which changes with every
#   edit.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
# custom:
#   id: ORG003
#   name: statement-sid
#   severity: low
#   remediation: Give the statement a Sid that says what it is for (`Sid = "ReadArtifacts"`).
package org.statement_sid

import data.iacscan.lib

deny contains lib.statement_result(policy, statement, sprintf("statement %d of %s has no Sid", [statement.index, policy.id])) if {
	some policy in input.policies
	policy.kind in {"managed", "inline", "resource"}
	some statement in lib.statements(policy)
	not statement.sid
}
