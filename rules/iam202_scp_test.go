package rules

import (
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
)

// TestBroadManagedPolicyRefusedBySCP: IAMFullAccess on a role of an
// account whose SCP allows only S3 and EC2 grants no IAM action; the
// engine, which IAM202 asks about the actions that make the policy broad,
// says so, and nothing is reported. The same role without the
// organization is reported.
func TestBroadManagedPolicyRefusedBySCP(t *testing.T) {
	root, err := filepath.Abs("testdata/iam202-scp")
	if err != nil {
		t.Fatal(err)
	}
	count := func(inputs []string, opts parsers.Options) int {
		inv, errs := parsers.Load(inputs, opts)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return len(Run(inv, []*Rule{BroadAWSManagedPolicy}, nil))
	}
	opts := parsers.Options{Accounts: []model.AccountMapping{
		{Name: "management", ID: "111111111111", Management: true, Paths: []string{filepath.Join(root, "management")}},
		{Name: "workload", ID: "222222222222", Paths: []string{filepath.Join(root, "workload")}},
	}}
	if n := count([]string{root}, opts); n != 0 {
		t.Errorf("with the SCP: %d IAM202 findings, want 0", n)
	}
	if n := count([]string{filepath.Join(root, "workload")}, parsers.Options{}); n != 1 {
		t.Errorf("without the organization: %d IAM202 findings, want 1", n)
	}
}
