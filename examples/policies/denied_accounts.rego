# METADATA
# title: Role trusting a denied account
# description: |
#   Some accounts must never be trusted: a vendor whose contract ended, an
#   account known to be compromised, a sandbox. A trust policy statement
#   that names one of them (by account ID or by an ARN in it) lets that
#   account's principals assume the role.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html
# custom:
#   id: ORG002
#   name: denied-account-trust
#   severity: critical
#   remediation: Remove the account from the role's trust policy.
package org.denied_accounts

import data.iacscan.lib

# denied are the accounts no role may trust.
denied := {"111122223333", "444455556666"}

deny contains lib.statement_result(policy, statement, sprintf("%s lets denied account %s assume the role (statement %d)", [policy.id, account, statement.index])) if {
	some policy in input.policies
	policy.trust_policy
	some statement in lib.statements(policy)
	statement.effect == "Allow"
	some account in lib.accounts(statement.principal)
	account in denied
}
