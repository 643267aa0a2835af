package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

const adminPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
}
`

// TestGroupOneAlertPerStatement: `*` on `*` is one alert led by IAM201 that
// names the other rules; without IAM201 the other rules still report it
// (no rule steps aside for another), led by the most severe of them.
func TestGroupOneAlertPerStatement(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	all := scanFile(t, dir, "admin.json", adminPolicy, rules.All...)
	got := rules.Group(all)
	checkNothingLost(t, all, got)
	if len(got) != 1 {
		t.Fatalf("got %d alerts, want 1: %v", len(got), describe(got))
	}
	want := []string{"IAM201", "IAM204", "IAM208", "IAM209", "IAM210", "IAM211", "IAM502", "IAM203"}
	if ids := got[0].RuleIDs(); !slices.Equal(ids[:1], want[:1]) || !sameSet(ids, want) {
		t.Errorf("rule IDs %v, want %v (lead first)", ids, want)
	}
	if !strings.Contains(got[0].Message, "; also: write access on every resource (IAM204), iam:PassRole on every role (IAM208), permissions management on every resource (IAM209)") {
		t.Errorf("message does not name the folded rules: %s", got[0].Message)
	}

	without, err := rules.Select(rules.All, nil, []string{"IAM201"})
	if err != nil {
		t.Fatal(err)
	}
	rest := rules.Group(scanFile(t, dir, "admin.json", adminPolicy, without...))
	if len(rest) != 1 || rest[0].Rule.ID != "IAM204" || !sameSet(rest[0].RuleIDs(), want[1:]) {
		t.Errorf("--skip-rule IAM201: got %v, want one alert led by IAM204 (high: it deletes and moves data) carrying %v", describe(rest), want[1:])
	}
}

// TestGroupOnePerPolicy: IAM204 on several statements of one policy is
// one alert per severity, on the statements together, naming the others;
// its fingerprint is not that of any one statement's.
func TestGroupOnePerPolicy(t *testing.T) {
	t.Parallel()
	policy := `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
    {"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*"},
    {"Sid": "Topics", "Effect": "Allow", "Action": "sns:Publish", "Resource": "*"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}
  ]
}
`
	dir := t.TempDir()
	fs := scanFile(t, dir, "p.json", policy, rules.WildcardResource)
	if len(fs) != 3 {
		t.Fatalf("got %d findings, want 3 (one per statement on `*`): %v", len(fs), describe(fs))
	}
	got := rules.Group(fs)
	checkNothingLost(t, fs, got)
	type alert struct {
		severity, message, element string
		lines                      [2]int
		related                    int
	}
	var alerts []alert
	for _, f := range got {
		alerts = append(alerts, alert{f.Rule.Severity.String(), strings.ReplaceAll(f.Message, filepath.Join(dir, "p.json"), "p.json"),
			f.Element, [2]int{f.Loc.StartLine, f.Loc.EndLine}, len(f.Related)})
	}
	want := []alert{
		{"medium", "policy `p.json` allows 1 write or tagging action(s) on every resource (`*`) in statement 1: `sqs:SendMessage`; they accept resource ARNs; likewise in statement `Topics`",
			"/statement/#0,sid:Topics", [2]int{4, 6}, 1},
		{"high", "policy `p.json` allows 1 write or tagging action(s) on every resource (`*`) in statement 2: `ec2:TerminateInstances` (it deletes or moves data); they accept resource ARNs",
			"/statement/#1", [2]int{5, 5}, 0},
	}
	if !slices.Equal(alerts, want) {
		t.Errorf("alerts:\n%v\nwant:\n%v", alerts, want)
	}
	if a, b := rules.Fingerprint(got[0]), rules.Fingerprint(fs[0]); a == b {
		t.Errorf("the folded alert has the fingerprint of its first statement (%s): a baseline of that one would hide the other", a)
	}
}

// TestGroupOnePerPolicyNamesFoldedRules: a rule folded into one statement's
// IAM204 finding is named in the policy's alert with its statement.
func TestGroupOnePerPolicyNamesFoldedRules(t *testing.T) {
	t.Parallel()
	policy := `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
    {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::*/*"}
  ]
}
`
	dir := t.TempDir()
	fs := scanFile(t, dir, "p.json", policy, rules.WildcardResource, rules.DataExfiltration)
	got := rules.Group(fs)
	checkNothingLost(t, fs, got)
	if len(got) != 1 {
		t.Fatalf("got %d alerts, want 1: %v", len(got), describe(got))
	}
	want := "policy `p.json` allows 1 write or tagging action(s) on every resource (`*`) in statement 1: `sqs:SendMessage`; they accept resource ARNs; " +
		"likewise in statement 2; also: data-reading actions on every resource (IAM210) in statement 2"
	if msg := strings.ReplaceAll(got[0].Message, filepath.Join(dir, "p.json"), "p.json"); msg != want {
		t.Errorf("message:\n%s\nwant:\n%s", msg, want)
	}
	if ids := got[0].RuleIDs(); !slices.Equal(ids, []string{"IAM204", "IAM210"}) {
		t.Errorf("rules %v, want [IAM204 IAM210]", ids)
	}
}

// TestGroupSameRuleOneStatement: one rule's findings on one statement are
// one alert listing what differs; on two statements they stay two.
func TestGroupSameRuleOneStatement(t *testing.T) {
	t.Parallel()
	policy := `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:*", "sqs:*"], "Resource": "arn:aws:s3:::a/*"},
    {"Effect": "Allow", "Action": "sns:*", "Resource": "arn:aws:sns:eu-west-1:111122223333:t"}
  ]
}
`
	dir := t.TempDir()
	fs := scanFile(t, dir, "p.json", policy, rules.WildcardAction)
	got := rules.Group(fs)
	checkNothingLost(t, fs, got)
	var msgs []string
	for _, f := range got {
		msgs = append(msgs, strings.ReplaceAll(f.Message, filepath.Join(dir, "p.json"), "p.json"))
	}
	want := []string{
		"policy `p.json` allows `s3:*` (every `s3` action), `sqs:*` (every `sqs` action) in statement 1",
		"policy `p.json` allows `sns:*` (every `sns` action) in statement 2",
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

// TestGroupModuleInstances: the same finding in instances of one module is
// one alert listing them; findings on different lines, or outside modules,
// stay apart.
func TestGroupModuleInstances(t *testing.T) {
	t.Parallel()
	at := func(line int) model.Location {
		return model.Location{File: "modules/role/main.tf", StartLine: line, StartColumn: 1, EndLine: line + 3, EndColumn: 2}
	}
	f := func(resource string, line int, msg string) *rules.Finding {
		call := rules.Related{Loc: model.Location{File: "main.tf", StartLine: len(resource)}, Message: "called here"}
		return &rules.Finding{Rule: rules.RoleWithoutBoundary, Resource: resource, Loc: at(line), Message: fmt.Sprintf(msg, resource),
			Related: []rules.Related{call}}
	}
	in := []*rules.Finding{
		f(`module.b.aws_iam_role.this[0]`, 3, "role `%s` has no permissions boundary"),
		f(`module.a["x.y"].aws_iam_role.this[0]`, 3, "role `%s` has no permissions boundary"),
		f(`module.c.module.d.aws_iam_role.this[0]`, 3, "role `%s` has no permissions boundary"),
		f(`module.a["x.y"].aws_iam_role.other`, 9, "role `%s` has no permissions boundary"),
		f(`aws_iam_role.root`, 3, "role `%s` has no permissions boundary"),
	}
	got := rules.Group(in)
	checkNothingLost(t, in, got)
	want := []string{
		"modules/role/main.tf:3 aws_iam_role.root: role `aws_iam_role.root` has no permissions boundary",
		"modules/role/main.tf:3 module.a[\"x.y\"].aws_iam_role.this[0]: role `module.a[\"x.y\"].aws_iam_role.this[0]` has no permissions boundary" +
			" (in 3 instances of the module: `module.a[\"x.y\"]`, `module.b`, `module.c.module.d`)",
		"modules/role/main.tf:9 module.a[\"x.y\"].aws_iam_role.other: role `module.a[\"x.y\"].aws_iam_role.other` has no permissions boundary",
	}
	if d := describe(got); !slices.Equal(d, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(d, "\n"), strings.Join(want, "\n"))
	}
	if n := len(got[1].Related); n != 3 {
		t.Errorf("the instances' alert has %d related locations, want each instance's module call (3)", n)
	}
	if fp := rules.Fingerprint(got[1]); fp != rules.Fingerprint(rules.Group(in[1:3])[0]) {
		t.Error("the instances' alert changes fingerprint when an instance goes")
	}
}

// TestGroupCorpus: on the shared corpus, grouping loses nothing.
func TestGroupCorpus(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("scans the shared corpus")
	}
	for _, dir := range []string{"terraform/terraform-aws-iam", "cloudformation/IoT", "cloudformation/ECS"} {
		root := sharedCorpus(t, dir)
		inv, _ := parsers.Load([]string{root}, parsers.Options{})
		fs := rules.Run(inv, rules.All, nil)
		got := rules.Group(fs)
		checkNothingLost(t, fs, got)
		if len(got) >= len(fs) {
			t.Errorf("%s: grouping %d findings gave %d alerts", dir, len(fs), len(got))
		}
	}
}

// sharedCorpus finds ../shared/corpus/<dir> from the repository root (or
// ../../shared from a worktree), or skips.
func sharedCorpus(t *testing.T, dir string) string {
	t.Helper()
	for _, base := range []string{"../../shared/corpus", "../../../shared/corpus"} {
		p := filepath.Join(base, dir)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skipf("shared corpus %s not found", dir)
	return ""
}

// checkNothingLost: every finding Run made is in one alert, as its lead, a
// rule it carries, a related location or an instance.
func checkNothingLost(t *testing.T, in, out []*rules.Finding) {
	t.Helper()
	for _, f := range in {
		found := false
		for _, g := range out {
			if !slices.Contains(g.Rules(), f.Rule) || g.Loc.File != f.Loc.File {
				continue
			}
			// A finding through another policy made from the same
			// document is named in the message.
			sameResource := g.Resource == f.Resource || slices.Contains(g.Instances, f.Resource) ||
				!f.Document.IsZero() && strings.Contains(g.Message, "`"+f.Resource+"`")
			// Where it was found is kept; what it said is in the
			// alert's message or the related location's.
			placed := g.Loc.Contains(f.Loc) || slices.ContainsFunc(g.Related, func(r rules.Related) bool { return r.Loc == f.Loc })
			if sameResource && placed {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("lost: %s %s %s: %s", f.Loc, f.Rule.ID, f.Resource, f.Message)
		}
	}
}

func describe(fs []*rules.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d %s: %s", f.Loc.File, f.Loc.StartLine, f.Resource, f.Message))
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(a, b)
}

// TestMergeMessages: messages that differ in a name or two are one list;
// messages that say different things are joined whole.
func TestMergeMessages(t *testing.T) {
	t.Parallel()
	mk := func(msg string) *rules.Finding {
		return &rules.Finding{Rule: rules.RedundantStatement, Resource: "r", Element: "/statement/#2",
			Loc: model.Location{File: "p.json", StartLine: 3}, Message: msg}
	}
	got := rules.Group([]*rules.Finding{
		mk("inline policy `r`: `lambda:InvokeFunction` is already matched by `lambda:*` in statement 1"),
		mk("inline policy `r`: statement 3 is already covered by statement 1"),
	})
	want := "inline policy `r`: `lambda:InvokeFunction` is already matched by `lambda:*` in statement 1; statement 3 is already covered by statement 1"
	if len(got) != 1 || got[0].Message != want {
		t.Errorf("got %v, want one alert: %s", describe(got), want)
	}
}

// TestGroupResourcePolicyStatement: a bucket policy statement's findings
// are one alert: public s3:* is led by IAM304, ec2:* (which S3 rejects) by
// IAM406, each carrying IAM203.
func TestGroupResourcePolicyStatement(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tf := `resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "S3", Effect = "Allow", Principal = "*", Action = "s3:*", Resource = "arn:aws:s3:::b/*" },
      { Sid = "EC2", Effect = "Allow", Principal = "*", Action = "ec2:*", Resource = "*" },
    ]
  })
}
`
	all := scanFile(t, dir, "main.tf", tf, rules.All...)
	got := rules.Group(all)
	checkNothingLost(t, all, got)
	var ids [][]string
	for _, f := range got {
		if f.Rule.ID != "IAM306" {
			ids = append(ids, f.RuleIDs())
		}
	}
	want := [][]string{{"IAM304", "IAM203"}, {"IAM406", "IAM203"}}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("alerts %v, want %v:\n%s", ids, want, strings.Join(describe(got), "\n"))
	}
}

// TestGroupOneAlertPerDocument: a problem in a document several policies
// are made from is one alert there, naming each policy, whether it is in a
// statement (IAM204, IAM411) or in the document as a whole (IAM412, IAM406
// in a file the policies read).
func TestGroupOneAlertPerDocument(t *testing.T) {
	t.Parallel()
	const tf = `data "aws_iam_policy_document" "shared" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::a/*"]
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::a/*"]
  }
}

resource "aws_iam_policy" "a" {
  policy = data.aws_iam_policy_document.shared.json
}

resource "aws_iam_policy" "b" {
  policy = data.aws_iam_policy_document.shared.json
}

resource "aws_iam_role_policy" "inline" {
  role   = "r"
  policy = data.aws_iam_policy_document.shared.json
}

resource "aws_iam_policy" "c" {
  policy = file("p.json")
}

resource "aws_iam_policy" "d" {
  policy = file("p.json")
}
`
	const file = `{
  "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:q", "Bogus": 1}]
}
`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.json"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := scanFile(t, dir, "main.tf", tf, rules.WildcardResource, rules.RedundantStatement, rules.LegacyPolicyVersion, rules.InvalidPolicy)
	got := rules.Group(fs)
	checkNothingLost(t, fs, got)
	var alerts []string
	for _, f := range got {
		a := fmt.Sprintf("%s %s:%d %s", f.Rule.ID, f.Loc.File, f.Loc.StartLine, f.Message)
		for _, r := range f.Related {
			a += fmt.Sprintf("\n  %d %s", r.Loc.StartLine, r.Message)
		}
		alerts = append(alerts, a)
	}
	want := []string{
		"IAM204 main.tf:4 managed policy `aws_iam_policy.a` allows 1 write or tagging action(s) on every resource (`*`) in statement 1: `sqs:SendMessage`; they accept resource ARNs; the same in `aws_iam_policy.b`, `aws_iam_role_policy.inline`, made from this document" +
			"\n  16 `aws_iam_policy.a` uses this policy document\n  20 `aws_iam_policy.b` uses this policy document\n  24 `aws_iam_role_policy.inline` uses this policy document" +
			// The role of the inline policy is not in the scan: what that adds is kept.
			"\n  4 inline policy `aws_iam_role_policy.inline` allows 1 write or tagging action(s) on every resource (`*`) in statement 1: `sqs:SendMessage`; they accept resource ARNs, unless a policy not visible here denies it",
		"IAM411 main.tf:10 managed policy `aws_iam_policy.a`: statement 3 is already covered by statement 2; the same in `aws_iam_policy.b`, `aws_iam_role_policy.inline`, made from this document" +
			"\n  16 `aws_iam_policy.a` uses this policy document\n  20 `aws_iam_policy.b` uses this policy document\n  24 `aws_iam_role_policy.inline` uses this policy document",
		"IAM412 p.json:1 managed policy `aws_iam_policy.c` has no `Version`, so it uses the 2008-10-17 policy language (it uses no policy variables, so it means the same); the same in `aws_iam_policy.d`, made from this document" +
			"\n  29 `aws_iam_policy.c` uses this policy document\n  33 `aws_iam_policy.d` uses this policy document",
		"IAM406 p.json:2 managed policy `aws_iam_policy.c` is invalid: unknown statement element \"Bogus\"; the same in `aws_iam_policy.d`, made from this document" +
			"\n  29 `aws_iam_policy.c` uses this policy document\n  33 `aws_iam_policy.d` uses this policy document",
	}
	if !slices.Equal(alerts, want) {
		t.Errorf("alerts:\n%s\nwant:\n%s", strings.Join(alerts, "\n"), strings.Join(want, "\n"))
	}
}
