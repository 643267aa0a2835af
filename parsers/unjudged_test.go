package parsers

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
)

// TestUnknownSharingIsWarned: a RAM share or OpenSearch Serverless policy
// whose sharing turns on a value not known before deploy is a warning that
// names the element, its line and the value; what cannot be outside the
// organization (the deployer's account, an OU of the scan, a trusted
// account, an organization ARN) and shares that refuse external principals
// are not.
func TestUnknownSharingIsWarned(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"tf/main.tf": `variable "external" { type = bool }
variable "peer" { type = string }
variable "policy" { type = string }

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "workloads"
  parent_id = "r-abcd"
}

data "aws_caller_identity" "current" {}

resource "aws_ram_resource_share" "maybe" {
  name                      = "maybe"
  allow_external_principals = var.external
}

resource "aws_ram_principal_association" "maybe_partner" {
  principal          = "444455556666"
  resource_share_arn = aws_ram_resource_share.maybe.arn
}

resource "aws_ram_principal_association" "maybe_ou" {
  principal          = aws_organizations_organizational_unit.workloads.arn
  resource_share_arn = aws_ram_resource_share.maybe.arn
}

resource "aws_ram_resource_share" "open" {
  name                      = "open"
  allow_external_principals = true
}

resource "aws_ram_principal_association" "peer" {
  principal          = var.peer
  resource_share_arn = aws_ram_resource_share.open.arn
}

resource "aws_ram_principal_association" "own" {
  principal          = data.aws_caller_identity.current.account_id
  resource_share_arn = aws_ram_resource_share.open.arn
}

resource "aws_ram_resource_share" "closed" {
  name = "closed"
}

resource "aws_ram_principal_association" "closed_peer" {
  principal          = var.peer
  resource_share_arn = aws_ram_resource_share.closed.arn
}

resource "aws_ram_principal_association" "elsewhere" {
  principal          = "444455556666"
  resource_share_arn = "arn:aws:ram:us-east-1:123456789012:resource-share/abc"
}

resource "aws_ram_principal_association" "elsewhere_org" {
  principal          = "arn:aws:organizations::123456789012:organization/o-abc"
  resource_share_arn = "arn:aws:ram:us-east-1:123456789012:resource-share/abc"
}

resource "aws_ram_principal_association" "elsewhere_trusted" {
  principal          = "111122223333"
  resource_share_arn = "arn:aws:ram:us-east-1:123456789012:resource-share/abc"
}

resource "aws_opensearchserverless_access_policy" "data" {
  name   = "data"
  type   = "data"
  policy = var.policy
}
`,
		"stack.yaml": `Parameters:
  AllowExternal: {Type: String}
  Peers: {Type: CommaDelimitedList}
  NetworkPolicy: {Type: String}
Resources:
  Maybe:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: maybe
      AllowExternalPrincipals: !Ref AllowExternal
      Principals: ["444455556666"]
  Peers:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: peers
      Principals: !Ref Peers
  Closed:
    Type: AWS::RAM::ResourceShare
    Properties:
      Name: closed
      AllowExternalPrincipals: false
      Principals: !Ref Peers
  Network:
    Type: AWS::OpenSearchServerless::SecurityPolicy
    Properties:
      Name: net
      Type: network
      Policy: !Ref NetworkPolicy
`,
	})
	got := warnings(t, dir, Options{TrustedAccounts: []string{"111122223333"}})
	want := []string{
		"stack.yaml:10 RAM share `Maybe` shares with \"444455556666\", and whether it allows external principals is not known before deploy (!Ref AllowExternal): whether it shares outside the organization is not analysed",
		"stack.yaml:16 a principal of RAM share `Peers` is not known before deploy (!Ref Peers), and the share allows external principals: whether it is outside the organization is not analysed",
		"stack.yaml:28 OpenSearch Serverless network policy `Network` is not known before deploy (!Ref NetworkPolicy): what it grants is not analysed",
		"tf/main.tf:14 RAM share `aws_ram_resource_share.maybe` shares with \"444455556666\", and whether it allows external principals is not known before deploy (var.external): whether it shares outside the organization is not analysed",
		"tf/main.tf:33 the principal of `aws_ram_principal_association.peer` (RAM share `aws_ram_resource_share.open`) is not known before deploy (var.peer), and the share allows external principals: whether it is outside the organization is not analysed",
		"tf/main.tf:53 `aws_ram_principal_association.elsewhere` adds \"444455556666\" to RAM share `arn:aws:ram:us-east-1:123456789012:resource-share/abc`, which is not in the scan: whether the share allows external principals is not known, so whether it shares outside the organization is not analysed",
		"tf/main.tf:69 OpenSearch Serverless data access policy `aws_opensearchserverless_access_policy.data` is not known before deploy (var.policy): what it grants is not analysed",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestPlanCollectionPolicyAfterApply: a plan holds an OpenSearch Serverless
// policy built from a resource not yet created only as known after apply.
// With its configuration beside it, the configuration's policy stands in
// (IAM304's fixture bad_opensearch_serverless_after_apply); alone, the
// plan says so in a warning.
func TestPlanCollectionPolicyAfterApply(t *testing.T) {
	t.Parallel()
	plan, err := os.ReadFile("../fixtures/IAM304/plan/bad_opensearch_serverless_after_apply/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"plan.json": string(plan)})
	got := warnings(t, filepath.Join(dir, "plan.json"), Options{})
	want := []string{
		"plan.json:0 no Terraform configuration (.tf files) in " + dir + ": findings point into the plan; name the directory the plan was made from with --tf-dir",
		"plan.json:1 OpenSearch Serverless data access policy `aws_opensearchserverless_access_policy.open` is not known before deploy (aws_opensearchserverless_access_policy.open.policy (known after apply)): what it grants is not analysed",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	inv, errs := Load([]string{"../fixtures/IAM304/plan/bad_opensearch_serverless_after_apply/plan.json"}, Options{})
	if len(errs) > 0 || len(inv.CollectionPolicies) != 1 || inv.CollectionPolicies[0].Unknown != "" || len(inv.CollectionPolicies[0].Rules) != 1 {
		t.Errorf("with the configuration: errors %v, policies %+v; want the configuration's policy", errs, inv.CollectionPolicies)
	}
}

// warnings loads path and returns its warnings as "file:line message",
// files relative to dir (path's directory when path is a file), sorted;
// anything else is a test error.
func warnings(t *testing.T, path string, opts Options) []string {
	t.Helper()
	dir := path
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		dir = filepath.Dir(path)
	}
	_, errs := Load([]string{path}, opts)
	var got []string
	for _, err := range errs {
		var ie *model.InputError
		if !errors.As(err, &ie) || !ie.Warning {
			t.Errorf("not a warning: %v", err)
			continue
		}
		rel, _ := filepath.Rel(dir, ie.Loc.File)
		got = append(got, filepath.ToSlash(rel)+":"+strconv.Itoa(ie.Loc.StartLine)+" "+ie.Message)
	}
	slices.Sort(got)
	return got
}
