package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/rules"
)

const sharedDocument = `data "aws_iam_policy_document" "shared" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}

resource "aws_iam_role_policy" "app" {
  role   = "app"
  policy = data.aws_iam_policy_document.shared.json
}

resource "aws_iam_policy" "shared" {
  name   = "shared"
  policy = data.aws_iam_policy_document.shared.json
}

resource "aws_iam_role_policy_attachment" "worker" {
  role       = "worker"
  policy_arn = aws_iam_policy.shared.arn
}
`

const sharedManagedPolicy = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "s3:*"
            Resource: "arn:aws:s3:::reports/*"
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Ref Shared
`

const sourceDocument = `data "aws_iam_policy_document" "base" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}

data "aws_iam_policy_document" "combined" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
}

resource "aws_iam_role_policy" "app" {
  role   = "app"
  policy = data.aws_iam_policy_document.combined.json
}
`

// A finding in a document written apart from what uses it names each
// policy made from it and the attachments of managed ones; one in a
// policy written in place names where that policy is attached.
func TestRelatedConsumers(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []string
	}{
		{"terraform document", "main.tf", sharedDocument, []string{
			"aws_iam_policy.shared main.tf:3: " +
				"8:1 `aws_iam_role_policy.app` uses this policy document | " +
				"13:1 `aws_iam_policy.shared` uses this policy document | " +
				"18:1 `aws_iam_role_policy_attachment.worker` attaches `aws_iam_policy.shared` to role `worker`",
			"aws_iam_role_policy.app main.tf:3: " +
				"8:1 `aws_iam_role_policy.app` uses this policy document | " +
				"13:1 `aws_iam_policy.shared` uses this policy document | " +
				"18:1 `aws_iam_role_policy_attachment.worker` attaches `aws_iam_policy.shared` to role `worker`",
		}},
		// The statement is where it is written, in the source document;
		// the document that merges it in is named.
		{"terraform source document", "main.tf", sourceDocument, []string{
			"aws_iam_role_policy.app main.tf:3: " +
				"8:1 this policy document includes the statement, merged from where it is written | " +
				"12:1 `aws_iam_role_policy.app` uses this policy document",
		}},
		{"cloudformation managed policy", "t.yaml", sharedManagedPolicy, []string{
			"Shared t.yaml:10: 22:11 role `AppRole` holds `Shared`",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range scanFile(t, t.TempDir(), tt.file, tt.content, rules.WildcardAction) {
				var related []string
				for _, r := range f.Related {
					related = append(related, fmt.Sprintf("%d:%d %s", r.Loc.StartLine, r.Loc.StartColumn, r.Message))
				}
				got = append(got, fmt.Sprintf("%s %s:%d: %s", f.Resource, f.Loc.File, f.Loc.StartLine, strings.Join(related, " | ")))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("related locations differ (-want +got):\n%s", diff)
			}
		})
	}
}
