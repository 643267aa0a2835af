package rules

import (
	"github.com/iacscan/iacscan/model"
)

// HardcodedCredentials finds AWS access keys written into code.
var HardcodedCredentials = &Rule{
	ID:       "IAM103",
	Name:     "hardcoded-credentials",
	Title:    "AWS credentials written in code",
	Severity: Critical,
	Practice: "Safeguard your root user credentials and access keys; do not embed access keys in code",
	Description: "An access key ID (`AKIA…`, `ASIA…`) or secret access key written into a provider block, a " +
		"Lambda or ECS environment, EC2 user data or a parameter default is in every clone of the " +
		"repository, every CI log and every state file. Leaked keys are found and used by automated " +
		"scanners within minutes of a push.\n\n" +
		"The rule looks for the AWS key ID format and, where the name says it is a secret key " +
		"(`secret_key`, `AWS_SECRET_ACCESS_KEY`, `aws_secret_access_key = …` in scripts), for a 40-character " +
		"secret. AWS's documentation example keys (ending in `EXAMPLE`) are findings too, named as such: " +
		"they are harmless themselves but mark a place where keys are written into code. Values only known " +
		"at deploy time are not findings.",
	Bad: []Example{
		{Terraform, `provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAZ2QJ4LX7R5VTEHMB"
  secret_key = "q7Lr0vZ3b9XWmE2yTa/5nKpHc8sDfG1uJ4iOe6Rt"
}`},
	},
	Fix: "revoke the key; read it from a secret store",
	Remediation: "Delete the key in IAM now (it must be considered leaked), then remove it from the code and its " +
		"history. Let the SDK find credentials: a role (instance profile, task role, IRSA) for workloads, " +
		"`aws sso login` or environment variables outside the repository for people, OIDC federation for CI.",
	Fixes: []Example{
		{Terraform, `provider "aws" {
  region = "eu-west-1"
  # credentials come from the environment, a profile or the instance role
}`},
		{CloudFormation, `Function:
  Type: AWS::Lambda::Function
  Properties:
    Role: !GetAtt FunctionRole.Arn   # the function's own role; no keys in Environment`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#securing_access-keys",
		"https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html",
	},
	Since: "0.1.0",
	Check: checkHardcodedCredentials,
}

func checkHardcodedCredentials(pass *Pass) {
	// A value written once may reach several resources (SAM Globals, a
	// shared local): report it once, where it is written.
	reported := make(map[model.Location]bool)
	for _, e := range pass.Inventory.Exposures {
		if reported[e.Value.Loc] && !e.Value.Loc.IsZero() {
			continue
		}
		if !e.Value.Set || e.Kind == model.ExposureOutput && len(e.Refs) > 0 {
			continue
		}
		text := e.Value.Text
		if e.Value.Unknown {
			text = unresolvedPart().ReplaceAllString(text, " ")
		}
		for _, what := range credentialsIn(e.Name, text) {
			pass.Reportf(&e.Meta, e.Value.Loc, "%s `%s` holds %s written in the code", e.Kind, e.Name, what)
			reported[e.Value.Loc] = true
		}
	}
}
