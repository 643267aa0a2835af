package iam

import "testing"

func TestEveryResource(t *testing.T) {
	c := Default()
	tests := []struct {
		action, entry string
		want          bool
	}{
		{"s3:GetObject", "*", true},
		{"s3:GetObject", "arn:aws:s3:::*/*", true},
		{"s3:GetObject", "arn:aws:s3:::*", true},
		{"s3:GetObject", "arn:*:s3:::*", true},
		{"s3:DeleteObject", "arn:aws:s3:::*/*", true},
		{"s3:GetObject", "arn:aws:s3:::data/*", false},
		{"s3:GetObject", "arn:aws:s3:::*/reports/*", false},
		{"s3:GetObject", "arn:aws:s3:::*-logs/*", false},
		{"s3:GetObject", "arn:aws:s3:::${aws:username}/*", false},
		{"s3:DeleteBucket", "arn:aws:s3:::*/*", false}, // a bucket ARN has no slash: */* names objects only
		{"s3:DeleteBucket", "arn:aws:s3:::*", true},
		{"sqs:SendMessage", "arn:aws:sqs:*:*:*", true},
		{"sqs:SendMessage", "arn:aws:sqs:*", true},
		{"sqs:SendMessage", "arn:aws:sqs:*:111122223333:*", false}, // one account's
		{"sqs:SendMessage", "arn:aws:sqs:eu-west-1:*:*", false},
		{"sqs:SendMessage", "arn:aws:sqs:*:*:jobs-*", false},
		{"iam:CreateAccessKey", "arn:aws:iam::*:user/*", true},
		{"iam:CreateAccessKey", "arn:aws:iam::*:user/team/*", false},
		{"sts:AssumeRole", "arn:aws:iam::*:role/*", true},
		{"kms:Decrypt", "arn:aws:kms:*:*:key/*", true},
		{"kms:Decrypt", "arn:aws:kms:*:*:alias/*", false},
		{"ec2:DescribeInstances", "arn:aws:ec2:*:*:*", false}, // no resource types: only "*"
		{"s3:GetObject", "arn:aws:sqs:*:*:*", false},
	}
	for _, tt := range tests {
		a := c.Action(tt.action)
		if a == nil {
			t.Fatalf("no action %s", tt.action)
		}
		if got := a.EveryResource(tt.entry); got != tt.want {
			t.Errorf("%s on %s: EveryResource = %v, want %v", tt.action, tt.entry, got, tt.want)
		}
	}
}
