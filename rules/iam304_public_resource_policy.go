package rules

// PublicResourcePolicy finds resource policies that grant to everyone.
var PublicResourcePolicy = &Rule{
	ID:       "IAM304",
	Name:     "public-resource-policy",
	Title:    "Resource policy open to everyone",
	Severity: Critical,
	Practice: "Verify public and cross-account access",
	Description: "A resource policy (S3 bucket, SQS queue, SNS topic, KMS key, Lambda function, ECR repository, " +
		"Secrets Manager secret, …) that allows `Principal: \"*\"` grants its actions to every AWS account and, " +
		"for most services, to anonymous callers. Public data leaks and public write access start here.\n\n" +
		"Conditions are judged as S3 and IAM Access Analyzer do: `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, " +
		"`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceVpc(e)`, " +
		"`aws:SourceIp` (other than `0.0.0.0/0`), `kms:CallerAccount` and S3 access-point keys with fixed " +
		"values make the grant non-public, and there is no finding. Negated, `IfExists` and match-anything " +
		"conditions do not, and the message names them. `Deny` statements are never findings." +
		orgIDsNote,
	Bad: []Example{
		{Terraform, `data "aws_iam_policy_document" "queue" {
  statement {
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.jobs.arn]
  }
}`},
	},
	Remediation: "Name the accounts, roles or services that need access in `Principal`. To open a resource to your " +
		"whole organisation keep `*` and add `StringEquals` on `aws:PrincipalOrgID`; for a service sending " +
		"on behalf of a resource, name the service and add `aws:SourceArn`. Keep S3 Block Public Access on.",
	Fixes: []Example{
		{Terraform, `data "aws_iam_policy_document" "queue" {
  statement {
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.jobs.arn]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.org_id]
    }
  }
}`},
		{CloudFormation, `JobsQueuePolicy:
  Type: AWS::SQS::QueuePolicy
  Properties:
    Queues: [!Ref JobsQueue]
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: { AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/producer" }
          Action: sqs:SendMessage
          Resource: !GetAtt JobsQueue.Arn`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-preview-access",
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html",
	},
	Since: "0.1.0",
	Check: checkPublicResourcePolicy,
}

func checkPublicResourcePolicy(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !pol.IsResourcePolicy() || !st.Allows() || !anyone(st.Principal) {
			continue
		}
		v := judge(st, publicKeys, pass.Config.OrgIDs)
		if v.Constrained() {
			continue
		}
		pass.Reportf(&pol.Meta, st.Principal.Loc, "%s allows %s to everyone (`*`) in %s%s",
			policyLabel(pol), actionsText(st), statementLabel(st), v.note())
	}
}
