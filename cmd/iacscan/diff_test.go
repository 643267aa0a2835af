package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// runCLI runs the whole CLI in-process.
func runCLI(args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"iacscan"}, args...), strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

func TestDiffPlan(t *testing.T) {
	plan := "../../diff/testdata/admin-grant/after/plan.json"
	tests := []struct {
		args     []string
		code     int
		contains []string
	}{
		{[]string{"diff", plan}, 0, []string{
			"What the change grants: prior state of " + plan + " -> planned values of " + plan + "\n",
			"role aws_iam_role.app (../../diff/testdata/admin-grant/after/main.tf:2) changed [escalation]\n" +
				"  + newly allowed: every action of every service (22090 actions) on *\n" +
				"      via AWS managed policy `AdministratorAccess`\n",
			"Findings: 1 new, 0 fixed, 0 unchanged\n",
		}},
		{[]string{"diff", "--fail-on-new", "high", plan}, 1, []string{"new   high IAM202"}},
		{[]string{"diff", "--fail-on-new", "critical", plan}, 0, []string{"new   high IAM202"}},
		{[]string{"diff", "--skip-rule", "IAM202", "--fail-on-new", "info", plan}, 0, []string{"Findings: 0 new, 0 fixed, 0 unchanged"}},
		{[]string{"diff", "--fail-on-new", "severe", plan}, 2, nil},
		{[]string{"diff", "-f", "markdown", plan}, 0, []string{"<details open><summary><b>escalation</b> · role <code>aws_iam_role.app</code> changed"}},
		// New findings are the scan's alerts: the boundary policy's one
		// statement is one finding carrying IAM203/204/209/210, not four,
		// led by IAM204: high, as the statement deletes buckets.
		{[]string{"diff", "../../diff/testdata/boundary-removed/after/plan.json"}, 0, []string{
			"Findings: 4 new, 0 fixed, 0 unchanged\n",
			"high IAM204 ../../diff/testdata/boundary-removed/after/main.tf:5",
			"(4 of them delete or move data); they accept resource ARNs; also: permissions management on every resource (IAM209), data-reading actions on every resource (IAM210), wildcard action allowed (IAM203)\n",
		}},
		{[]string{"diff"}, 2, nil},
		{[]string{"diff", "--changed-only", plan}, 2, nil},
		{[]string{"diff", plan, plan}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := runCLI(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			for _, want := range tt.contains {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
		})
	}
}

func TestCanAndWhoCan(t *testing.T) {
	chain := "../../access/testdata/chain"
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"can", "dev", "s3:GetObject", "--resource", "arn:aws:s3:::dev-notes/a.txt", chain}, 0,
			"user aws_iam_user.dev: allowed s3:GetObject on arn:aws:s3:::dev-notes/a.txt (decided by: identity)\n" +
				"  grant: Allow policy `aws_iam_user_policy.dev`, statement 2 (" + chain + "/main.tf:15)\n"},
		{[]string{"can", "arn:aws:iam::123456789012:user/dev", "s3:GetObject", "--resource", "arn:aws:s3:::other/a.txt", chain}, 0,
			"user aws_iam_user.dev: implicitly denied s3:GetObject on arn:aws:s3:::other/a.txt (decided by: identity)\n\n" +
				"user aws_iam_user.dev through aws_iam_role.deploy -> aws_iam_role.admin: allowed s3:GetObject on arn:aws:s3:::other/a.txt (decided by: identity)\n" +
				"  trust: Allow policy `aws_iam_role.deploy`, statement 1 (" + chain + "/main.tf:24)\n" +
				"  trust: Allow policy `aws_iam_role.admin`, statement 1 (" + chain + "/main.tf:41)\n" +
				"  grant: Allow AWS managed policy `AdministratorAccess`, statement 1\n"},
		{[]string{"can", "aws_iam_role.audit", "iam:CreateUser", "--resource", "arn:aws:iam::123456789012:user/root-x", chain}, 0,
			"role aws_iam_role.audit: explicitly denied iam:CreateUser on arn:aws:iam::123456789012:user/root-x (decided by: deny)\n" +
				"  deny: Deny policy `aws_iam_role_policy.audit`, statement 2 (" + chain + "/main.tf:87)\n"},
		{[]string{"can", "nobody", "s3:GetObject", chain}, 2, ""},
		{[]string{"can", "dev", "s3:Get*", chain}, 2, ""},
		{[]string{"can", "dev", "s3:NoSuchAction", chain}, 2, ""},
		{[]string{"who-can", "sqs:SendMessage", "../../diff/testdata/removed-condition/after"}, 0, "no principal of the scan may perform sqs:SendMessage\n"},
		{[]string{"who-can", "ec2:TerminateInstances", "../../diff/testdata/removed-condition/before"}, 0,
			"user aws_iam_user.ops: conditional ec2:TerminateInstances on * (decided by: identity)\n" +
				"  needs context: aws:MultiFactorAuthPresent\n" +
				"  grant: Allow policy `aws_iam_user_policy.terminate`, statement 1 (../../diff/testdata/removed-condition/before/main.tf:11) when Bool aws:MultiFactorAuthPresent true\n"},
		// Two principals of one address in two root modules are told apart.
		{[]string{"can", "aws_iam_user.deployer", "s3:GetObject", "testdata/sameaddress/prod", "testdata/sameaddress/dev"}, 0,
			"user aws_iam_user.deployer (testdata/sameaddress/prod/main.tf:2): allowed s3:GetObject on * (decided by: identity)\n" +
				"  grant: Allow policy `aws_iam_user_policy.deployer`, statement 1 (testdata/sameaddress/prod/main.tf:9)\n\n" +
				"user aws_iam_user.deployer (testdata/sameaddress/dev/main.tf:1): implicitly denied s3:GetObject on * (decided by: identity)\n"},
		{[]string{"who-can", "s3:GetObject", "testdata/sameaddress/prod", "testdata/sameaddress/dev"}, 0,
			"user aws_iam_user.deployer (testdata/sameaddress/prod/main.tf:2): allowed s3:GetObject on * (decided by: identity)\n" +
				"  grant: Allow policy `aws_iam_user_policy.deployer`, statement 1 (testdata/sameaddress/prod/main.tf:9)\n"},
		// --context decides a conditional answer.
		{[]string{"who-can", "ec2:TerminateInstances", "--context", "aws:MultiFactorAuthPresent=true", "../../diff/testdata/removed-condition/before"}, 0,
			"user aws_iam_user.ops: allowed ec2:TerminateInstances on * (decided by: identity)\n" +
				"  grant: Allow policy `aws_iam_user_policy.terminate`, statement 1 (../../diff/testdata/removed-condition/before/main.tf:11) when Bool aws:MultiFactorAuthPresent true\n"},
		{[]string{"who-can", "ec2:TerminateInstances", "--context", "aws:MultiFactorAuthPresent", "../../diff/testdata/removed-condition/before"}, 0,
			"no principal of the scan may perform ec2:TerminateInstances\n"},
		{[]string{"who-can", "ec2:TerminateInstances", "--context", "=x", "../../diff/testdata/removed-condition/before"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stdout, stderr, code := runCLI(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			if stdout != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, tt.want)
			}
		})
	}
}

