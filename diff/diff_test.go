package diff_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/diff"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/parsers/plan"
	"github.com/iacscan/iacscan/rules"
)

// side analyses an inventory as the CLI does, with every rule.
func side(t testing.TB, inv *model.Inventory, errs []error, root string) *diff.Side {
	t.Helper()
	for _, err := range errs {
		if ie, ok := err.(*model.InputError); !ok || !ie.Warning {
			t.Fatalf("input error: %v", err)
		}
	}
	return &diff.Side{Analysis: iam.Analyze(inv, iam.Default()), Findings: rules.Run(inv, rules.All, nil), Root: root}
}

// planSides reads a plan's prior state and planned values.
func planSides(t testing.TB, path string) (before, after *diff.Side) {
	t.Helper()
	bInv, bErrs := parsers.Load([]string{path}, parsers.Options{Plan: plan.Options{Prior: true}})
	aInv, aErrs := parsers.Load([]string{path}, parsers.Options{})
	return side(t, bInv, bErrs, ""), side(t, aInv, aErrs, "")
}

// planDiff compares a plan's prior state with its planned values.
func planDiff(t testing.TB, path string) *diff.Report {
	t.Helper()
	r := diff.Compute(planSides(t, path))
	r.Before, r.After = "prior state of "+filepath.ToSlash(path), "planned values of "+filepath.ToSlash(path)
	return r
}

// dirDiff compares two directories of configuration, as --base does.
func dirDiff(t testing.TB, before, after string) *diff.Report {
	t.Helper()
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	bInv, bErrs := parsers.Load([]string{before}, parsers.Options{})
	aInv, aErrs := parsers.Load([]string{after}, parsers.Options{})
	return diff.Compute(side(t, bInv, bErrs, abs(before)), side(t, aInv, aErrs, abs(after)))
}

// facts condenses a report into lines a test can state exactly.
func facts(r *diff.Report) []string {
	var out []string
	for _, p := range r.Principals {
		line := fmt.Sprintf("%s %s %s", p.Kind, p.ID, p.Change)
		if p.Escalation {
			line += " escalation"
		}
		out = append(out, line)
		for _, g := range p.Added {
			out = append(out, "+ "+grantFact(g))
		}
		for _, g := range p.Widened {
			var was []string
			for _, w := range g.Was {
				was = append(was, w.String())
			}
			out = append(out, "~ "+grantFact(g)+" (was "+strings.Join(was, "; ")+")")
		}
		for _, g := range p.Removed {
			out = append(out, "- "+grantFact(g))
		}
		if b := p.Boundary; b != nil {
			out = append(out, fmt.Sprintf("boundary %q -> %q", b.Before, b.After))
		}
		for _, d := range p.DeniesAdded {
			out = append(out, "+deny "+d)
		}
		for _, d := range p.DeniesRemoved {
			out = append(out, "-deny "+d)
		}
		for _, d := range p.DeniesChanged {
			out = append(out, fmt.Sprintf("~deny %s -> %s starts %v stops %v", d.Before, d.After, d.Starts, d.Stops))
		}
		for _, t := range p.Trust {
			out = append(out, "trust "+reachFact(t))
		}
		for _, f := range p.Findings {
			out = append(out, "finding "+f.Rule)
		}
	}
	for _, res := range r.Resources {
		line := fmt.Sprintf("resource %s %s", res.ID, res.Change)
		if res.Escalation {
			line += " escalation"
		}
		out = append(out, line)
		for _, x := range res.Reach {
			out = append(out, "reach "+reachFact(x))
		}
		for _, f := range res.Findings {
			out = append(out, "finding "+f.Rule)
		}
	}
	for _, f := range r.Findings.New {
		out = append(out, "new "+f.Rule+" "+f.Resource)
	}
	for _, f := range r.Findings.Fixed {
		out = append(out, "fixed "+f.Rule+" "+f.Resource)
	}
	return out
}

func grantFact(g *diff.Grant) string {
	if g.All && len(g.Services) == 0 {
		return "every action " + g.Scope.String()
	}
	var acts []string
	for _, s := range g.Services {
		if len(s.Actions) > 0 {
			acts = append(acts, s.Actions...)
		} else {
			acts = append(acts, fmt.Sprintf("%s:%s(%d)", s.Service, s.Level, s.Count))
		}
	}
	if len(acts) > 6 {
		return fmt.Sprintf("%d actions of %d entries %s", g.Actions, len(g.Services), g.Scope)
	}
	return strings.Join(acts, ",") + " " + g.Scope.String()
}

