package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
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
					a := actions[name]
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
