package custom_test

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/iacscan/iacscan/custom"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// benchInventory generates an account of n principals: roles and users
// (one in ten users, in one of twenty groups), each with an inline policy
// of three statements, one in three roles with an AWS managed policy
// attached and a permissions boundary, and a trust policy per role.
func benchInventory(n int) *model.Inventory {
	inv := &model.Inventory{Files: []string{"bench.tf"}}
	loc := func(line int) model.Location {
		return model.Location{File: "bench.tf", StartLine: line, StartColumn: 1, EndLine: line + 1, EndColumn: 2}
	}
	known := func(s string) model.Value { return model.Known(s, model.Location{}) }
	list := func(items ...string) model.Values {
		vs := model.Values{Set: true}
		for _, s := range items {
			vs.Items = append(vs.Items, known(s))
		}
		return vs
	}
	statement := func(i int, sid, effect string, actions, resources model.Values, line int) *model.Statement {
		return &model.Statement{Index: i, Sid: known(sid), Effect: known(effect), Action: actions, Resource: resources, Loc: loc(line)}
	}
	boundary := &model.Policy{Meta: model.Meta{ID: "aws_iam_policy.boundary", Type: "aws_iam_policy", Source: model.SourceTerraform, Loc: loc(1)},
		Kind: model.Managed, Name: known("org-boundary"), Document: &model.Document{Version: known("2012-10-17"), Statements: []*model.Statement{
			statement(0, "All", "Allow", list("s3:*", "dynamodb:*", "sqs:*", "lambda:*", "logs:*"), list("*"), 2),
		}}}
	inv.Policies = append(inv.Policies, boundary)
	for g := range 20 {
		inv.Identities = append(inv.Identities, &model.Identity{
			Meta: model.Meta{ID: fmt.Sprintf("aws_iam_group.g%d", g), Type: "aws_iam_group", Source: model.SourceTerraform, Loc: loc(10 + g)},
			Kind: model.Group, Name: known(fmt.Sprintf("group-%d", g)),
		})
	}
	services := []string{"s3", "dynamodb", "sqs", "sns", "kms", "ec2", "lambda", "iam"}
	for i := range n {
		line := 100 + 40*i
		kind, typ := model.Role, "aws_iam_role"
		if i%10 == 9 {
			kind, typ = model.User, "aws_iam_user"
		}
		id := &model.Identity{
			Meta: model.Meta{ID: fmt.Sprintf("%s.p%d", typ, i), Type: typ, Source: model.SourceTerraform, Loc: loc(line)},
			Kind: kind, Name: known(fmt.Sprintf("app-%d", i)),
		}
		if kind == model.Role {
			trust := &model.Policy{Meta: model.Meta{ID: id.ID, Type: typ, Path: "assume_role_policy", Source: model.SourceTerraform, Loc: loc(line + 2)},
				Kind: model.Trust, Owners: []model.Ref{{ID: id.ID}}, Document: &model.Document{Statements: []*model.Statement{{
					Effect: known("Allow"), Action: list("sts:AssumeRole"), Loc: loc(line + 3),
					Principal: &model.Principal{Entries: []model.PrincipalEntry{{Type: known("AWS"), Values: list(fmt.Sprintf("arn:aws:iam::%012d:root", 100000000000+i%50))}}},
				}}}}
			id.Trust = trust
			inv.Policies = append(inv.Policies, trust)
			if i%3 == 0 {
				id.Boundary = model.Ref{ID: boundary.ID}
			}
		}
		inv.Identities = append(inv.Identities, id)
		svc := services[i%len(services)]
		inv.Policies = append(inv.Policies, &model.Policy{
			Meta: model.Meta{ID: fmt.Sprintf("%s_policy.p%d", typ, i), Type: typ + "_policy", Source: model.SourceTerraform, Loc: loc(line + 10)},
			Kind: model.Inline, Owners: []model.Ref{{ID: id.ID}}, Document: &model.Document{Version: known("2012-10-17"), Statements: []*model.Statement{
				statement(0, "Read", "Allow", list(svc+":Get*", svc+":List*", svc+":Describe*"), list(fmt.Sprintf("arn:aws:%s:::res-%d/*", svc, i)), line+12),
				statement(1, "", "Allow", list(svc+":Put*", "iam:PassRole"), list("*"), line+18),
				statement(2, "DenyDelete", "Deny", list(svc+":Delete*"), list("*"), line+24),
			}},
		})
		if i%3 == 1 {
			inv.Attachments = append(inv.Attachments, &model.Attachment{
				Meta:   model.Meta{ID: fmt.Sprintf("aws_iam_role_policy_attachment.p%d", i), Type: "aws_iam_role_policy_attachment", Source: model.SourceTerraform, Loc: loc(line + 30)},
				Policy: model.Ref{Value: known("arn:aws:iam::aws:policy/ReadOnlyAccess")}, Identity: model.Ref{ID: id.ID}, IdentityKind: kind,
			})
		}
		if kind == model.User {
			inv.Memberships = append(inv.Memberships, &model.Membership{
				Meta: model.Meta{ID: fmt.Sprintf("aws_iam_user_group_membership.p%d", i), Type: "aws_iam_user_group_membership", Source: model.SourceTerraform, Loc: loc(line + 35)},
				User: model.Ref{ID: id.ID}, Group: model.Ref{ID: fmt.Sprintf("aws_iam_group.g%d", i%20)},
			})
		}
	}
	inv.SetScope("bench")
	inv.Link()
	return inv
}

