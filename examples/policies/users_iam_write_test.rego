package org.users_iam_write_test

import data.org.users_iam_write

user(levels) := {"principals": [{"key": "principals/0", "id": "aws_iam_user.ci", "kind": "user", "effective": {"allowed": [], "levels": levels, "unknown": []}}]}

test_permissions_management if {
	users_iam_write.deny == {{"element": "principals/0", "message": "user aws_iam_user.ci may use IAM actions at access level Permissions management and Write"}} with input as user({"iam": ["List", "Read", "Write", "Permissions management"]})
}

test_read_only if {
	count(users_iam_write.deny) == 0 with input as user({"iam": ["List", "Read"], "s3": ["Write"]})
}

test_roles_not_concerned if {
	count(users_iam_write.deny) == 0 with input as {"principals": [{"key": "principals/0", "id": "r", "kind": "role", "effective": {"levels": {"iam": ["Write"]}}}]}
}
