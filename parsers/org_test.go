package parsers_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/model/modeltest"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/parsers/cloudformation"
)

var updateOrg = flag.Bool("update-org", false, "rewrite testdata/org/*.golden")

// orgInputs are one organization written three ways (testdata/org): its
// root, two OUs with an account each, SCPs and an RCP attached at each
// level, a tag policy (not IAM), and a VPC endpoint with a policy.
var orgInputs = []struct{ name, path string }{
	{"terraform", "testdata/org/terraform"},
	{"plan", "testdata/org/plan/plan.json"},
	{"cloudformation", "testdata/org/cloudformation/org.yaml"},
}

// orgAccounts are the configuration's accounts for the organization: IDs
// for the accounts the code creates (known only after apply), and one the
// code does not declare, placed in an OU by name.
var orgAccounts = []model.AccountMapping{
	{Name: "workload", ID: "222222222222"},
	{Name: "log", ID: "333333333333"},
	{Name: "sandbox", ID: "444444444444", OU: "workloads"},
}

func loadOrg(t *testing.T, path string, opts parsers.Options) *model.Inventory {
	t.Helper()
	opts.Accounts = orgAccounts
	inv, errs := parsers.Load([]string{path}, opts)
	for _, err := range errs {
		t.Errorf("%s: %v", path, err)
	}
	return inv
}