// benchRules writes n custom rules to dir: variants of five shapes that
// walk principals, statements and effective permissions.
func benchRules(tb testing.TB, dir string, n int) {
	tb.Helper()
	shapes := []string{
		`deny contains lib.result(role, "no boundary") if {
	some role in lib.roles
	not role.boundary
	endswith(role.id, "%[2]d")
}`,
		`deny contains lib.statement_result(policy, statement, "no sid") if {
	some policy in input.policies
	policy.kind == "inline"
	some statement in lib.statements(policy)
	not statement.sid
	endswith(policy.id, "%[2]d")
}`,
		`deny contains lib.result(p, "may %[3]s") if {
	some p in input.principals
	lib.allows(p, "%[3]s")
}`,
		`deny contains lib.statement_result(policy, statement, "trusts account") if {
	some policy in input.policies
	policy.trust_policy
	some statement in lib.statements(policy)
	some account in lib.accounts(statement.principal)
	account == "%012[4]d"
}`,
		`deny contains lib.result(p, "writes %[5]s") if {
	some p in lib.users
	lib.allows_level(p, "%[5]s", "Write")
}`,
	}
	actions := []string{"iam:PassRole", "s3:PutObject", "kms:Decrypt", "ec2:RunInstances", "lambda:InvokeFunction"}
	services := []string{"s3", "iam", "sqs", "kms", "ec2"}
	for i := range n {
		body := fmt.Sprintf(shapes[i%len(shapes)], i, i%10, actions[(i/5)%len(actions)], 100000000000+i, services[(i/5)%len(services)])
		src := fmt.Sprintf("# METADATA\n# title: Bench rule %d\n# description: A generated rule.\n# custom:\n#   id: BENCH%03d\n#   severity: low\n#   remediation: None.\npackage bench.r%d\n\nimport data.iacscan.lib\n\n%s\n", i, i, i, body)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%03d.rego", i)), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// benchPrincipals is the size of the benchmark's account.
var benchPrincipals = 5000

// BenchmarkCustomRules measures 50 custom rules over 5,000 principals:
// compiling them, exporting the inventory as their input, evaluating them
// on that input, and the two together as a scan does them.
func BenchmarkCustomRules(b *testing.B) {
	dir := b.TempDir()
	benchRules(b, dir, 50)
	inv := benchInventory(benchPrincipals)
	b.Run("compile", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := custom.Load([]string{dir}, rules.All, custom.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	set, err := custom.Load([]string{dir}, rules.All, custom.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("export+eval", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			fresh := *inv // a new inventory value: the input is built again
			rules.Run(&fresh, set.Rules(), nil)
		}
	})
	rules.Run(inv, set.Rules(), nil) // the input, built once
	b.Run("eval", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			rules.Run(inv, set.Rules(), nil)
		}
	})
	if errs := set.Errors(); len(errs) > 0 {
		b.Fatal(errs)
	}
}

// reportCPU reports the process's CPU time per operation (user and
// system) as well as the wall time: on a shared machine, the wall time
// says more about the neighbours than about the code.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestBenchRules keeps the benchmark honest: its rules compile and report.
func TestBenchRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	benchRules(t, dir, 50)
	set, err := custom.Load([]string{dir}, rules.All, custom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	findings := rules.Run(benchInventory(100), set.Rules(), nil)
	if errs := set.Errors(); len(errs) > 0 {
		t.Fatal(errs)
	}
	byRule := map[string]int{}
	for _, f := range findings {
		byRule[f.Rule.ID]++
	}
	// BENCH000: roles ending in 0 without a boundary: of p0..p99, those
	// with i%10 == 0 are roles (10), and those with i%3 != 0 have no
	// boundary (all but p0, p30, p60, p90).
	if byRule["BENCH000"] != 6 {
		t.Errorf("BENCH000 reported %d, want 6", byRule["BENCH000"])
	}
	// BENCH002: every principal is granted iam:PassRole, but the boundary
	// of roles with i%3 == 0 (30 of them: 34 multiples of 3, less the
	// users p9, p39, p69, p99) takes it away.
	if byRule["BENCH002"] != 70 {
		t.Errorf("BENCH002 reported %d, want 70", byRule["BENCH002"])
	}
}
