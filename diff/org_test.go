package diff_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/diff"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
)

// TestAccountMovedBetweenOUs: moving an account from an OU whose SCP
// denies IAM to one whose SCP allows only S3 and EC2 changes what every
// principal of the account may do, with no change to their own policies;
// the report says so per principal. The same organization in Terraform
// and in CloudFormation (whose templates are placed in their accounts by
// the configuration's paths) gives the same facts. IAM204's finding on the
// role's sqs:SendMessage on "*" is fixed by the move: the engine, which
// the rule asks, says the new SCP refuses it.
func TestAccountMovedBetweenOUs(t *testing.T) {
	t.Parallel()
	want := []string{
		"role aws_iam_role.app changed",
		"- sqs:SendMessage on *",
		"-deny Deny iam:* on * (SCP policy `aws_organizations_policy.no_iam`)",
	}
	for _, format := range []string{"terraform", "cloudformation"} {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join("testdata", "org-move", format)
			load := func(which string) *diff.Side {
				root, err := filepath.Abs(filepath.Join(dir, which))
				if err != nil {
					t.Fatal(err)
				}
				opts := parsers.Options{Accounts: []model.AccountMapping{
					{Name: "management", ID: "111111111111", Management: true, Paths: []string{filepath.Join(root, "management")}},
					{Name: "workload", ID: "222222222222", Paths: []string{filepath.Join(root, "workload")}},
				}}
				inv, errs := parsers.Load([]string{filepath.Join(dir, which)}, opts)
				return side(t, inv, errs, root)
			}
			got := facts(diff.Compute(load("before"), load("after")))
			if format == "cloudformation" {
				for i, f := range got {
					got[i] = strings.NewReplacer("App", "aws_iam_role.app", "NoIAM", "aws_organizations_policy.no_iam").Replace(f)
				}
			}
			fixed := map[string]string{"terraform": "aws_iam_role_policy.app", "cloudformation": "aws_iam_role.app"}[format]
			want := append(slices.Clip(want), "fixed IAM204 "+fixed)
			if !slices.Equal(got, want) {
				t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