// A plan from standard input is read once and diffed with itself.
func TestDiffPlanStdin(t *testing.T) {
	data, err := os.ReadFile("../../diff/testdata/cross-account-trust/after/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"iacscan", "diff", "--tf-dir", "../../diff/testdata/cross-account-trust/after", "-"}, bytes.NewReader(data), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{
		"What the change grants: prior state of - -> planned values of -\n",
		"  trust + AWS arn:aws:iam::999988887777:root [cross-account]: sts:AssumeRole\n",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
}

// endlessPlan is standard input that starts like a plan and never ends,
// counting what is read of it.
type endlessPlan struct{ read int }

func (p *endlessPlan) Read(b []byte) (int, error) {
	head := `{"format_version": "1.2", "planned_values": {}` // a plan's head
	n := 0
	for n < len(b) {
		if p.read < len(head) {
			b[n] = head[p.read]
		} else {
			b[n] = ' '
		}
		n++
		p.read++
	}
	if p.read > 64<<20 {
		return n, errors.New("read on past 64 MiB")
	}
	return n, nil
}

// diff - reads the plan from standard input within --max-file-size, once,
// as a scan does (it read standard input to its end first).
func TestDiffPlanStdinLimit(t *testing.T) {
	stdin := &endlessPlan{}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"iacscan", "diff", "--max-file-size", "1K", "-"}, stdin, &stdout, &stderr)
	want := "iacscan: reading the plan: larger than the size limit of 1 KiB (--max-file-size); not read\n"
	if code != exitError || stderr.String() != want || stdout.String() != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want %d, no stdout, stderr %q", code, stdout.String(), stderr.String(), exitError, want)
	}
	if stdin.read > 64<<10 {
		t.Errorf("read %d bytes of standard input, want no more than the limit and a buffer", stdin.read)
	}
}
