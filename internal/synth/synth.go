package synth

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CFNRoles returns a CloudFormation template with n roles, each with a trust
// policy, an inline policy using intrinsics and the AWS managed
// ReadOnlyAccess policy. Flow writes it as one line of flow YAML (as a
// template minified to JSON without quotes would be), else as block YAML.
func CFNRoles(n int, flow bool) []byte {
	if flow {
		return cfnRolesFlow(n)
	}
	var b bytes.Buffer
	b.WriteString("AWSTemplateFormatVersion: 2010-09-09\nParameters:\n  Env: {Type: String, Default: dev}\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
	for i := range n {
		fmt.Fprintf(&b, `  Role%d:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${Env}-role-%d"
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: !Sub "${Bucket.Arn}/%d/*"
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: "*"
                Condition:
                  StringEquals: {aws:SourceAccount: !Ref "AWS::AccountId"}
`, i, i, i)
	}
	return b.Bytes()
}

func cfnRolesFlow(n int) []byte {
	var b bytes.Buffer
	b.WriteString("# one line of flow YAML\n{AWSTemplateFormatVersion: 2010-09-09, Parameters: {Env: {Type: String, Default: dev}}, Resources: {Bucket: {Type: AWS::S3::Bucket}")
	for i := range n {
		fmt.Fprintf(&b, `, Role%d: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub "${Env}-role-%d", `+
			`AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}, `+
			`ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"], `+
			`Policies: [{PolicyName: app, PolicyDocument: {Version: "2012-10-17", Statement: [`+
			`{Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: !Sub "${Bucket.Arn}/%d/*"}, `+
			`{Effect: Allow, Action: sqs:SendMessage, Resource: "*", Condition: {StringEquals: {aws:SourceAccount: !Ref "AWS::AccountId"}}}]}}]}}`, i, i, i)
	}
	b.WriteString("}}\n")
	return b.Bytes()
}

// NestedBrackets returns Terraform configuration whose one attribute opens
// n lists inside each other (hashicorp/hcl#809: hcl's parser recurses once
// per bracket and overflows the Go stack, which cannot be recovered).
func NestedBrackets(n int) []byte {
	return []byte("locals {\n  x = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n}\n")
}

// CDKNestedAssemblies writes into dir a cdk.out cloud assembly whose
// manifest lists k nested assemblies, each of them the assembly itself:
// followed naively, it is read k^depth times.
func CDKNestedAssemblies(dir string, k int) error {
	out := filepath.Join(dir, "cdk.out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var arts []string
	for i := range k {
		arts = append(arts, fmt.Sprintf(`"Nested%d": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "."}}`, i))
	}
	arts = append(arts, `"Stack": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Stack.template.json"}}`)
	manifest := `{"version": "36.0.0", "artifacts": {` + strings.Join(arts, ", ") + "}}\n"
	if err := os.WriteFile(filepath.Join(out, "manifest.json"), []byte(manifest), 0o644); err != nil {
		return err
	}
	tmpl := `{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}, "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}}}}` + "\n"
	return os.WriteFile(filepath.Join(out, "Stack.template.json"), []byte(tmpl), 0o644)
}
