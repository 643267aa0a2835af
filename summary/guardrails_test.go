package summary

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
)

// TestWithinSCPs: a principal's summary is what its policies allow within
// the SCPs of its account: an OU's Deny of iam:* takes IAM away from an
// administrator there, an account's allow list keeps only what it lists,
// and the management account keeps everything.
func TestWithinSCPs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	admin := func(account string) string {
		return `provider "aws" { allowed_account_ids = ["` + account + `"] }
resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy" "admin" {
  role   = aws_iam_role.admin.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
`
	}
	write("org/main.tf", admin("111111111111")+`
resource "aws_organizations_organization" "org" {}
resource "aws_organizations_organizational_unit" "dev" {
  name      = "dev"
  parent_id = aws_organizations_organization.org.roots[0].id
}
resource "aws_organizations_policy" "no_iam" {
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "iam:*", Resource = "*" }] })
}
resource "aws_organizations_policy" "s3_only" {
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:*", "iam:*"], Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "no_iam" {
  policy_id = aws_organizations_policy.no_iam.id
  target_id = aws_organizations_organizational_unit.dev.id
}
resource "aws_organizations_policy_attachment" "s3_only" {
  policy_id = aws_organizations_policy.s3_only.id
  target_id = "333333333333"
}
`)
	write("dev/main.tf", admin("222222222222"))
	write("data/main.tf", admin("333333333333"))
	inv, errs := parsers.Load([]string{dir}, parsers.Options{Accounts: []model.AccountMapping{
		{Name: "dev", ID: "222222222222", OU: "dev"},
		{Name: "data", ID: "333333333333", OU: "dev"},
	}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := Build(iam.Analyze(inv, iam.Default()))
	got := map[string][]string{}
	for _, p := range s.Principals {
		var services []string
		for _, svc := range p.Services {
			services = append(services, svc.Prefix)
		}
		key := filepath.Base(filepath.Dir(p.File))
		if !slices.Contains(services, "iam") {
			services = []string{"no iam", "s3=" + boolText(slices.Contains(services, "s3")), "ec2=" + boolText(slices.Contains(services, "ec2"))}
		} else {
			services = []string{"iam", "ec2=" + boolText(slices.Contains(services, "ec2"))}
		}
		got[key] = append(services, p.Within...)
	}
	want := map[string][]string{
		"org":  {"iam", "ec2=yes"},
		"dev":  {"no iam", "s3=yes", "ec2=yes", "the SCPs attached to OU `dev`"},
		"data": {"no iam", "s3=yes", "ec2=no", "the SCPs attached to OU `dev`, account `data` (333333333333)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summaries differ (-want +got):\n%s", diff)
	}
}

func boolText(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
