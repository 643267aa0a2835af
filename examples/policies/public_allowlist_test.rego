package org.public_allowlist_test

import data.org.public_allowlist

bucket_policy(owner, statement) := {"policies": [{
	"key": "policies/0", "id": "aws_s3_bucket_policy.data", "resource_policy": true, "owners": [{"id": owner}],
	"document": {"statements": [object.union({"index": 0, "effect": "Allow", "action": ["s3:GetObject"], "unknown": []}, statement)]},
}]}

test_public if {
	public_allowlist.deny == {{"element": "policies/0", "statement": 0, "message": "aws_s3_bucket_policy.data grants s3:GetObject to everyone"}} with input as bucket_policy("aws_s3_bucket.data", {"principal": {"wildcard": true}})
}

test_allow_listed if {
	count(public_allowlist.deny) == 0 with input as bucket_policy("aws_s3_bucket.website", {"principal": {"wildcard": true}})
}

test_org_condition_narrows if {
	count(public_allowlist.deny) == 0 with input as bucket_policy("aws_s3_bucket.data", {
		"principal": {"wildcard": false, "aws": ["*"]},
		"condition": [{"operator": "StringEquals", "key": "aws:PrincipalOrgID", "values": ["o-abc123"]}],
	})
}

test_named_principal if {
	count(public_allowlist.deny) == 0 with input as bucket_policy("aws_s3_bucket.data", {"principal": {"wildcard": false, "aws": ["arn:aws:iam::123456789012:root"]}})
}
