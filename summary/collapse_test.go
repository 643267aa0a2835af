package summary

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/parsers"
)

const managedRoles = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  PowerUser:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement: [{Effect: Allow, Action: ["s3:GetObject", "sqs:ReceiveMessage"], Resource: "*"}]
`

func buildRoles(t *testing.T) *Summary {
	t.Helper()
	path := filepath.Join(t.TempDir(), "roles.yaml")
	if err := os.WriteFile(path, []byte(managedRoles), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, errs := parsers.Load([]string{path}, parsers.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return Build(iam.Analyze(inv, iam.Default()))
}

// TestTextCollapses: services that grant alike are one line in text —
// every action of every service, every service but three — while JSON
// keeps each service.
func TestTextCollapses(t *testing.T) {
	t.Parallel()
	s := buildRoles(t)
	var text bytes.Buffer
	if err := Write(&text, s, "text", Options{Full: true}); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	n := len(iam.Default().Services())
	for _, want := range []string{
		"role Admin (",
		"  all " + strconv.Itoa(n) + " services\n    every action  full  all resources\n",
		"role PowerUser (",
		"  all services except `account`, `iam`, `organizations`\n    every action  full  all resources\n",
		"  Amazon S3 (s3)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if lines := strings.Count(out, "\n"); lines > 40 {
		t.Errorf("%d lines of text for three roles", lines)
	}
	var js bytes.Buffer
	if err := Write(&js, s, "json", Options{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(js.String(), `"service": "`); got < 2*n-10 {
		t.Errorf("JSON lists %d services, want every service of each role", got)
	}
}

func TestFilter(t *testing.T) {
	t.Parallel()
	s := buildRoles(t)
	if err := s.Filter([]string{"power*", "Reader"}, []string{"s3", "iam"}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Principals {
		for _, svc := range p.Services {
			got = append(got, p.ID+" "+svc.Prefix)
		}
	}
	if want := "PowerUser iam,PowerUser s3,Reader s3"; strings.Join(got, ",") != want {
		t.Errorf("filtered to %v, want %s", got, want)
	}
	if err := s.Filter([]string{"["}, nil); err == nil {
		t.Error("a bad pattern is accepted")
	}
}