// TestOrgGolden holds each input's inventory, values and locations, to
// testdata/org/NAME.golden (-update-org rewrites them).
func TestOrgGolden(t *testing.T) {
	t.Parallel()
	for _, in := range orgInputs {
		t.Run(in.name, func(t *testing.T) {
			got := modeltest.Dump(loadOrg(t, in.path, parsers.Options{}))
			golden := filepath.Join("testdata", "org", in.name+".golden")
			if *updateOrg {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("inventory differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// TestOrgParity demands the same organization from HCL, the plan and
// CloudFormation once linked: each account's path from the root, the
// policies attached at each level, and the endpoint policy.
func TestOrgParity(t *testing.T) {
	t.Parallel()
	want := []string{
		"222222222222 (workload): root [deny-leave (scp)] > workloads [workload-guard (scp)] > workload []",
		"333333333333 (log): root [deny-leave (scp)] > security [data-perimeter (rcp)] > log []",
		"444444444444 (sandbox): root [deny-leave (scp)] > workloads [workload-guard (scp)] > sandbox []",
		"endpoint com.amazonaws.us-east-1.s3 Gateway: 1 statement",
		"policies: data-perimeter rcp, deny-leave scp, workload-guard scp",
	}
	for _, in := range orgInputs {
		t.Run(in.name, func(t *testing.T) {
			if diff := cmp.Diff(want, orgSummary(loadOrg(t, in.path, parsers.Options{}))); diff != "" {
				t.Errorf("organization differs (-want +got):\n%s", diff)
			}
		})
	}
}

func orgSummary(inv *model.Inventory) []string {
	var out []string
	for _, m := range orgAccounts {
		path, complete := inv.OrgPath(m.ID)
		var levels []string
		for _, n := range path {
			name := n.Name.Text
			if n.Kind == model.OrgRoot {
				name = "root"
			}
			var pols []string
			for _, a := range inv.OrgAttachmentsOf(n) {
				if p := inv.OrgPolicy(a); p != nil {
					pols = append(pols, fmt.Sprintf("%s (%s)", p.Name.Text, p.Kind))
				}
			}
			levels = append(levels, fmt.Sprintf("%s [%s]", name, strings.Join(pols, ", ")))
		}
		line := fmt.Sprintf("%s (%s): %s", m.ID, m.Name, strings.Join(levels, " > "))
		if !complete {
			line += " (incomplete)"
		}
		out = append(out, line)
	}
	for _, e := range inv.Endpoints {
		statements := 0
		for _, p := range inv.Policies {
			if p.Kind == model.EndpointPolicy && len(p.Owners) == 1 && p.Owners[0].ID == e.ID {
				statements += len(p.Document.Statements)
			}
		}
		out = append(out, fmt.Sprintf("endpoint %s %s: %d statement", e.Service.Text, e.Type.Text, statements))
	}
	var pols []string
	for _, p := range inv.Policies {
		if p.Kind == model.SCP || p.Kind == model.RCP {
			pols = append(pols, p.Name.Text+" "+string(p.Kind))
		}
	}
	slices.Sort(pols)
	return append(out, "policies: "+strings.Join(pols, ", "))
}

// TestAccountResolution says which account each input deploys to, and how
// that is known, or that it is not.
func TestAccountResolution(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	role := `resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`
	allowed := write("allowed/main.tf", `provider "aws" { allowed_account_ids = ["222222222222"] }
`+role)
	assumed := write("assumed/main.tf", `provider "aws" {
  assume_role { role_arn = "arn:aws:iam::333333333333:role/deployer" }
}
`+role)
	several := write("several/main.tf", `provider "aws" { allowed_account_ids = ["222222222222", "333333333333"] }
`+role)
	aliased := write("aliased/main.tf", `provider "aws" { allowed_account_ids = ["222222222222"] }
provider "aws" {
  alias               = "log"
  allowed_account_ids = ["333333333333"]
}
`+role)
	logProvider := `provider "aws" { allowed_account_ids = ["222222222222"] }
provider "aws" {
  alias               = "log"
  allowed_account_ids = ["333333333333"]
}
`
	onAlias := write("on-alias/main.tf", logProvider+strings.Replace(role, `name `, "provider = aws.log\n  name ", 1))
	write("passed/modules/ci/main.tf", role)
	passed := write("passed/main.tf", logProvider+`module "ci" {
  source    = "./modules/ci"
  providers = { aws = aws.log }
}
`)
	write("nested/modules/outer/main.tf", `provider "aws" { alias = "inner" }
module "inner" {
  source    = "../inner"
  providers = { aws = aws.inner }
}
`)
	write("nested/modules/inner/main.tf", role)
	nested := write("nested/main.tf", logProvider+`module "outer" {
  source    = "./modules/outer"
  providers = { aws.inner = aws.log }
}
`)
	write("inherited/modules/ci/main.tf", role)
	inherited := write("inherited/main.tf", logProvider+`module "ci" { source = "./modules/ci" }
`)
	silentAlias := write("silent-alias/main.tf", `provider "aws" { allowed_account_ids = ["222222222222"] }
provider "aws" { alias = "east" }
`+strings.Replace(role, `name `, "provider = aws.east\n  name ", 1))
	mappedAlias := write("mapped-alias/main.tf", `provider "aws" { alias = "east" }
`+strings.Replace(role, `name `, "provider = aws.east\n  name ", 1))
	onlyAlias := write("only-alias/main.tf", `provider "aws" {
  alias               = "log"
  allowed_account_ids = ["333333333333"]
}
`+role)
	none := write("none/main.tf", role)
	mapped := write("mapped/main.tf", role)
	template := write("stack.yaml", `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}, Action: sts:AssumeRole}]
`)
	cases := []struct {
		name, path string
		opts       parsers.Options
		want       string
	}{
		{"allowed_account_ids", filepath.Dir(allowed), parsers.Options{}, "222222222222 provider.aws allowed_account_ids"},
		{"assume_role", filepath.Dir(assumed), parsers.Options{}, "333333333333 provider.aws assume_role"},
		{"several allowed", filepath.Dir(several), parsers.Options{}, "unknown"},
		// An aliased provider binds the resources it deploys, and those of
		// the modules it is passed to; not the others.
		{"beside an aliased provider", filepath.Dir(aliased), parsers.Options{}, "222222222222 provider.aws allowed_account_ids"},
		{"provider = aws.log", filepath.Dir(onAlias), parsers.Options{}, "333333333333 provider.aws.log allowed_account_ids"},
		{"providers = { aws = aws.log }", filepath.Dir(passed), parsers.Options{}, "333333333333 provider.aws.log allowed_account_ids"},
		{"passed on by a module", filepath.Dir(nested), parsers.Options{}, "333333333333 provider.aws.log allowed_account_ids"},
		{"inherited default", filepath.Dir(inherited), parsers.Options{}, "222222222222 provider.aws allowed_account_ids"},
		{"alias that names no account", filepath.Dir(silentAlias), parsers.Options{},
			"unknown: provider aws.east names no account (allowed_account_ids, assume_role); provider aws.east"},
		{"alias that names no account, configuration paths", filepath.Dir(mappedAlias),
			parsers.Options{Accounts: []model.AccountMapping{{Name: "east", ID: "555555555555", Paths: []string{filepath.Dir(mappedAlias)}}}},
			"555555555555 .iacscan.yml accounts.east"},
		{"default provider that names no account", filepath.Dir(onlyAlias), parsers.Options{}, "unknown"},
		{"nothing says", filepath.Dir(none), parsers.Options{}, "unknown"},
		{"configuration paths", filepath.Dir(mapped),
			parsers.Options{Accounts: []model.AccountMapping{{Name: "ci", ID: "555555555555", Paths: []string{filepath.Dir(mapped)}}}},
			"555555555555 .iacscan.yml accounts.ci"},
		{"cfn-param", template, parsers.Options{CloudFormation: cloudformation.Options{Params: map[string]string{"AWS::AccountId": "666666666666"}}},
			"666666666666 --cfn-param AWS::AccountId"},
		{"template without", template, parsers.Options{}, "unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv, errs := parsers.Load([]string{c.path}, c.opts)
			for _, err := range errs {
				t.Errorf("%v", err)
			}
			var roles []*model.Identity
			for _, id := range inv.Identities {
				roles = append(roles, id)
			}
			if len(roles) != 1 {
				t.Fatalf("%d identities", len(roles))
			}
			got := "unknown"
			switch b := inv.ElementAccount(&roles[0].Meta); {
			case b == nil:
			case b.Account.IsKnown():
				got = b.Account.Text + " " + b.Via
			default:
				got = "unknown: " + b.Account.Expr + "; " + b.Via
			}
			if got != c.want {
				t.Errorf("account = %q, want %q", got, c.want)
			}
		})
	}
}

// TestCFNAccountIDParam: --cfn-param AWS::AccountId makes the pseudo
// parameter known everywhere the template uses it, and the account the
// scan's own; a value that is not an account ID is an error and is not
// used.
func TestCFNAccountIDParam(t *testing.T) {
	t.Parallel()
	template := filepath.Join(t.TempDir(), "stack.yaml")
	if err := os.WriteFile(template, []byte(`Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}, Action: sts:AssumeRole}]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	principal := func(inv *model.Inventory) string {
		return modeltest.Values(inv.Identities[0].Trust.Document.Statements[0].Principal.Entries[0].Values)
	}
	inv, errs := parsers.Load([]string{template}, parsers.Options{CloudFormation: cloudformation.Options{Params: map[string]string{"AWS::AccountId": "666666666666"}}})
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
	if got, want := principal(inv), "[arn:aws:iam::666666666666:root]"; got != want {
		t.Errorf("principal = %s, want %s", got, want)
	}
	if !inv.IsOwnAccount("666666666666") {
		t.Error("666666666666 is not the scan's own account")
	}
	inv, errs = parsers.Load([]string{template}, parsers.Options{CloudFormation: cloudformation.Options{Params: map[string]string{"AWS::AccountId": "prod"}}})
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	if want := []string{"--cfn-param AWS::AccountId=prod: not a 12-digit account ID"}; !slices.Equal(msgs, want) {
		t.Errorf("errors = %q, want %q", msgs, want)
	}
	if got, want := principal(inv), "[{arn:aws:iam::${AWS::AccountId}:root|AWS::AccountId}]"; !strings.HasPrefix(got, "[{") {
		t.Errorf("principal = %s, want it unknown like %s", got, want)
	}
}

// TestManagementAccount: the account whose provider deploys the
// organization is its management account; the others are members.
func TestManagementAccount(t *testing.T) {
	t.Parallel()
	for _, in := range orgInputs[:2] {
		t.Run(in.name, func(t *testing.T) {
			inv := loadOrg(t, in.path, parsers.Options{})
			for account, want := range map[string]bool{"123456789012": true, "222222222222": false, "333333333333": false} {
				if got := inv.IsManagementAccount(account); got != want {
					t.Errorf("IsManagementAccount(%s) = %v, want %v", account, got, want)
				}
			}
		})
	}
}

// TestAliasedProviders: a resource deployed by an aliased provider, or in
// a module the alias is passed to, is in that provider's account, in the
// configuration and in its plan alike (testdata/aliased; its plan.json is
// made by scripts/fixture-plan.py).
func TestAliasedProviders(t *testing.T) {
	want := []string{
		"aws_iam_role.admin: 222222222222 (provider.aws allowed_account_ids)",
		"aws_iam_role.reader: 333333333333 (provider.aws.log allowed_account_ids)",
		"module.ci.aws_iam_role.ci: 333333333333 (provider.aws.log allowed_account_ids)",
	}
	for _, path := range []string{"testdata/aliased", "testdata/aliased/plan.json"} {
		t.Run(path, func(t *testing.T) {
			inv, errs := parsers.Load([]string{path}, parsers.Options{})
			for _, err := range errs {
				if ie, ok := err.(*model.InputError); !ok || !ie.Warning { // the walk skips the plan beside its .tf
					t.Errorf("%v", err)
				}
			}
			var got []string
			for _, id := range inv.Identities {
				b := inv.ElementAccount(&id.Meta)
				if b == nil {
					got = append(got, id.ID+": unknown")
					continue
				}
				got = append(got, fmt.Sprintf("%s: %s (%s)", id.ID, b.Account.Text, b.Via))
			}
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("accounts (-want +got):\n%s", diff)
			}
		})
	}
}
