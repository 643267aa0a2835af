package rules

// UserAccessKey finds long-term access keys created for IAM users.
var UserAccessKey = &Rule{
	ID:       "IAM101",
	Name:     "user-access-key",
	Title:    "Access key for an IAM user",
	Severity: Medium,
	Practice: "Require workloads to use temporary credentials with IAM roles to access AWS",
	Description: "An access key is a long-term credential: it works from anywhere until someone deletes it, " +
		"and it ends up in CI variables, laptops and logs. AWS's first best practice is temporary " +
		"credentials — roles for workloads (instance profiles, task roles, IRSA, OIDC federation from CI) " +
		"and IAM Identity Center for people. Creating a key in code also puts its secret in the Terraform " +
		"state or the stack's outputs (see IAM102).\n\n" +
		"A key whose status is `Inactive` is still reported: it can be switched on by anyone allowed to.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}`},
		{CloudFormation, `CIKey:
  Type: AWS::IAM::AccessKey
  Properties:
    UserName: !Ref CIUser`},
	},
	Fix: "use a role with temporary credentials",
	Remediation: "Give the workload a role instead: an instance profile on EC2, a task role on ECS, IRSA or EKS Pod " +
		"Identity on Kubernetes, `AssumeRoleWithWebIdentity` from CI (GitHub Actions, GitLab). Delete the key " +
		"and the user if nothing else needs it.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_role" "ci" {
  name               = "ci-deploy"
  assume_role_policy = data.aws_iam_policy_document.github_oidc.json
}`},
		{CloudFormation, `CIRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument: { ... }   # trust the CI system's OIDC provider`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
	},
	Since: "0.1.0",
	Check: checkUserAccessKey,
}

func checkUserAccessKey(pass *Pass) {
	for _, k := range pass.Inventory.AccessKeys {
		pass.Reportf(&k.Meta, k.Loc, "access key `%s` is a long-term credential of %s; use a role with temporary credentials",
			k.ID, userText(pass, k.User))
	}
}
