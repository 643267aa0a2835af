package rules

import "github.com/iacscan/iacscan/model"

// ServiceConfusedDeputy finds grants to AWS services that do not say on
// whose behalf the service may act.
var ServiceConfusedDeputy = &Rule{
	ID:       "IAM305",
	Name:     "service-principal-confused-deputy",
	Title:    "Service principal without source condition",
	Severity: Medium,
	Practice: "Use conditions in IAM policies to further restrict access",
	Description: "A resource policy or Lambda permission that grants to a service principal " +
		"(`sns.amazonaws.com`, `events.amazonaws.com`, `s3.amazonaws.com`, …) lets that service act on the " +
		"resource for *any* customer's resources: another account can point its topic, rule or bucket at " +
		"your queue or function and the service will deliver. This is the cross-service confused deputy; " +
		"AWS's fix is to name the source with `aws:SourceArn` or `aws:SourceAccount`.\n\n" +
		"`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceOwner` and " +
		"KMS `kms:EncryptionContext:aws:…` conditions with fixed values satisfy the rule; a `source_arn` or " +
		"`SourceArn` on a Lambda permission is such a condition. Trust policies are not checked (IAM301–IAM303).",
	Bad: []Example{
		{Terraform, `resource "aws_lambda_permission" "from_s3" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.thumbnails.function_name
  principal     = "s3.amazonaws.com"
}`},
	},
	Fix: "add aws:SourceArn or aws:SourceAccount",
	Remediation: "Add the source: `source_arn` (and `source_account` for S3) on a Lambda permission, or an " +
		"`ArnEquals` condition on `aws:SourceArn` (or `StringEquals` on `aws:SourceAccount`) in the policy statement.",
	Fixes: []Example{
		{Terraform, `resource "aws_lambda_permission" "from_s3" {
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.thumbnails.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = data.aws_caller_identity.current.account_id
}`},
		{CloudFormation, `QueuePolicy:
  Type: AWS::SQS::QueuePolicy
  Properties:
    Queues: [!Ref Queue]
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: { Service: sns.amazonaws.com }
          Action: sqs:SendMessage
          Resource: !GetAtt Queue.Arn
          Condition:
            ArnEquals: { aws:SourceArn: !Ref Topic }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention",
		"https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html",
	},
	Since: "0.1.0",
	Check: checkServiceConfusedDeputy,
}

func checkServiceConfusedDeputy(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !pol.IsResourcePolicy() || !st.Allows() {
			continue
		}
		services := knownValues(principalValues(st.Principal, "Service"))
		if len(services) == 0 {
			continue
		}
		v := judge(st, sourceKeys, nil)
		if v.Constrained() {
			continue
		}
		pass.Reportf(&pol.Meta, st.Principal.Loc,
			"%s allows service %s %s in %s without `aws:SourceArn` or `aws:SourceAccount`, so it can act for any account's resources%s",
			policyLabel(pol), quoteList(services, 3), actionsText(st), statementLabel(st), v.note())
	}
}

// knownValues keeps the known values of a list.
func knownValues(vs []model.Value) []model.Value {
	var out []model.Value
	for _, v := range vs {
		if v.IsKnown() {
			out = append(out, v)
		}
	}
	return out
}
