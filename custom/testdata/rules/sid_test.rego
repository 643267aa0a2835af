package test.statement_sid_test

import data.test.statement_sid

test_missing_sid if {
	count(statement_sid.deny) == 1 with input as {"policies": [{
		"key": "policies/0", "id": "p", "identity_policy": true,
		"document": {"statements": [{"index": 0, "effect": "Allow", "unknown": []}]},
	}]}
}

test_sid_present if {
	count(statement_sid.deny) == 0 with input as {"policies": [{
		"key": "policies/0", "id": "p", "identity_policy": true,
		"document": {"statements": [{"index": 0, "sid": "Read", "unknown": []}]},
	}]}
}

test_fails_on_purpose if {
	count(statement_sid.deny) == 5 with input as {"policies": []}
}
