package org.boundary_test

import data.org.boundary

role(extra) := object.union({"key": "principals/0", "id": "aws_iam_role.app", "kind": "role"}, extra)

test_no_boundary if {
	boundary.deny == {{"element": "principals/0", "message": "role aws_iam_role.app has no permissions boundary (want org-boundary)"}} with input as {"principals": [role({})]}
}

test_boundary_by_arn if {
	count(boundary.deny) == 0 with input as {"principals": [role({"boundary": {"value": "arn:aws:iam::123456789012:policy/org-boundary"}})]}
}

test_other_boundary_in_scan if {
	boundary.deny == {{"element": "principals/0", "message": "role aws_iam_role.app has the permissions boundary team-boundary, not org-boundary"}} with input as {
		"principals": [role({"boundary": {"id": "aws_iam_policy.b", "key": "policies/0"}})],
		"policies": [{"key": "policies/0", "name": "team-boundary"}],
	}
}

test_unknown_boundary_not_reported if {
	count(boundary.deny) == 0 with input as {"principals": [role({"boundary": {"value": {"unknown": true, "text": "${var.boundary}"}}})]}
}

test_users_not_concerned if {
	count(boundary.deny) == 0 with input as {"principals": [{"key": "principals/0", "id": "u", "kind": "user"}]}
}
