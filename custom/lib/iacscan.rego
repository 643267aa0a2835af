# METADATA
# title: iacscan library for custom rules
# description: |
#   Helpers over the iacscan export (input) for rule authors. Import with
#   `import data.iacscan.lib`. The iacscan.* built-ins behind them use
#   iacscan's embedded AWS IAM catalog.
package iacscan.lib

# known(v): v is a value known before deploy (the export writes unknown
# values as {"unknown": true, ...}).
known(v) if is_string(v)

# unknown(v): v is not known before deploy.
unknown(v) if v.unknown == true

# principal(key) and policy(key): the element an export key names
# ("principals/3", "policies/7").
principal(key) := input.principals[to_number(substring(key, 11, -1))] if startswith(key, "principals/")

policy(key) := input.policies[to_number(substring(key, 9, -1))] if startswith(key, "policies/")

# Principals by kind, in input order. (Arrays, not sets: a set of large
# objects costs hashing and sorting them.)
roles := [p | some p in input.principals; p.kind == "role"]

users := [p | some p in input.principals; p.kind == "user"]

groups := [p | some p in input.principals; p.kind == "group"]

permission_sets := [p | some p in input.principals; p.kind == "permission-set"]

# action_matches(pattern, action): an IAM action pattern ("iam:Pass*",
# "*") matches an action name, without regard to case.
action_matches(pattern, action) if iacscan.action_matches(pattern, action)

# expand(pattern): the catalog's actions a pattern matches, "s3:GetObject"
# style, sorted.
expand(pattern) := iacscan.expand_actions(pattern)

# access_level(action): "List", "Read", "Write", "Permissions management"
# or "Tagging"; undefined for an action the catalog does not know.
access_level(action) := iacscan.access_level(action)

# actions(principal): the actions the principal's effective permissions
# allow, {"allowed": [patterns], "levels": {service: [levels]}}. The export
# keeps each set once in input.action_sets; a test may write it inline in
# the principal's "effective" instead.
actions(principal) := input.action_sets[principal.effective.actions] if is_number(principal.effective.actions)

actions(principal) := principal.effective if principal.effective.allowed

# allows(principal, action): the principal's effective permissions allow
# the action on some resource, under some condition (identity policies,
# groups, total Denies and the permissions boundary taken into account).
allows(principal, action) if iacscan.any_matches(actions(principal).allowed, action)

# allows_level(principal, service, level): some action of the service at
# that access level is allowed ("iam", "Permissions management").
allows_level(principal, service, level) if level in actions(principal).levels[service]

# admin(principal): every action is allowed.
admin(principal) if "*" in actions(principal).allowed

# complete(principal): nothing unknown could change the principal's
# effective permissions (no policy unknown before deploy or outside the scan).
complete(principal) if count(principal.effective.unknown) == 0

# is_public(statement): an Allow to everyone ("*") that no condition
# narrows to an organisation, account, source or network — the judgement
# of IAM301/IAM304. Conditions unknown before deploy make it false.
is_public(statement) if iacscan.is_public(statement)

# covers(statement, action): the statement's Action (or NotAction) element
# covers the action, as far as it is known.
covers(statement, action) if {
	some pattern in statement.action
	is_string(pattern)
	iacscan.action_matches(pattern, action)
}

covers(statement, action) if {
	statement.not_action
	not "not_action" in statement.unknown
	every pattern in statement.not_action {
		is_string(pattern)
		not iacscan.action_matches(pattern, action)
	}
}

# statements(policy): the statements of a policy's document (none when the
# document is unknown).
statements(policy) := policy.document.statements if policy.document

# accounts(principal_element): the 12-digit account IDs an AWS Principal
# element names (account IDs and IAM/STS ARNs).
accounts(principal_element) := {account |
	some id in principal_element.aws
	is_string(id)
	account := account_of(id)
}

account_of(id) := id if regex.match(`^[0-9]{12}$`, id)

account_of(id) := parts[4] if {
	parts := split(id, ":")
	count(parts) >= 6
	parts[0] == "arn"
	regex.match(`^[0-9]{12}$`, parts[4])
}

# result(element, message) and statement_result(policy, statement,
# message): the result shapes rules put in their deny set.
result(element, message) := {"element": element.key, "message": message}

statement_result(policy, statement, message) := {"element": policy.key, "statement": statement.index, "message": message}
