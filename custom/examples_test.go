package custom_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// TestExamples keeps examples/policies true: every rule's tests pass, and
// over the demo input each rule reports exactly what the README shows.
func TestExamples(t *testing.T) {
	t.Parallel()
	set := load(t, "../examples/policies")
	if n := len(set.Rules()); n < 5 {
		t.Errorf("examples/policies has %d rules, want at least 5", n)
	}
	results, err := set.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tested := map[string]bool{}
	for _, r := range results {
		if !r.Passed {
			t.Errorf("%s (%s:%d) failed %s", r.Name, r.File, r.Line, r.Error)
		}
		tested[filepath.Base(r.File)] = true
	}
	for _, r := range set.Rules() {
		test := filepath.Base(r.Origin[:len(r.Origin)-len(".rego")] + "_test.rego")
		if !tested[test] {
			t.Errorf("%s (%s) has no tests in %s", r.ID, r.Origin, test)
		}
	}

	inv, errs := parsers.Load([]string{"../examples/policies/demo"}, parsers.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range rules.Run(inv, set.Rules(), nil) {
		got = append(got, fmt.Sprintf("%d:%d %s %s", f.Loc.StartLine, f.Loc.StartColumn, f.Rule.ID, f.Message))
	}
	want := []string{
		"34:1 ORG001 role aws_iam_role.app has no permissions boundary (want org-boundary)",
		"34:1 ORG006 role aws_iam_role.app may pass roles (iam:PassRole) but is not a deploy-* role",
		"65:18 ORG002 aws_iam_role.vendor lets denied account 111122223333 assume the role (statement 0)",
		"74:1 ORG004 user aws_iam_user.ci may use IAM actions at access level Permissions management and Write",
		"89:7 ORG003 statement 1 of aws_iam_user_policy.ci has no Sid",
		"106:18 ORG005 aws_s3_bucket_policy.data grants s3:GetObject to everyone",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings on examples/policies/demo (-want +got):\n%s", diff)
	}
	if errs := set.Errors(); len(errs) > 0 {
		t.Errorf("rules failed: %v", errs)
	}
}
