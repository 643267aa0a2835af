package rules

import (
	"slices"
	"strings"

	"github.com/iacscan/iacscan/model"
)

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
		"conditions do not, and the message names them. `Deny` statements are never findings; a `Deny` " +
		"to everyone of the same actions on the same resources unless such a key matches (`StringNotEquals` " +
		"`aws:SourceVpce`, `NotIpAddress` `aws:SourceIp`: how private API Gateway APIs and many bucket " +
		"policies are written) makes the grant non-public too. Every resource policy type is judged: EFS, " +
		"OpenSearch, API Gateway, CloudWatch Logs, EventBridge, Backup, Glacier, Glue, DynamoDB, Kinesis, " +
		"CodeArtifact, SES, MediaStore, ECR registries, S3 access points, and AMIs, snapshots, Lambda layers " +
		"and event buses shared with `all` or `*`.\n\n" +
		"OpenSearch Serverless data access policies, which are not IAM's grammar, are judged too: a rule whose " +
		"`Principal` holds `*` is a finding, critical when a network policy of the scan lets the internet reach " +
		"one of its collections (`AllowFromPublic: true` on a pattern that can name it) and high otherwise (only " +
		"callers the network policies let in can use it). A public network policy alone is not a finding: data " +
		"access policies still decide who may read and write. A policy not known before deploy (a variable, a " +
		"parameter; in a plan without its configuration, one known only after apply) is a warning.\n\n" +
		"When a resource control policy of the scan, attached above the resource's account, denies each of the " +
		"statement's actions on each of its resources to every caller outside the organization (anonymous or " +
		"signed by another organization's account), the finding says which and is reported at medium: the " +
		"grant still reaches every principal of the organization." +
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
	Fix: "name the principals that need access",
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

	StatementGrant: true,
}

func checkPublicResourcePolicy(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !pol.IsResourcePolicy() || !st.Allows() || !anyone(st.Principal) {
			continue
		}
		// Actions the service rejects grant nothing (IAM406 reports them).
		if n := len(foreignActions(pol, st)); n > 0 && n == len(st.Action.Items) {
			continue
		}
		v := judge(st, publicKeys, pass.Config.OrgIDs)
		if v.Constrained() || fencedByDeny(pass, pol, st) {
			continue
		}
		blocked, ok := rcpDeniesOutsiders(pass, st)
		note := v.note()
		if ok {
			note += "; " + blocked + ", so only its principals are let through"
		}
		f := pass.Reportf(&pol.Meta, st.Principal.Loc, "%s allows %s to everyone (`*`) in %s%s",
			policyLabel(pol), actionsText(st), statementLabel(st), note)
		if ok {
			pass.Lower(f, Medium)
		}
	}
	checkPublicCollections(pass)
}

// fencedByDeny reports whether the policy also denies the statement's
// actions, on its resources, to everyone a condition on a key that limits
// who is granted does not let through: Allow "*" then Deny unless
// aws:SourceVpce, which is how private API Gateway APIs and many bucket
// policies are written.
func fencedByDeny(pass *Pass, pol *model.Policy, allow *model.Statement) bool {
	an := pass.IAM()
	a := an.Statement(allow)
	if a == nil || pol.Document == nil || allow.NotResource.Set {
		return false
	}
	allowed := an.Actions(a)
	for _, st := range pol.Document.Statements {
		if st == allow || !st.Denies() || !anyone(st.Principal) || st.NotResource.Set || !negatedConstraint(st, pass.Config.OrgIDs) {
			continue
		}
		d := an.Statement(st)
		if d == nil || !allowed.SubsetOf(an.Actions(d)) || !coversResources(st.Resource, allow.Resource) {
			continue
		}
		return true
	}
	return false
}

// negatedConstraint reports whether every condition of a Deny is a negated
// test, with known values, of a key that limits who is granted: the Deny
// then applies to everyone those values do not name.
func negatedConstraint(st *model.Statement, orgs []string) bool {
	if st.Condition.Unknown || len(st.Condition.Items) == 0 {
		return false
	}
	for i := range st.Condition.Items {
		c := &st.Condition.Items[i]
		if !c.Key.IsKnown() || !c.Operator.IsKnown() || !c.Values.AllKnown() || !hasKeyFold(publicKeys, c.Key.Text) {
			return false
		}
		op := model.ParseOperator(c.Operator.Text)
		if !strings.Contains(op.Name, "Not") || op.Qualifier != "" {
			return false
		}
		positive := *c
		positive.Operator.Text = strings.Replace(op.Name, "Not", "", 1)
		if weakness(&positive, orgs) != "" {
			return false
		}
	}
	return true
}

// coversResources reports whether a Deny's resources include every
// resource of an Allow, by text or "*".
func coversResources(deny, allow model.Values) bool {
	if !deny.AllKnown() || !allow.AllKnown() {
		return false
	}
	for _, a := range allow.Items {
		if !slices.ContainsFunc(deny.Items, func(d model.Value) bool { return d.Is("*") || d.Text == a.Text }) {
			return false
		}
	}
	return true
}
