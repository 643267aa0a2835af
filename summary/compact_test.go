package summary

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/parsers"
)

// twinRoles adds two roles granting the same as Reader, and one granting
// several levels of one service, to managedRoles.
const twinRoles = managedRoles + `  ReaderA:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement: [{Effect: Allow, Action: ["s3:GetObject", "sqs:ReceiveMessage"], Resource: "*"}]
  ReaderB:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement: [{Effect: Allow, Action: ["s3:GetObject", "sqs:ReceiveMessage"], Resource: "*"}]
  Bucket:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: bucket
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: ["s3:ListBucket", "s3:PutObject"], Resource: "arn:aws:s3:::b", Condition: {Bool: {aws:SecureTransport: "true"}}}
              - {Effect: Allow, Action: ["s3:GetObject"], Resource: "*"}
`

// TestCompactText: identical principals are shown once, naming each; a
// principal's services that grant alike are one entry; each access level
// is one line, or each service when that is shorter; the closing line
// counts what was merged.
func TestCompactText(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "roles.yaml")
	if err := os.WriteFile(path, []byte(twinRoles), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, errs := parsers.Load([]string{path}, parsers.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := Build(iam.Analyze(inv, iam.Default()))
	var buf bytes.Buffer
	if err := Write(&buf, s, "text", Options{}); err != nil {
		t.Fatal(err)
	}
	c := iam.Default()
	n := strconv.Itoa(len(c.Services()))
	s3Read := strconv.Itoa(c.ServiceActions(c.Service("s3"), iam.Read).Len())
	s3List := strconv.Itoa(c.ServiceActions(c.Service("s3"), iam.List).Len())
	s3Write := strconv.Itoa(c.ServiceActions(c.Service("s3"), iam.Write).Len())
	sqsRead := strconv.Itoa(c.ServiceActions(c.Service("sqs"), iam.Read).Len())
	want := compactLegend + "\n\n" +
		"role Admin (" + path + ":3)\n" +
		"  Every action  all " + n + " services\n" +
		"role PowerUser (" + path + ":9)\n" +
		"  Every action  all services except account, iam, organizations\n" +
		"  List          account full; iam 1/40\n" +
		"  Read          account 3/7; organizations 2/9\n" +
		"  Write         iam 2/74\n" +
		"3 roles with the same permissions:\n" +
		"  - Reader (" + path + ":15)\n" +
		"  - ReaderA (" + path + ":24)\n" +
		"  - ReaderB (" + path + ":33)\n" +
		"  Read  s3 1/" + s3Read + "; sqs 1/" + sqsRead + "\n" +
		"role Bucket (" + path + ":42)\n" +
		"  s3  List 1/" + s3List + " (some resources, conditional); Read 1/" + s3Read + "; Write 1/" + s3Write + " (some resources, conditional)\n" +
		"6 principals: 2 shown with an identical one, " + strconv.Itoa(2*len(c.Services())-3) + " services merged into groups granting alike\n" +
		"(--full lists each principal, service and level apart)\n" +
		"IAM data " + s.DataVersion + "\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("compact text (-want +got):\n%s", diff)
	}
}
