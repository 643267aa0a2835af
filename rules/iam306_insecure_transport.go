package rules

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// InsecureTransport finds S3 bucket policies that do not refuse plain HTTP.
var InsecureTransport = &Rule{
	ID:       "IAM306",
	Name:     "insecure-transport-allowed",
	Title:    "Bucket policy allows requests without TLS",
	Severity: Low,
	Practice: "Use conditions in IAM policies to further restrict access (require SSL)",
	Description: "S3 accepts plain-HTTP requests unless the bucket policy denies them. AWS's recommendation " +
		"(and AWS Config's `s3-bucket-ssl-requests-only`) is a `Deny` of all S3 actions for every principal " +
		"when `aws:SecureTransport` is `false`.\n\n" +
		"The rule checks bucket policies in the scanned code: it is satisfied by a `Deny` statement for " +
		"`Principal: \"*\"` covering `s3:*` (or `*`) with `Bool` (or `BoolIfExists`) `aws:SecureTransport` " +
		"`false`. An `Allow` conditioned on `aws:SecureTransport` " +
		"`true` is not enough: other grants (identity policies, ACLs) still work over HTTP. Buckets with no " +
		"bucket policy at all are not in the model and not reported. Bare policy documents are checked when " +
		"every resource they name is an S3 ARN.",
	Bad: []Example{
		{CloudFormation, `BucketPolicy:
  Type: AWS::S3::BucketPolicy
  Properties:
    Bucket: !Ref Bucket
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: { AWS: !GetAtt ReaderRole.Arn }
          Action: s3:GetObject
          Resource: !Sub "${Bucket.Arn}/*"`},
	},
	Fix: "deny requests without aws:SecureTransport",
	Remediation: "Add a statement that denies every S3 action on the bucket and its objects when " +
		"`aws:SecureTransport` is `false`.",
	Fixes: []Example{
		{Terraform, `data "aws_iam_policy_document" "bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}`},
		{CloudFormation, `- Sid: DenyInsecureTransport
  Effect: Deny
  Principal: "*"
  Action: s3:*
  Resource: [!GetAtt Bucket.Arn, !Sub "${Bucket.Arn}/*"]
  Condition:
    Bool: { aws:SecureTransport: "false" }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
		"https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html",
	},
	Since: "0.1.0",
	Check: checkInsecureTransport,
}

func checkInsecureTransport(pass *Pass) {
	for _, pol := range pass.Inventory.Policies {
		doc := pol.Document
		if !pol.IsResourcePolicy() || !isS3Policy(pol) || doc == nil || doc.Unknown || doc.StatementsUnknown {
			continue
		}
		if !deniesInsecureTransport(doc) {
			pass.Reportf(&pol.Meta, doc.Loc, "%s does not deny requests made without TLS (no `Deny` on `aws:SecureTransport` `false` for `s3:*`)",
				policyLabel(pol))
		}
	}
}

// isS3Policy reports whether a resource policy protects an S3 bucket: by the
// model's service, or for a bare document, because every resource it names
// is an S3 ARN.
func isS3Policy(pol *model.Policy) bool {
	if pol.Kind != model.Standalone {
		return pol.Service == "s3"
	}
	seen := false
	for _, st := range pol.Document.Statements {
		for _, r := range st.Resource.Items {
			if !r.IsKnown() || !strings.HasPrefix(r.Text, "arn:aws:s3:::") && !strings.HasPrefix(r.Text, "arn:aws-") {
				return false
			}
			seen = seen || strings.Contains(r.Text, ":s3:::")
		}
	}
	return seen
}

// deniesInsecureTransport looks for the statement that refuses plain HTTP.
// A statement whose parts are unknown gets the benefit of the doubt.
func deniesInsecureTransport(doc *model.Document) bool {
	for _, st := range doc.Statements {
		if !st.Denies() || !(anyone(st.Principal) || st.Principal != nil && st.Principal.Unknown) {
			continue
		}
		if !grants(st, "s3:GetObject") || !grants(st, "s3:PutObject") {
			if !st.Action.AllKnown() {
				return true
			}
			continue
		}
		if st.Condition.Unknown {
			return true
		}
		for _, c := range st.Condition.Items {
			if refusesPlainHTTP(c) {
				return true
			}
		}
	}
	return false
}

func refusesPlainHTTP(c model.Condition) bool {
	if !c.Key.IsFold("aws:SecureTransport") {
		return false
	}
	if !c.Values.AllKnown() {
		return true
	}
	op := model.ParseOperator(c.Operator.Text)
	return op.Name == "Bool" && op.Qualifier == "" && len(c.Values.Items) > 0 && strings.EqualFold(c.Values.Items[0].Text, "false")
}