func reachFact(x *diff.Reach) string {
	s := x.Change + " " + x.Principal
	if x.Public {
		s += " public"
	}
	if x.CrossAccount {
		s += " cross-account"
	}
	return s + ": " + strings.Join(x.After, "; ")
}

// changes are the kinds of change the diff must tell, each a before/after
// pair in testdata/<name>: before/main.tf and after/main.tf, and
// after/plan.json, a real plan of after/main.tf made against the state
// before/main.tf leaves (testdata/plans.sh).
var changes = []struct {
	name  string
	facts []string
}{
	{"admin-grant", []string{
		"role aws_iam_role.app changed escalation",
		"+ every action on *",
		"~ s3:GetObject on * (was on arn:aws:s3:::app-data/*)",
		"finding IAM202",
		"new IAM202 aws_iam_role_policy_attachment.admin",
	}},
	{"widened-resource", []string{
		"role aws_iam_role.app changed",
		"~ s3:GetObject,s3:ListBucket on * (was on arn:aws:s3:::app-data/*)",
		"finding IAM210",
		"new IAM210 aws_iam_role_policy.read",
		"fixed IAM408 aws_iam_role_policy.read",
	}},
	{"removed-condition", []string{
		"user aws_iam_user.ops changed",
		"~ ec2:StopInstances,ec2:TerminateInstances on * (was on * when Bool aws:MultiFactorAuthPresent true)",
	}},
	{"boundary-removed", []string{
		"role aws_iam_role.deployer changed escalation",
		"+ 21517 actions of 456 entries on *",
		`boundary "aws_iam_policy.boundary" -> ""`,
		"finding IAM207",
		"finding IAM202",
		"finding IAM501",
		"new IAM204 aws_iam_policy.boundary",
		"new IAM209 aws_iam_policy.boundary",
		"new IAM207 aws_iam_role.deployer",
		"new IAM202 aws_iam_role_policy_attachment.power",
		"new IAM203 aws_iam_policy.boundary",
		"new IAM210 aws_iam_policy.boundary",
		"new IAM203 aws_iam_policy.boundary",
		"new IAM501 aws_iam_role.deployer",
		"new IAM405 aws_iam_policy.boundary",
	}},
	{"cross-account-trust", []string{
		"role aws_iam_role.reports changed escalation",
		"trust added AWS arn:aws:iam::999988887777:root cross-account: sts:AssumeRole",
		"finding IAM302",
		"new IAM302 aws_iam_role.reports",
	}},
	{"public-bucket", []string{
		"resource aws_s3_bucket_policy.site changed escalation",
		"reach added * public: s3:GetObject on arn:aws:s3:::site-assets/*",
		"reach removed AWS arn:aws:iam::123456789012:root cross-account: ",
		"finding IAM304",
		"new IAM304 aws_s3_bucket_policy.site",
	}},
	{"escalation-combined", []string{
		"role aws_iam_role.build changed escalation",
		"+ lambda:CreateFunction,lambda:InvokeFunction on *",
		"finding IAM207",
		"new IAM207 aws_iam_role.build",
		"fixed IAM405 aws_iam_policy.lambda",
	}},
	{"group-membership", []string{
		"user aws_iam_user.dev changed escalation",
		"+ every action on *",
		"~ s3express:CreateSession on * (was on * when StringEquals s3express:SessionMode ReadOnly)",
		"fixed IAM404 aws_iam_group.admins",
	}},
}

func TestChangesInConfiguration(t *testing.T) {
	t.Parallel()
	for _, tt := range changes {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join("testdata", tt.name)
			r := dirDiff(t, filepath.Join(dir, "before"), filepath.Join(dir, "after"))
			if got := facts(r); !slices.Equal(got, tt.facts) {
				t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.facts, "\n"))
			}
		})
	}
}

