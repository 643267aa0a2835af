package rules_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// TestFindingsKnowGuardrails: a finding that an SCP or RCP of the scan
// blocks still stands, says which guardrail blocks it, and has the
// severity its rule documents for that case; the same finding in the
// management account, which no SCP or RCP limits, keeps its own.
func TestFindingsKnowGuardrails(t *testing.T) {
	t.Parallel()
	inv, errs := parsers.Load([]string{"testdata/guardrails"}, parsers.Options{
		Accounts: []model.AccountMapping{{Name: "workload", ID: "222222222222", OU: "workloads"}},
		OrgIDs:   []string{"o-a1b2c3d4e5"},
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range rules.Run(inv, []*rules.Rule{rules.PrivilegeEscalation, rules.PublicResourcePolicy}, nil) {
		got = append(got, fmt.Sprintf("%s %s %s guardrail=%v", f.Rule.ID, f.Rule.Severity, f.Resource,
			strings.Contains(f.Message, "SCPs attached to") || strings.Contains(f.Message, "the RCP in")))
	}
	slices.Sort(got)
	want := []string{
		"IAM207 high aws_iam_role.admin guardrail=false",
		"IAM207 low aws_iam_role.deployer guardrail=true",
		"IAM304 critical aws_s3_bucket_policy.public guardrail=false",
		"IAM304 medium aws_s3_bucket_policy.site guardrail=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
