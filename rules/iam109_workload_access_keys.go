package rules

import (
	"regexp"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// WorkloadAccessKeys finds workloads configured with long-term access keys:
// environment variables, user data and provisioners that set an access key
// or write a credentials file, whatever the value.
var WorkloadAccessKeys = &Rule{
	ID:       "IAM109",
	Name:     "workload-access-keys",
	Title:    "Workload configured with long-term access keys",
	Severity: High,
	Fix:      "give the workload a role, not keys",
	Practice: "Require workloads to use temporary credentials with IAM roles to access AWS",
	Description: "An instance, container or function that is handed an access key (`AWS_SECRET_ACCESS_KEY` " +
		"in its environment, `aws configure set aws_secret_access_key` or a written `~/.aws/credentials` " +
		"in user data or a provisioner) runs on credentials that never expire and that anyone who can " +
		"read the instance's user data, the task definition or the function's configuration can copy. " +
		"This holds when the value is a variable or a secret reference: the key itself is the problem, " +
		"not where it is written.\n\n" +
		"Looked at: Lambda and ECS environment variables and secrets named like an AWS secret key or key " +
		"ID, EC2 instance, launch template and launch configuration user data, and Terraform " +
		"`remote-exec` and `file` provisioners. User data written base64-encoded (`user_data_base64`, " +
		"`base64encode(…)`, a launch template's `user_data`, CloudFormation `UserData` without `Fn::Base64`) " +
		"is read decoded, and gunzipped. `local-exec` runs on the deployer's machine and is not a " +
		"workload. Scripts that hand on temporary keys (from `sts assume-role` or the instance metadata, or " +
		"with a session token) are not findings. A key written literally is IAM103, reported once there.",
	Bad: []Example{
		{Terraform, `resource "aws_instance" "app" {
  user_data = <<-EOT
    #!/bin/bash
    aws configure set aws_access_key_id ${var.key_id}
    aws configure set aws_secret_access_key ${var.secret}
  EOT
}`},
		{CloudFormation, `TaskDefinition:
  Type: AWS::ECS::TaskDefinition
  Properties:
    ContainerDefinitions:
      - Name: app
        Environment:
          - Name: AWS_SECRET_ACCESS_KEY
            Value: !Ref SecretKey`},
	},
	Remediation: "Give the workload a role: an instance profile for EC2, a task role for ECS, the execution " +
		"role for Lambda, IRSA or EKS Pod Identity for Kubernetes. The SDKs find those credentials " +
		"themselves and rotate them. Then deactivate and delete the access key.",
	Fixes: []Example{
		{Terraform, `resource "aws_instance" "app" {
  iam_instance_profile = aws_iam_instance_profile.app.name
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
	},
	Since: "0.2.0",
	Check: checkWorkloadAccessKeys,
}

var (
	// keyVariable is an environment variable name that holds an AWS key.
	keyVariable = lazyRegexp(`(?i)^(?:AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|(?:\w*[_-])?AWS[_-]?SECRET[_-]?(?:ACCESS[_-]?)?KEY|(?:\w*[_-])?AWS[_-]?ACCESS[_-]?KEY[_-]?ID)$`)
	// keyInScript is a script or file setting an AWS key.
	keyInScript = []struct {
		pattern func() *regexp.Regexp
		what    string
	}{
		{lazyRegexp(`(?i)\baws\s+configure\s+set\s+(?:\S+\.)?aws_(?:secret_access_key|access_key_id)\b`), "`aws configure set` of an access key"},
		{lazyRegexp(`\bAWS_(?:SECRET_ACCESS_KEY|ACCESS_KEY_ID)\s*[=:]`), "an `AWS_SECRET_ACCESS_KEY`/`AWS_ACCESS_KEY_ID` setting"},
		{lazyRegexp(`(?m)^\s*aws_(?:secret_access_key|access_key_id)\s*=`), "an AWS credentials file"},
		{lazyRegexp(`(?:>>?|\btee\s+(?:-a\s+)?|\b(?:cp|mv|install)\s+(?:-\S+\s+)*\S+\s+)\s*["']?\S*\.aws/credentials\b`), "a written `~/.aws/credentials` file"},
	}
	// temporaryKeys marks a script whose keys are temporary: taken from
	// sts assume-role or the instance metadata, or set with a session token.
	temporaryKeys = lazyRegexp(`(?i)\bsts\s+assume-role|security-credentials|AWS_SESSION_TOKEN|aws_session_token|\.Credentials\.AccessKeyId|\.AccessKeyId\b`)
	// credentialsFile is the path of the shared credentials file.
	credentialsFile = lazyRegexp(`(?:^|/)\.aws/credentials$`)
)

func checkWorkloadAccessKeys(pass *Pass) {
	for _, e := range pass.Inventory.Exposures {
		if !e.Value.Set {
			continue
		}
		var what string
		switch {
		case e.Kind == model.ExposureEnvironment:
			if keyVariable().MatchString(e.Name) {
				what = "is an AWS access key"
			}
		case e.Kind == model.ExposureUserData, e.Kind == model.ExposureProvisioner && e.Name != "local-exec" && !isEnvironmentPath(e.Path):
			text := e.Value.Text
			for _, k := range keyInScript {
				if k.pattern().MatchString(text) {
					what = "configures " + k.what
					break
				}
			}
			if what == "" && credentialsFile().MatchString(strings.TrimSpace(e.Name)) {
				what = "writes the shared credentials file"
			}
			if temporaryKeys().MatchString(text) {
				what = "" // a role's temporary keys, handed on
			}
		}
		if what == "" || hasLiteralKey(e) {
			continue
		}
		pass.Reportf(&e.Meta, e.Value.Loc, "%s `%s` %s: the workload runs on a long-term access key instead of a role",
			exposureLabel(e.Kind), e.Name, what)
	}
}

// isEnvironmentPath reports whether a provisioner exposure is one of
// local-exec's environment variables (on the deployer's machine).
func isEnvironmentPath(path string) bool { return strings.Contains(path, ".environment.") }

// hasLiteralKey reports whether IAM103 reports the exposure: a key written
// literally is one problem, reported there.
func hasLiteralKey(e *model.Exposure) bool {
	text := e.Value.Text
	if e.Value.Unknown {
		text = unresolvedPart().ReplaceAllString(text, " ")
	}
	return len(credentialsIn(e.Name, text)) > 0
}

func exposureLabel(k model.ExposureKind) string {
	if k == model.ExposureEnvironment {
		return "environment variable"
	}
	return string(k)
}
