package org.denied_accounts_test

import data.org.denied_accounts

trust(principal) := {"policies": [{
	"key": "policies/0", "id": "aws_iam_role.vendor", "trust_policy": true,
	"document": {"statements": [{"index": 0, "effect": "Allow", "principal": principal, "unknown": []}]},
}]}

test_denied_root_arn if {
	denied_accounts.deny == {{"element": "policies/0", "statement": 0, "message": "aws_iam_role.vendor lets denied account 111122223333 assume the role (statement 0)"}} with input as trust({"wildcard": false, "aws": ["arn:aws:iam::111122223333:root"]})
}

test_denied_bare_id if {
	count(denied_accounts.deny) == 1 with input as trust({"wildcard": false, "aws": ["444455556666"]})
}

test_other_account if {
	count(denied_accounts.deny) == 0 with input as trust({"wildcard": false, "aws": ["arn:aws:iam::123456789012:role/ci"]})
}

test_unknown_principal if {
	count(denied_accounts.deny) == 0 with input as trust({"wildcard": false, "aws": [{"unknown": true, "text": "${var.vendor}"}]})
}
