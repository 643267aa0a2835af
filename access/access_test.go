package access_test

import (
	"strings"
	"testing"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/parsers"
)

func analyse(t *testing.T, paths ...string) *iam.Analysis {
	t.Helper()
	inv, errs := parsers.Load(paths, parsers.Options{})
	for _, err := range errs {
		t.Fatalf("input error: %v", err)
	}
	return iam.Analyze(inv, iam.Default())
}

// summary is an answer on one line: verdict, chain, deciding roles, notes.
func summary(a access.Answer) string {
	s := string(a.Verdict) + " [" + string(a.Step) + "]"
	if len(a.Chain) > 0 {
		s += " via " + strings.Join(a.Chain, ">")
	}
	for _, d := range a.Deciding {
		s += " " + d.Part + "@" + strings.TrimPrefix(d.Where, "policy ")
	}
	for _, n := range a.Notes {
		s += " note: " + n
	}
	return s
}

func TestCan(t *testing.T) {
	t.Parallel()
	chain := analyse(t, "testdata/chain")
	bounded := analyse(t, "../diff/testdata/boundary-removed/before")
	later := analyse(t, "testdata/chain-later")
	tests := []struct {
		an                          *iam.Analysis
		principal, action, resource string
		want                        []string
	}{
		{chain, "dev", "s3:GetObject", "arn:aws:s3:::dev-notes/a", []string{
			"allowed [identity] grant@`aws_iam_user_policy.dev`, statement 2",
		}},
		// The chain reaches admin through deploy; audit's trust needs MFA.
		{chain, "dev", "ec2:RunInstances", "", []string{
			"implicitly denied [identity]",
			"allowed [identity] via aws_iam_role.deploy>aws_iam_role.admin trust@`aws_iam_role.deploy`, statement 1 trust@`aws_iam_role.admin`, statement 1 grant@AWS managed policy `AdministratorAccess`, statement 1",
		}},
		{chain, "dev", "iam:CreateUser", "", []string{
			"implicitly denied [identity]",
			"conditional [identity] via aws_iam_role.audit trust@`aws_iam_role.audit`, statement 1 grant@`aws_iam_role_policy.audit`, statement 1 note: a Deny in policy `aws_iam_role_policy.audit`, statement 2 takes it away on some resources",
			"allowed [identity] via aws_iam_role.deploy>aws_iam_role.admin trust@`aws_iam_role.deploy`, statement 1 trust@`aws_iam_role.admin`, statement 1 grant@AWS managed policy `AdministratorAccess`, statement 1",
		}},
		// ops trusts the account, but no policy of deploy's names it.
		{chain, "aws_iam_role.deploy", "iam:CreateUser", "arn:aws:iam::123456789012:user/x", []string{
			"implicitly denied [identity]",
			"allowed [identity] via aws_iam_role.admin trust@`aws_iam_role.admin`, statement 1 grant@AWS managed policy `AdministratorAccess`, statement 1",
		}},
		{chain, "audit", "iam:CreateUser", "arn:aws:iam::123456789012:user/root-1", []string{
			"explicitly denied [deny] deny@`aws_iam_role_policy.audit`, statement 2",
		}},
		{chain, "audit", "iam:CreateUser", "arn:aws:iam::123456789012:user/bob", []string{
			"allowed [identity] grant@`aws_iam_role_policy.audit`, statement 1",
		}},
		// Resource policies grant and deny on their own.
		{chain, "audit", "s3:GetObject", "arn:aws:s3:::reports/q1.csv", []string{
			"allowed [resource policy] resource policy grant@`aws_s3_bucket_policy.reports`, statement 1",
		}},
		// The Deny names dev, not the roles dev can become.
		{chain, "dev", "s3:GetObject", "arn:aws:s3:::reports/q1.csv", []string{
			"explicitly denied [deny] resource policy deny@`aws_s3_bucket_policy.reports`, statement 2",
			"conditional [resource policy] via aws_iam_role.audit trust@`aws_iam_role.audit`, statement 1 resource policy grant@`aws_s3_bucket_policy.reports`, statement 1",
			"allowed [identity] via aws_iam_role.deploy>aws_iam_role.admin trust@`aws_iam_role.deploy`, statement 1 trust@`aws_iam_role.admin`, statement 1 grant@AWS managed policy `AdministratorAccess`, statement 1",
		}},
		// gate is reached first under a condition; through hop, without.
		{later, "dev", "s3:DeleteBucket", "", []string{
			"implicitly denied [identity]",
			"conditional [identity] via aws_iam_role.gate trust@`aws_iam_role.gate`, statement 1 grant@`aws_iam_role_policy.gate`, statement 1",
			"allowed [identity] via aws_iam_role.hop>aws_iam_role.gate trust@`aws_iam_role.hop`, statement 1 trust@`aws_iam_role.gate`, statement 2 grant@`aws_iam_role_policy.gate`, statement 1",
		}},
		// A boundary limits what the policies grant.
		{bounded, "deployer", "s3:GetObject", "", []string{
			"allowed [identity] grant@AWS managed policy `PowerUserAccess`, statement 1 boundary@`aws_iam_policy.boundary`, statement 1",
		}},
		{bounded, "deployer", "ec2:RunInstances", "", []string{
			"implicitly denied [boundary] grant@AWS managed policy `PowerUserAccess`, statement 1 note: the permissions boundary does not allow it",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.principal+" "+tt.action+" "+tt.resource, func(t *testing.T) {
			found := access.Find(tt.an, tt.principal)
			if len(found) != 1 {
				t.Fatalf("found %d principals named %q", len(found), tt.principal)
			}
			a := tt.an.Catalog.Action(tt.action)
			var got []string
			for _, ans := range access.Can(tt.an, found[0], access.Query{Action: a, Resource: tt.resource}) {
				got = append(got, summary(ans))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestWhoCan(t *testing.T) {
	t.Parallel()
	an := analyse(t, "testdata/chain")
	q := access.Query{Action: an.Catalog.Action("iam:CreateUser"), Resource: "arn:aws:iam::123456789012:user/root-x"}
	var got []string
	for _, ans := range access.WhoCan(an, q) {
		got = append(got, ans.Principal+" "+string(ans.Verdict))
	}
	want := []string{
		"aws_iam_user.dev allowed", // through deploy and admin
		"aws_iam_role.deploy allowed",
		"aws_iam_role.admin allowed",
		"aws_iam_role.ops allowed",
		"aws_iam_role.audit explicitly denied",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Unknown values are never guessed: a grant whose resource is known only
// after apply makes the answer unknown, naming it.
func TestUnknownResource(t *testing.T) {
	t.Parallel()
	an := analyse(t, "testdata/chain")
	deploy := access.Find(an, "deploy")[0]
	ans := access.Evaluate(an, deploy, access.Query{Action: an.Catalog.Action("sts:AssumeRole"), Resource: "arn:aws:iam::123456789012:role/x"})
	want := "unknown [identity] grant@`aws_iam_role_policy.deploy`, statement 1" +
		" note: it depends on resources known only after apply (${aws_iam_role.admin.arn})" +
		" note: the trust policy of arn:aws:iam::123456789012:role/x is not in the scan: it must allow the principal too"
	if summary(ans) != want {
		t.Errorf("got %s", summary(ans))
	}
}

// Anonymous marks the keys of a signed request absent in its own copy of
// the context: the caller's request, asked again for a principal, still
// leaves aws:MultiFactorAuthPresent to decide.
func TestAnonymousKeepsContext(t *testing.T) {
	t.Parallel()
	an := analyse(t, "testdata/chain-later")
	ctx, err := access.ParseContext([]string{"aws:SourceVpc"})
	if err != nil {
		t.Fatal(err)
	}
	q := access.Query{Action: an.Catalog.Action("sts:AssumeRole"), Resource: "arn:aws:iam::123456789012:role/gate", Context: ctx}
	before := summary(access.Evaluate(an, access.Find(an, "dev")[0], q))
	access.Anonymous(an, q)
	if after := summary(access.Evaluate(an, access.Find(an, "dev")[0], q)); after != before {
		t.Errorf("after Anonymous:\n got %s\nwant %s", after, before)
	}
	if want := "conditional [trust] trust@`aws_iam_role.gate`, statement 1"; before != want {
		t.Errorf("got %s, want %s", before, want)
	}
}

// A session policy limits the session it was passed to: the principal's
// own requests and its sts:AssumeRole on the first role of a chain, not
// the sessions of the roles it reaches.
func TestSessionPolicyInChains(t *testing.T) {
	t.Parallel()
	an := analyse(t, "testdata/chain")
	dev := access.Find(an, "dev")[0]
	tests := []struct {
		policy, action string
		want           []string
	}{
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`, "iam:CreateUser", []string{
			"implicitly denied [identity]", // dev's own policies do not allow it: AWS stops there, before the session policy
			"conditional [identity] via aws_iam_role.audit note: a Deny in policy `aws_iam_role_policy.audit`, statement 2 takes it away on some resources",
			"allowed [identity] via aws_iam_role.deploy>aws_iam_role.admin",
		}},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`, "ec2:RunInstances", []string{
			"implicitly denied [identity]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			g, err := access.SessionPolicy(an, "session.json", []byte(tt.policy))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ans := range access.Can(an, dev, access.Query{Action: an.Catalog.Action(tt.action), Guardrails: []access.Guardrail{g}}) {
				s := string(ans.Verdict) + " [" + string(ans.Step) + "]"
				if len(ans.Chain) > 0 {
					s += " via " + strings.Join(ans.Chain, ">")
				}
				for _, n := range ans.Notes {
					s += " note: " + n
				}
				got = append(got, s)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
