package org.statement_sid_test

import data.org.statement_sid

policy(kind, statement) := {"policies": [{"key": "policies/0", "id": "p", "kind": kind, "document": {"statements": [statement]}}]}

test_missing if {
	statement_sid.deny == {{"element": "policies/0", "statement": 0, "message": "statement 0 of p has no Sid"}} with input as policy("inline", {"index": 0, "unknown": []})
}

test_present if {
	count(statement_sid.deny) == 0 with input as policy("managed", {"index": 0, "sid": "Read", "unknown": []})
}

test_trust_policies_exempt if {
	count(statement_sid.deny) == 0 with input as policy("trust", {"index": 0, "unknown": []})
}

test_unknown_document if {
	count(statement_sid.deny) == 0 with input as {"policies": [{"key": "policies/0", "id": "p", "kind": "inline", "document": {"unknown": true, "statements": []}}]}
}
