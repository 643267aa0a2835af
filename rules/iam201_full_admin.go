package rules

// FullAdmin finds statements that grant every action on every resource.
var FullAdmin = &Rule{
	ID:       "IAM201",
	Name:     "full-admin",
	Title:    "Full administrator access granted",
	Severity: Critical,
	Practice: "Grant least privilege",
	Description: `An ` + "`Allow`" + ` of every action on every resource makes its holder an administrator of the
account: it can read every secret, delete every resource and grant itself or anyone else
anything. The same holds for ` + "`NotAction`" + ` on ` + "`*`" + ` when IAM is not among the excluded actions,
because the holder can use IAM to grant itself the rest.

In a resource policy (a bucket, queue, key, domain, … policy) the same statement gives the principals it
names full control of that resource, its policy included: it is reported too.

Statements that only limit permissions — ` + "`Deny`" + `, service control policies, and managed
policies used only as permissions boundaries — are not findings.`,
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
}`},
		{Terraform, `resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}`},
	},
	Fix: "grant only the actions and resources needed",
	Remediation: `Grant the actions the workload needs on the resources it uses. Start from the access it
has used (IAM Access Analyzer can generate a policy from CloudTrail activity) and scope
resources to ARNs. If people need administrator access, give it through a role they assume
with MFA, not through a policy on their user.`,
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["s3:GetObject", "s3:PutObject"],
    "Resource": "arn:aws:s3:::app-uploads/*"
  }]
}`},
		{CloudFormation, `AppPolicy:
  Type: AWS::IAM::ManagedPolicy
  Properties:
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: [s3:GetObject, s3:PutObject]
          Resource: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html",
	},
	Since: "0.1.0",
	Check: checkFullAdmin,

	StatementGrant: true,
}

func checkFullAdmin(pass *Pass) {
	for pol, st := range pass.Statements() {
		switch {
		case pol.IsResourcePolicy():
			// A resource policy grants on its own resource only: every action
			// there is full control of it.
			if how, ok := fullControl(pol, st); ok {
				pass.Reportf(&pol.Meta, st.Loc, "%s allows %s to its principals in %s: full control of the resource it protects, its policy included%s",
					policyLabel(pol), how, statementLabel(st), conditionNote(st))
			}
		case pol.IsIdentityPolicy() && grantsPermissions(pass.Inventory, pol):
			if how, ok := fullAdmin(st); ok {
				pass.Reportf(&pol.Meta, st.Loc, "%s allows %s in %s%s",
					policyLabel(pol), how, statementLabel(st), conditionNote(st))
			}
		}
	}
}
