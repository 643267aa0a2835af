package libtest_test

import data.iacscan.lib

test_action_matches if {
	lib.action_matches("iam:Pass*", "iam:PassRole")
	lib.action_matches("*", "s3:GetObject")
	lib.action_matches("S3:get?bject", "s3:GetObject")
	not lib.action_matches("iam:Pass*", "iam:GetRole")
	not lib.action_matches("s3:Get", "s3:GetObject")
}

test_expand if {
	"iam:PassRole" in lib.expand("iam:Pass*")
	count(lib.expand("iam:Pass*")) == 1
	count(lib.expand("nosuchservice:*")) == 0
}

test_access_level if {
	lib.access_level("iam:PassRole") == "Write"
	lib.access_level("iam:AttachRolePolicy") == "Permissions management"
	lib.access_level("s3:ListBucket") == "List"
	not lib.access_level("s3:NoSuchAction")
}

test_is_public if {
	lib.is_public({"effect": "Allow", "principal": {"wildcard": true}, "unknown": []})
	lib.is_public({"effect": "Allow", "principal": {"wildcard": false, "aws": ["*"]}, "unknown": []})
	not lib.is_public({"effect": "Deny", "principal": {"wildcard": true}, "unknown": []})
	not lib.is_public({"effect": "Allow", "principal": {"wildcard": false, "aws": ["123456789012"]}, "unknown": []})
	not lib.is_public({"effect": "Allow", "principal": {"wildcard": true}, "unknown": [], "condition": [{"operator": "StringEquals", "key": "aws:SourceAccount", "values": ["123456789012"]}]})
	# A condition not known before deploy is no proof either way: not public.
	not lib.is_public({"effect": "Allow", "principal": {"wildcard": true}, "unknown": ["condition"], "condition": [{"operator": "StringEquals", "key": "aws:SourceAccount", "values": [{"unknown": true, "text": "${var.a}"}]}]})
}

test_allows if {
	p := {"effective": {"allowed": ["s3:G*", "iam:PassRole"], "levels": {"s3": ["Read"]}, "unknown": []}}
	lib.allows(p, "s3:GetObject")
	lib.allows(p, "iam:passrole")
	not lib.allows(p, "s3:PutObject")
	lib.allows_level(p, "s3", "Read")
	not lib.allows_level(p, "s3", "Write")
	lib.complete(p)
	not lib.admin(p)
	lib.admin({"effective": {"allowed": ["*"]}})
}

test_covers if {
	lib.covers({"action": ["iam:*"], "unknown": []}, "iam:PassRole")
	lib.covers({"not_action": ["s3:*"], "unknown": []}, "iam:PassRole")
	not lib.covers({"not_action": ["iam:*"], "unknown": []}, "iam:PassRole")
	not lib.covers({"not_action": ["s3:*"], "unknown": ["not_action"]}, "iam:PassRole")
	not lib.covers({"action": [{"unknown": true, "text": "${var.a}"}], "unknown": []}, "iam:PassRole")
}

test_accounts if {
	lib.accounts({"aws": ["arn:aws:iam::111122223333:root", "444455556666", "*", {"unknown": true, "text": "x"}]}) == {"111122223333", "444455556666"}
}

test_lookup if {
	lib.principal("principals/1").id == "b" with input as {"principals": [{"id": "a"}, {"id": "b"}]}
	lib.policy("policies/0").id == "p" with input as {"policies": [{"id": "p"}]}
	lib.known("x")
	not lib.known({"unknown": true, "text": "x"})
	lib.unknown({"unknown": true, "text": "x"})
}
