package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
)

// TestBroadManagedPolicyRefusedBySCP: IAM202 judges what an attached AWS
// managed policy gives its holder within the SCPs of its account. In an
// account whose SCP allows only S3 and EC2, IAMFullAccess grants no IAM
// action and AdministratorAccess only S3 and EC2: nothing is reported. In
// one whose SCP denies Organizations and Account, AdministratorAccess
// still gives nearly every action, and the message says the SCPs are
// counted. Without the organization, both roles of the first account are
// reported.
func TestBroadManagedPolicyRefusedBySCP(t *testing.T) {
	root, err := filepath.Abs("testdata/iam202-scp")
	if err != nil {
		t.Fatal(err)
	}
	messages := func(inputs []string, opts parsers.Options) []string {
		inv, errs := parsers.Load(inputs, opts)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		var out []string
		for _, f := range Run(inv, []*Rule{BroadAWSManagedPolicy}, nil) {
			out = append(out, f.Resource+": "+f.Message)
		}
		slices.Sort(out)
		return out
	}
	opts := parsers.Options{Accounts: []model.AccountMapping{
		{Name: "management", ID: "111111111111", Management: true, Paths: []string{filepath.Join(root, "management")}},
		{Name: "workload", ID: "222222222222", Paths: []string{filepath.Join(root, "workload")}},
		{Name: "sandbox", ID: "333333333333", Paths: []string{filepath.Join(root, "sandbox")}},
	}}
	c := iam.Default()
	all := c.NumActions()
	left := all - c.Match("organizations:*").Len() - c.Match("account:*").Len()
	want := []string{fmt.Sprintf("aws_iam_role_policy_attachment.admin: role `aws_iam_role.ops` has AWS managed policy `AdministratorAccess` attached, "+
		"which allows nearly every action on every resource (%d of %d) within the SCPs of its account", left, all)}
	if got := messages([]string{root}, opts); !slices.Equal(got, want) {
		t.Errorf("with the SCPs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	want = []string{
		"aws_iam_role_policy_attachment.admin: role `aws_iam_role.ops` has AWS managed policy `AdministratorAccess` attached, which allows every action on every resource",
		"aws_iam_role_policy_attachment.iam: role `aws_iam_role.admin` has AWS managed policy `IAMFullAccess` attached, " +
			"which allows every IAM permissions-management action on every resource, so it can grant itself anything",
	}
	if got := messages([]string{filepath.Join(root, "workload")}, parsers.Options{}); !slices.Equal(got, want) {
		t.Errorf("without the organization:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
