package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
)

// TestEscalationAgreesWithCan holds IAM207 and the decision engine behind
// `iacscan can` together on every IAM207 fixture: each step of a method
// the rule finds is one `can` does not deny (on some resource), and a
// method whose every step `can` allows outright on every resource ("*",
// no condition) is one the rule finds (unless the principal is allowed
// every action already: nothing to escalate to).
func TestEscalationAgreesWithCan(t *testing.T) {
	t.Parallel()
	var inputs []string
	formats, err := os.ReadDir("../fixtures/IAM207")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range formats {
		cases, err := os.ReadDir(filepath.Join("../fixtures/IAM207", f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if filepath.Ext(c.Name()) != ".want" {
				inputs = append(inputs, filepath.Join("../fixtures/IAM207", f.Name(), c.Name()))
			}
		}
	}
	checked := 0
	for _, in := range inputs {
		inv, _ := parsers.Load([]string{in}, parsers.Options{})
		an := iam.Analyze(inv, iam.Default())
		actions := escalationActions(an.Catalog)
		admin := func(p *iam.Permissions) bool { return p.Allowed().Len() == an.Catalog.NumActions() }
		for _, p := range an.Principals() {
			for _, m := range escalations {
				steps, found := escalationSteps(an, actions, p, m)
				names := m.actions
				if found {
					names = stepNames(steps)
				}
				everywhere := true
				for _, name := range names {
					a := actions.get(name)
					if a == nil {
						everywhere = false
						continue
					}
					some := access.Evaluate(an, p, access.Request{Action: a})
					all := access.Evaluate(an, p, access.Request{Action: a, Resource: "*"})
					checked++
					if found && (some.Verdict == access.Denied || some.Verdict == access.NotAllowed) {
						t.Errorf("%s: IAM207 finds %s for %s, but can says %s for %s", in, m.how, p.Label(), some.Verdict, name)
					}
					everywhere = everywhere && all.Verdict == access.Allowed
				}
				if everywhere && !found && !admin(p) {
					t.Errorf("%s: can allows every step of %q to %s on every resource, IAM207 does not find it", in, m.how, p.Label())
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no step checked")
	}
}

// TestWideGrantsAgreeWithCan holds IAM204, IAM209, IAM210 and IAM211 (the
// rules on grants on every resource) and the decision engine behind
// `iacscan can` together on each rule's fixtures:
//   - every action a finding reports is one `can` does not deny, on every
//     resource ("*"), to a holder of the policy the grant reaches;
//   - every action of the rule's class that `can` allows a principal
//     outright on every resource (no condition, no context), by its own
//     identity policies in the scan, is one the rule reports on a policy
//     the principal holds.
func TestWideGrantsAgreeWithCan(t *testing.T) {
	rules := []struct {
		rule  *Rule
		class grantClass
	}{
		{WildcardResource, writeOrTagging},
		{PermissionsManagementUnrestricted, managesPermissions},
		{DataExfiltration, readsData},
		{CredentialsExposure, issuesCredentials},
	}
	checked := 0
	for _, r := range rules {
		for _, in := range fixtureInputs(t, r.rule.ID) {
			inv, _ := parsers.Load([]string{in}, parsers.Options{})
			an := iam.Analyze(inv, iam.Default())
			pass := &Pass{Inventory: inv, Config: &Config{}, rule: r.rule, shared: newShared(inv, an)}
			reported := map[*iam.Permissions]map[*iam.Action]bool{}
			for _, w := range wideGrants(pass, r.class) {
				for _, a := range w.actions {
					allowed := false
					for _, h := range an.Holders(w.pol) {
						if !h.Reaches(w.st, a) {
							continue
						}
						if reported[h] == nil {
							reported[h] = map[*iam.Action]bool{}
						}
						reported[h][a] = true
						v := access.Evaluate(an, h, access.Request{Action: a, Resource: "*"}).Verdict
						checked++
						allowed = allowed || v != access.Denied && v != access.NotAllowed
					}
					if !allowed {
						t.Errorf("%s: %s reports %s in %s, but can denies it to every holder", in, r.rule.ID, a, policyLabel(w.pol))
					}
				}
			}
			for _, p := range an.Principals() {
				for _, a := range sample(an.Catalog, p.Allowed(), r.class.pick, 400) {
					ans := access.Evaluate(an, p, access.Request{Action: a, Resource: "*"})
					checked++
					if ans.Verdict == access.Allowed && ans.Step == access.StepIdentity && grantedInScan(ans) && !reported[p][a] {
						t.Errorf("%s: can allows %s to %s on every resource, %s does not report it", in, a, p.Label(), r.rule.ID)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
	t.Logf("%d answers of can compared", checked)
}

// fixtureInputs lists a rule's fixture cases: files and directories, not
// their .want sidecars.
func fixtureInputs(t *testing.T, id string) []string {
	t.Helper()
	root := filepath.Join("../fixtures", id)
	formats, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range formats {
		cases, err := os.ReadDir(filepath.Join(root, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if filepath.Ext(c.Name()) != ".want" {
				out = append(out, filepath.Join(root, f.Name(), c.Name()))
			}
		}
	}
	return out
}

// sample returns the actions of a set that pick selects, at most about max
// of them, spread over the set (a principal allowed "*" holds thousands).
func sample(c *iam.Catalog, set iam.ActionSet, pick func(*iam.Action) bool, max int) []*iam.Action {
	var all []*iam.Action
	for a := range c.Actions(set) {
		if pick(a) {
			all = append(all, a)
		}
	}
	if len(all) <= max {
		return all
	}
	step := (len(all) + max - 1) / max
	var out []*iam.Action
	for i := 0; i < len(all); i += step {
		out = append(out, all[i])
	}
	return out
}

// grantedInScan reports whether an answer rests on an identity grant of a
// policy in the scan (not an AWS managed policy the catalog holds).
func grantedInScan(ans access.Answer) bool {
	for _, s := range ans.Deciding {
		if s.Part == "grant" && !strings.HasPrefix(s.File, "arn:") {
			return true
		}
	}
	return false
}

// TestPassRoleAgreesWithCan holds IAM208 and `iacscan can` together on its
// fixtures: a policy the rule reports has a holder that `can` lets pass
// some role, and a principal that `can` allows iam:PassRole on every
// resource outright, by its own identity policies in the scan, holds a
// policy the rule reports.
func TestPassRoleAgreesWithCan(t *testing.T) {
	checked := 0
	for _, in := range fixtureInputs(t, PassRoleUnrestricted.ID) {
		inv, _ := parsers.Load([]string{in}, parsers.Options{})
		an := iam.Analyze(inv, iam.Default())
		pr := an.Catalog.Action("iam:PassRole")
		pass := &Pass{Inventory: inv, Config: &Config{}, rule: PassRoleUnrestricted, shared: newShared(inv, an)}
		PassRoleUnrestricted.Check(pass)
		reported := map[*iam.Permissions]bool{}
		for _, f := range pass.findings {
			var holders []*iam.Permissions
			for _, pol := range inv.Policies {
				if pol.ID == f.Resource {
					holders = append(holders, an.Holders(pol)...)
				}
			}
			passes := false
			for _, h := range holders {
				reported[h] = true
				v := access.Evaluate(an, h, access.Request{Action: pr}).Verdict
				checked++
				passes = passes || v != access.Denied && v != access.NotAllowed
			}
			if !passes {
				t.Errorf("%s: IAM208 reports %s, but can lets no holder pass a role", in, f.Resource)
			}
		}
		for _, p := range an.Principals() {
			ans := access.Evaluate(an, p, access.Request{Action: pr, Resource: "*"})
			checked++
			if ans.Verdict == access.Allowed && ans.Step == access.StepIdentity && grantedInScan(ans) && !reported[p] {
				t.Errorf("%s: can allows iam:PassRole to %s on every resource, IAM208 does not report it", in, p.Label())
			}
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

// TestBroadManagedPolicyAgreesWithCan holds IAM202 and `iacscan can`
// together on its fixtures and on an organization whose SCPs limit the
// policies, both ways:
//   - the actions that make the rule call an attached AWS managed policy
//     broad (granted freely on every resource, within what the principal
//     is allowed) are ones `can` does not deny the principal on every
//     resource (sampled);
//   - a principal that `can` allows outright, on every resource and
//     through that managed policy, every IAM permissions-management action
//     (or every AWS Organizations write and permissions-management action)
//     has the attachment reported: either set makes the policy broad.
func TestBroadManagedPolicyAgreesWithCan(t *testing.T) {
	checked, broad := 0, 0
	type input struct {
		path string
		opts parsers.Options
	}
	var inputs []input
	for _, in := range fixtureInputs(t, BroadAWSManagedPolicy.ID) {
		inputs = append(inputs, input{in, parsers.Options{}})
	}
	// The organization of testdata/iam202-scp, whose SCPs limit what the
	// attached policies give.
	scp, err := filepath.Abs("testdata/iam202-scp")
	if err != nil {
		t.Fatal(err)
	}
	inputs = append(inputs, input{scp, parsers.Options{Accounts: []model.AccountMapping{
		{Name: "management", ID: "111111111111", Management: true, Paths: []string{filepath.Join(scp, "management")}},
		{Name: "workload", ID: "222222222222", Paths: []string{filepath.Join(scp, "workload")}},
		{Name: "sandbox", ID: "333333333333", Paths: []string{filepath.Join(scp, "sandbox")}},
	}}})
	for _, input := range inputs {
		in := input.path
		inv, _ := parsers.Load([]string{in}, input.opts)
		an := iam.Analyze(inv, iam.Default())
		b := newBroadness(an)
		pass := &Pass{Inventory: inv, Config: &Config{}, rule: BroadAWSManagedPolicy, shared: newShared(inv, an)}
		BroadAWSManagedPolicy.Check(pass)
		reported := func(p *iam.Permissions, at *model.Attachment, m *iam.ManagedPolicy) bool {
			return slices.ContainsFunc(pass.findings, func(f *Finding) bool {
				return f.Resource == at.ID && strings.HasPrefix(f.Message, p.Label()+" ") && strings.Contains(f.Message, "`"+m.Name+"`")
			})
		}
		for _, p := range an.Principals() {
			if p.Identity == nil {
				continue
			}
			for _, at := range attachmentsHeld(inv, p) {
				m := an.ManagedPolicy(at.Policy.Value)
				if m == nil || inv.ManagedPolicy(at.Policy) != nil {
					continue
				}
				free, _ := b.granted(an, p, at, m, access.SCPLimit(an, p))
				if b.of(free) != "" {
					for _, a := range sample(an.Catalog, free, func(*iam.Action) bool { return true }, 200) {
						v := access.Evaluate(an, p, access.Request{Action: a, Resource: "*"}).Verdict
						checked++
						if v == access.Denied || v == access.NotAllowed {
							t.Errorf("%s: IAM202 counts %s as granted freely to %s by %s, but can says %s on every resource", in, a, p.Label(), m.Name, v)
						}
					}
				}
				for _, set := range []iam.ActionSet{b.iamPM, b.org} {
					all := !set.IsEmpty()
					for a := range an.Catalog.Actions(set) {
						ans := access.Evaluate(an, p, access.Request{Action: a, Resource: "*"})
						checked++
						if ans.Verdict != access.Allowed || ans.Step != access.StepIdentity || !grantedBy(ans, m.ARN) {
							all = false
							break
						}
					}
					if all {
						broad++
						if !reported(p, at, m) {
							t.Errorf("%s: can allows %s every action of a set that makes %s broad, IAM202 does not report it", in, p.Label(), m.Name)
						}
					}
				}
			}
		}
	}
	if checked == 0 || broad == 0 {
		t.Fatalf("nothing checked (%d answers, %d broad attachments)", checked, broad)
	}
	t.Logf("%d answers of can compared, %d attachments can calls broad", checked, broad)
}

// grantedBy reports whether an answer rests on a grant of the policy whose
// ARN is given (an AWS managed policy).
func grantedBy(ans access.Answer, arn string) bool {
	for _, s := range ans.Deciding {
		if s.Part == "grant" && s.File == arn {
			return true
		}
	}
	return false
}
