package rules

import "github.com/iacscan/iacscan/model"

// AccessKeySecretExposed finds access key secrets written where others can
// read them.
var AccessKeySecretExposed = &Rule{
	ID:       "IAM102",
	Name:     "access-key-secret-exposed",
	Title:    "Access key secret readable in outputs",
	Severity: High,
	Practice: "Safeguard your root user credentials and access keys",
	Description: "The secret of an access key created in code is returned to the tool that created it. A " +
		"Terraform `output` of `aws_iam_access_key.x.secret` (sensitive or not) puts it in plain text in " +
		"the state and in `terraform output`; a CloudFormation `Outputs` entry with `!GetAtt Key.SecretAccessKey` " +
		"shows it to anyone who can describe the stack; an environment variable or user data carrying it " +
		"shows it to anyone who can read the function or instance configuration.\n\n" +
		"In Terraform, a key with `pgp_key` has no plain `secret` (only `encrypted_secret`) and is not " +
		"reported. Creating the key at all is IAM101.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

output "ci_secret" {
  value     = aws_iam_access_key.ci.secret
  sensitive = true
}`},
		{CloudFormation, `Outputs:
  SecretKey:
    Value: !GetAtt CIKey.SecretAccessKey`},
	},
	Fix: "drop the secret from outputs",
	Remediation: "Best: use a role and no key (IAM101). Otherwise, never output the secret: in Terraform set `pgp_key` " +
		"and output `encrypted_secret`; in CloudFormation write the secret into Secrets Manager " +
		"(`AWS::SecretsManager::Secret` with `SecretString` built from the key) and grant read access to that secret only.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_access_key" "ci" {
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:ci_admin"
}

output "ci_secret" {
  value = aws_iam_access_key.ci.encrypted_secret
}`},
		{CloudFormation, `CIKeySecret:
  Type: AWS::SecretsManager::Secret
  Properties:
    SecretString: !Sub '{"id":"${CIKey}","secret":"${CIKey.SecretAccessKey}"}'`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#lock-away-credentials",
		"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key",
	},
	Since: "0.1.0",
	Check: checkAccessKeySecretExposed,
}

func checkAccessKeySecretExposed(pass *Pass) {
	for _, e := range pass.Inventory.Exposures {
		for _, r := range e.Refs {
			if r.Attr != "secret" {
				continue
			}
			key := accessKey(pass.Inventory, e.Scope, r.Ref)
			if key == nil || key.PGPKey.Set {
				continue // not an access key we know, or encrypted
			}
			pass.Reportf(&e.Meta, e.Loc, "%s `%s` exposes the secret of access key `%s` (%s)",
				e.Kind, e.Name, key.ID, exposureWhere(e.Kind)).
				With(key.Loc, "the access key")
		}
	}
}

// accessKey resolves a reference to an access key of the inventory, in the
// input (scope) of the element holding the reference: two root modules may
// both have aws_iam_access_key.ci, and they are not the same key.
func accessKey(inv *model.Inventory, scope string, ref model.Ref) *model.AccessKey {
	for _, k := range inv.AccessKeys {
		if ref.ID != "" && k.ID == ref.ID && k.Scope == scope {
			return k
		}
	}
	return nil
}

// exposureWhere says who can read an exposed value.
func exposureWhere(k model.ExposureKind) string {
	switch k {
	case model.ExposureOutput:
		return "readable in the state or stack outputs"
	case model.ExposureEnvironment:
		return "readable by anyone who can read the function or task configuration"
	case model.ExposureUserData:
		return "readable by anyone who can describe the instance"
	case model.ExposureParameter:
		return "readable in the template or variables"
	}
	return "readable in the configuration"
}
