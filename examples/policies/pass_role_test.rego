package org.pass_role_test

import data.org.pass_role

principal(kind, name, allowed, unknown) := {"principals": [{
	"key": "principals/0", "id": "x", "kind": kind, "name": name,
	"effective": {"allowed": allowed, "levels": {}, "unknown": unknown},
}]}

test_wildcard_grant if {
	pass_role.deny == {{"element": "principals/0", "message": "role x may pass roles (iam:PassRole) but is not a deploy-* role"}} with input as principal("role", "app", ["iam:Pas*"], [])
}

test_admin if {
	count(pass_role.deny) == 1 with input as principal("user", "ci", ["*"], [])
}

test_deployer if {
	count(pass_role.deny) == 0 with input as principal("role", "deploy-app", ["*"], [])
}

test_no_pass_role if {
	count(pass_role.deny) == 0 with input as principal("role", "app", ["iam:GetRole", "s3:*"], [])
}

test_incomplete_not_reported if {
	count(pass_role.deny) == 0 with input as principal("role", "app", ["*"], ["policy `x` is not known before deploy"])
}
