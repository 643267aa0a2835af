package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/internal/synth"
)

// TestWhoCanUnresolvedOncePerGroup: in a plan of teams whose group
// attachment's policy is known only after apply, who-can says so once per
// attachment, naming the members it applies to, not again for each member
// (where another note names the attachment already, nothing more is said).
func TestWhoCanUnresolvedOncePerGroup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var plan bytes.Buffer
	if err := synth.PlanIdentity(&plan, 2); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(path, plan.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for action, want := range map[string]string{"s3:GetObject": whoCanTeams, "iam:CreateAccessKey": whoCanTeamsKeys} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"iacscan", "who-can", action, path}, strings.NewReader(""), &stdout, &stderr)
		if code != 0 {
			t.Fatalf("who-can %s: exit %d, want 0; stderr:\n%s", action, code, stderr.String())
		}
		if got := strings.ReplaceAll(stdout.String(), dir+string(filepath.Separator), ""); got != want {
			t.Errorf("who-can %s:\n%s\nwant:\n%s", action, got, want)
		}
	}
}

// The members' answers say the attachment is unknown in a line that
// points above, where no other note names it.
const whoCanTeamsKeys = `group aws_iam_group.developers_00000: conditional iam:CreateAccessKey on * (decided by: identity)
  needs context: aws:MultiFactorAuthPresent
  grant: Allow policy ` + "`" + `aws_iam_group_policy.developers_admin_with_mfa_00000` + "`" + `, statement 1 (plan.json:1) when Bool aws:MultiFactorAuthPresent true
  note: attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00000` + "`" + ` (plan.json:1) is unknown: it is known only after apply; it applies to user ` + "`" + `aws_iam_user.alice_00000` + "`" + ` below too

user aws_iam_user.alice_00000: conditional iam:CreateAccessKey on * (decided by: identity)
  needs context: aws:MultiFactorAuthPresent
  grant: Allow policy ` + "`" + `aws_iam_group_policy.developers_admin_with_mfa_00000` + "`" + `, statement 1 (plan.json:1) when Bool aws:MultiFactorAuthPresent true
  note: attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00000` + "`" + ` is unknown, as said above (through group ` + "`" + `aws_iam_group.developers_00000` + "`" + `)

group aws_iam_group.developers_00001: conditional iam:CreateAccessKey on * (decided by: identity)
  needs context: aws:MultiFactorAuthPresent
  grant: Allow policy ` + "`" + `aws_iam_group_policy.developers_admin_with_mfa_00001` + "`" + `, statement 1 (plan.json:1) when Bool aws:MultiFactorAuthPresent true
  note: attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00001` + "`" + ` (plan.json:1) is unknown: it is known only after apply; it applies to user ` + "`" + `aws_iam_user.alice_00001` + "`" + ` below too

user aws_iam_user.alice_00001: conditional iam:CreateAccessKey on * (decided by: identity)
  needs context: aws:MultiFactorAuthPresent
  grant: Allow policy ` + "`" + `aws_iam_group_policy.developers_admin_with_mfa_00001` + "`" + `, statement 1 (plan.json:1) when Bool aws:MultiFactorAuthPresent true
  note: attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00001` + "`" + ` is unknown, as said above (through group ` + "`" + `aws_iam_group.developers_00001` + "`" + `)

policy aws_iam_policy.developers_00000: allowed iam:CreateAccessKey on * (decided by: identity)
  grant: Allow policy ` + "`" + `aws_iam_policy.developers_00000` + "`" + `, statement 2 (plan.json:1)

policy aws_iam_policy.developers_00001: allowed iam:CreateAccessKey on * (decided by: identity)
  grant: Allow policy ` + "`" + `aws_iam_policy.developers_00001` + "`" + `, statement 2 (plan.json:1)
`

const whoCanTeams = `group aws_iam_group.developers_00000: unknown s3:GetObject on * (decided by: identity)
  note: attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00000` + "`" + ` (plan.json:1) is unknown: it is known only after apply; it applies to user ` + "`" + `aws_iam_user.alice_00000` + "`" + ` below too
  note: no known policy allows it; the attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00000` + "`" + ` could add an Allow

group aws_iam_group.auditors_00000: allowed s3:GetObject on * (decided by: identity)
  grant: Allow AWS managed policy ` + "`" + `ReadOnlyAccess` + "`" + `, statement 2

user aws_iam_user.alice_00000: unknown s3:GetObject on * (decided by: identity)
  grant: Allow AWS managed policy ` + "`" + `ReadOnlyAccess` + "`" + `, statement 2
  note: allowed by AWS managed policy ` + "`" + `ReadOnlyAccess` + "`" + `; the attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00000` + "`" + ` could add a Deny

user aws_iam_user.bob_00000: allowed s3:GetObject on * (decided by: identity)
  grant: Allow policy ` + "`" + `aws_iam_user_policy.bob_inline_00000` + "`" + `, statement 1 (plan.json:1)
  grant: Allow AWS managed policy ` + "`" + `ReadOnlyAccess` + "`" + `, statement 2

role aws_iam_role.deploy_00000: allowed s3:GetObject on * (decided by: identity)
  grant: Allow policy ` + "`" + `aws_iam_role_policy.deploy_00000` + "`" + `, statement 1 (plan.json:1)
  grant: Allow AWS managed policy ` + "`" + `PowerUserAccess` + "`" + `, statement 1

group aws_iam_group.developers_00001: unknown s3:GetObject on * (decided by: identity)
  note: attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00001` + "`" + ` (plan.json:1) is unknown: it is known only after apply; it applies to user ` + "`" + `aws_iam_user.alice_00001` + "`" + ` below too
  note: no known policy allows it; the attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00001` + "`" + ` could add an Allow

group aws_iam_group.auditors_00001: allowed s3:GetObject on * (decided by: identity)
  grant: Allow AWS managed policy ` + "`" + `ReadOnlyAccess` + "`" + `, statement 2

user aws_iam_user.alice_00001: unknown s3:GetObject on * (decided by: identity)
  grant: Allow AWS managed policy ` + "`" + `ReadOnlyAccess` + "`" + `, statement 2
  note: allowed by AWS managed policy ` + "`" + `ReadOnlyAccess` + "`" + `; the attached policy of ` + "`" + `aws_iam_group_policy_attachment.developers_00001` + "`" + ` could add a Deny

user aws_iam_user.bob_00001: allowed s3:GetObject on * (decided by: identity)
  grant: Allow policy ` + "`" + `aws_iam_user_policy.bob_inline_00001` + "`" + `, statement 1 (plan.json:1)
  grant: Allow AWS managed policy ` + "`" + `ReadOnlyAccess` + "`" + `, statement 2

role aws_iam_role.deploy_00001: allowed s3:GetObject on * (decided by: identity)
  grant: Allow policy ` + "`" + `aws_iam_role_policy.deploy_00001` + "`" + `, statement 1 (plan.json:1)
  grant: Allow AWS managed policy ` + "`" + `PowerUserAccess` + "`" + `, statement 1
`