// The same changes read from real plans give the same answer.
func TestChangesInPlans(t *testing.T) {
	t.Parallel()
	for _, tt := range changes {
		t.Run(tt.name, func(t *testing.T) {
			r := planDiff(t, filepath.Join("testdata", tt.name, "after", "plan.json"))
			if got := facts(r); !slices.Equal(got, tt.facts) {
				t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.facts, "\n"))
			}
		})
	}
}

// No change, no report.
func TestNoChange(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "admin-grant", "before")
	r := dirDiff(t, dir, dir)
	if len(r.Principals)+len(r.Resources)+len(r.Findings.New)+len(r.Findings.Fixed) != 0 {
		t.Errorf("a tree compared with itself gives changes: %v", facts(r))
	}
	if r.Findings.Existing == 0 {
		t.Error("existing findings are not counted")
	}
}

// Values known only after apply are shown as such and compared as
// written, never guessed.
func TestUnknownValues(t *testing.T) {
	t.Parallel()
	r := dirDiff(t, filepath.Join("testdata", "unknown", "before"), filepath.Join("testdata", "unknown", "after"))
	want := []string{
		"role aws_iam_role.app changed",
		"+ s3:PutObject on (known after apply: ${aws_s3_bucket.data.arn}/*)",
		"+ sqs:SendMessage on (known after apply: ${var.queue_arn})",
	}
	if got := facts(r); !slices.Equal(got, want) {
		t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A change undone: what was granted is no longer allowed, and its
// findings are fixed.
func TestChangeUndone(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "admin-grant")
	r := dirDiff(t, filepath.Join(dir, "after"), filepath.Join(dir, "before"))
	want := []string{
		"role aws_iam_role.app changed",
		"- every action on *",
		"fixed IAM202 aws_iam_role_policy_attachment.admin",
	}
	if got := facts(r); !slices.Equal(got, want) {
		t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A principal deleted by the change is reported as removed, with what it
// could do.
func TestPrincipalRemoved(t *testing.T) {
	t.Parallel()
	r := dirDiff(t, filepath.Join("testdata", "widened-resource", "before"), t.TempDir())
	want := []string{
		"role aws_iam_role.app removed",
		"- s3:GetObject,s3:ListBucket on arn:aws:s3:::app-data/*",
		"trust removed Service ec2.amazonaws.com: ",
		"fixed IAM408 aws_iam_role_policy.read",
		"fixed IAM501 aws_iam_role.app",
		"fixed IAM401 aws_iam_role_policy.read",
	}
	if got := facts(r); !slices.Equal(got, want) {
		t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// What a change grants but a Deny or the boundary already refuses is not
// newly allowed; undone, it is not "no longer allowed" either.
func TestRefusedGrants(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "refused-grant")
	tests := []struct {
		before, after string
		want          []string
	}{
		{"before", "after", []string{
			"role aws_iam_role.app changed",
			"+ s3:DeleteObject on arn:aws:s3:::app-data/*",
		}},
		{"after", "before", []string{
			"role aws_iam_role.app changed",
			"- s3:DeleteObject on arn:aws:s3:::app-data/*",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.before+"-"+tt.after, func(t *testing.T) {
			r := dirDiff(t, filepath.Join(dir, tt.before), filepath.Join(dir, tt.after))
			var got []string
			for _, f := range facts(r) {
				if !strings.HasPrefix(f, "new ") && !strings.HasPrefix(f, "fixed ") && !strings.HasPrefix(f, "finding ") {
					got = append(got, f)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// A Deny without Sid that moves (a statement added before it) and changes
// its actions is the same Deny, changed: what it starts denying is said,
// not one Deny removed and another added.
func TestDenyWithoutSidMoved(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "deny-moved")
	r := dirDiff(t, filepath.Join(dir, "before"), filepath.Join(dir, "after"))
	want := []string{
		"user aws_iam_user.ops changed",
		"+ sqs:SendMessage on *",
		"- s3:DeleteBucket on *",
		"~deny Deny s3:DeleteObject on * (policy `aws_iam_user_policy.ops`) -> Deny s3:DeleteObject, s3:DeleteBucket on * (policy `aws_iam_user_policy.ops`) starts [s3:DeleteBucket] stops []",
		"finding IAM204",
		"new IAM204 aws_iam_user_policy.ops",
	}
	if got := facts(r); !slices.Equal(got, want) {
		t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
