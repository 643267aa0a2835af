package parsers

import (
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
)

// TestNotJudgedIsWarned: access that iacscan reads but cannot judge (an
// unknown SAM event) is a warning with its location, never silence. RAM
// shares and OpenSearch Serverless policies are judged (IAM304, IAM308), so
// known ones are not warned about (TestUnknownSharingIsWarned: unknown ones
// are).
func TestNotJudgedIsWarned(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"tf/main.tf": `resource "aws_ram_resource_share" "open" {
  name                      = "open"
  allow_external_principals = true
}

resource "aws_ram_resource_share" "closed" {
  name = "closed"
}

resource "aws_opensearchserverless_access_policy" "data" {
  name   = "data"
  type   = "data"
  policy = "[]"
}
`,
		"stack.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Share:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: share
      Principals: ["111122223333", "arn:aws:organizations::123456789012:ou/o-abc/ou-xyz"]
  OrgShare:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: org
      Principals: ["arn:aws:organizations::123456789012:organization/o-abc"]
  ClosedShare:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: closed
      AllowExternalPrincipals: false
      Principals: ["111122223333"]
  Collection:
    Type: AWS::OpenSearchServerless::AccessPolicy
    Properties: {Name: data, Type: data, Policy: "[]"}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        Odd: {Type: SomethingNew}
`,
	})
	_, errs := Load([]string{dir}, Options{})
	var got []string
	for _, err := range errs {
		var ie *model.InputError
		if !errors.As(err, &ie) || !ie.Warning {
			t.Errorf("not a warning: %v", err)
			continue
		}
		rel, _ := filepath.Rel(dir, ie.Loc.File)
		got = append(got, filepath.ToSlash(rel)+":"+strconv.Itoa(ie.Loc.StartLine)+" "+firstWords(ie.Message, 5))
	}
	slices.Sort(got)
	want := []string{
		"stack.yaml:29 Fn.Events.Odd: SAM event type SomethingNew",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestPermissionSetBoundary: a permissions boundary set by its own resource
// reaches the permission set it names, in Terraform and CloudFormation.
func TestPermissionSetBoundary(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"tf/main.tf": `resource "aws_ssoadmin_permission_set" "dev" {
  name         = "Dev"
  instance_arn = "arn:aws:sso:::instance/ssoins-1"
}

resource "aws_iam_policy" "cap" {
  name   = "cap"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}

resource "aws_ssoadmin_permissions_boundary_attachment" "dev" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1"
  permission_set_arn = aws_ssoadmin_permission_set.dev.arn
  permissions_boundary {
    customer_managed_policy_reference {
      name = aws_iam_policy.cap.name
    }
  }
}
`,
		"stack.yaml": `Resources:
  Ops:
    Type: AWS::SSO::PermissionSet
    Properties:
      Name: Ops
      InstanceArn: arn:aws:sso:::instance/ssoins-1
      SessionDuration: PT2H
      PermissionsBoundary:
        ManagedPolicyArn: arn:aws:iam::aws:policy/PowerUserAccess
      CustomerManagedPolicyReferences:
        - Name: ops
`,
	})
	inv, errs := Load([]string{dir}, Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, id := range inv.Identities {
		got = append(got, string(id.Kind)+" "+id.ID+" boundary="+id.Boundary.String()+" session="+id.MaxSessionDuration.Text)
	}
	for _, a := range inv.Attachments {
		got = append(got, "attachment "+a.Policy.String()+" to "+a.Identity.String())
	}
	slices.Sort(got)
	want := []string{
		"attachment ops to Ops",
		"permission-set Ops boundary=arn:aws:iam::aws:policy/PowerUserAccess session=7200",
		"permission-set aws_ssoadmin_permission_set.dev boundary=aws_iam_policy.cap session=",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, id := range inv.Identities {
		if id.ID == "aws_ssoadmin_permission_set.dev" {
			if p := inv.ManagedPolicy(id.Boundary); p == nil || p.ID != "aws_iam_policy.cap" {
				t.Errorf("the boundary of %s resolves to %v, want aws_iam_policy.cap", id.ID, p)
			}
		}
	}
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// TestCollectionPolicyErrors: an OpenSearch Serverless policy AWS would
// reject is an input error at the policy, in Terraform, plans' source and
// CloudFormation alike, and the other resources are still read.
func TestCollectionPolicyErrors(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"tf/main.tf": `resource "aws_opensearchserverless_access_policy" "data" {
  name   = "data"
  type   = "data"
  policy = "[{\"Rules\": ["
}

resource "aws_opensearchserverless_security_policy" "net" {
  name   = "net"
  type   = "network"
  policy = jsonencode([{ AllowFromPublic = true }])
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
`,
		"stack.yaml": `Resources:
  Data:
    Type: AWS::OpenSearchServerless::AccessPolicy
    Properties:
      Name: data
      Type: data
      Policy: '[{"Rules":[{"ResourceType":"index","Resource":["index/x/*"]}],"Principal":["*"]}]'
`,
	})
	inv, errs := Load([]string{dir}, Options{})
	var got []string
	for _, err := range errs {
		var ie *model.InputError
		if !errors.As(err, &ie) || ie.Warning {
			t.Errorf("not an error: %v", err)
			continue
		}
		rel, _ := filepath.Rel(dir, ie.Loc.File)
		got = append(got, filepath.ToSlash(rel)+":"+strconv.Itoa(ie.Loc.StartLine)+" "+ie.Message)
	}
	slices.Sort(got)
	want := []string{
		"stack.yaml:7 OpenSearch Serverless data access policy: a rule has no Permission",
		"tf/main.tf:10 OpenSearch Serverless network policy: a policy has no Rules",
		"tf/main.tf:4 the OpenSearch Serverless policy is not valid JSON: unexpected end of input, expected a value",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if len(inv.CollectionPolicies) != 0 || len(inv.Identities) != 1 {
		t.Errorf("got %d collection policies and %d identities, want 0 and 1", len(inv.CollectionPolicies), len(inv.Identities))
	}
}
