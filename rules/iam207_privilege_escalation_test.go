package rules_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/syntax"
)

// TestEscalationAcrossPolicies builds, without a parser, a role whose
// escalation is split across its two inline policies, and a user who gets
// half of one from a group; the same role with a Deny, or a boundary, is
// not a finding.
func TestEscalationAcrossPolicies(t *testing.T) {
	t.Parallel()
	doc := func(effect, action string) *model.Document {
		d, err := syntax.ParseDocument("p.json", []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"`+effect+`","Action":"`+action+`","Resource":"*"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	inline := func(id, owner, effect, action string) *model.Policy {
		return &model.Policy{Meta: model.Meta{ID: id}, Kind: model.Inline, Owners: []model.Ref{{ID: owner}}, Document: doc(effect, action)}
	}
	role := func(id string) *model.Identity {
		return &model.Identity{Meta: model.Meta{ID: id}, Kind: model.Role, Name: model.Known(id, model.Location{})}
	}
	tests := []struct {
		name string
		inv  *model.Inventory
		want []string // principals reported
	}{
		{"split across two policies", &model.Inventory{
			Identities: []*model.Identity{role("ci")},
			Policies:   []*model.Policy{inline("pass", "ci", "Allow", "iam:PassRole"), inline("run", "ci", "Allow", "ec2:RunInstances")},
		}, []string{"ci"}},
		{"one half only", &model.Inventory{
			Identities: []*model.Identity{role("ci")},
			Policies:   []*model.Policy{inline("pass", "ci", "Allow", "iam:PassRole")},
		}, nil},
		{"denied", &model.Inventory{
			Identities: []*model.Identity{role("ci")},
			Policies: []*model.Policy{inline("pass", "ci", "Allow", "iam:PassRole"), inline("run", "ci", "Allow", "ec2:RunInstances"),
				inline("guard", "ci", "Deny", "iam:PassRole")},
		}, nil},
		{"user and group", &model.Inventory{
			Identities: []*model.Identity{
				{Meta: model.Meta{ID: "alice"}, Kind: model.User, Name: model.Known("alice", model.Location{})},
				{Meta: model.Meta{ID: "ops"}, Kind: model.Group, Name: model.Known("ops", model.Location{})},
			},
			Policies:    []*model.Policy{inline("pass", "alice", "Allow", "iam:PassRole"), inline("lambda", "ops", "Allow", "lambda:Create*")},
			Memberships: []*model.Membership{{User: model.Ref{ID: "alice"}, Group: model.Ref{ID: "ops"}}},
		}, []string{"alice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range rules.Run(tt.inv, []*rules.Rule{rules.PrivilegeEscalation}, nil) {
				got = append(got, f.Resource)
				if !strings.Contains(f.Message, "`iam:PassRole` + ") {
					t.Errorf("message does not name the method: %s", f.Message)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("reported %v, want %v", got, tt.want)
			}
		})
	}
}

// TestEscalationServiceRoleSeverity: a role only an AWS service can assume,
// escalating only through AWS's service-role managed policies, is low; the
// same trust with PowerUserAccess (the function's own code runs with it)
// stays high.
func TestEscalationServiceRoleSeverity(t *testing.T) {
	t.Parallel()
	inv, errs := parsers.Load([]string{"../fixtures/IAM207/cloudformation/service-role.yaml"}, parsers.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := map[string]string{}
	for _, f := range rules.Run(inv, []*rules.Rule{rules.PrivilegeEscalation}, nil) {
		got[f.Resource] = f.Rule.Severity.String()
	}
	want := map[string]string{"EMRServiceRole": "low", "FunctionRole": "high"}
	if !maps.Equal(got, want) {
		t.Errorf("severities %v, want %v", got, want)
	}
}

// TestEscalationBesideFullAdmin: IAM207 judges a principal on its own,
// whatever IAM201 reports. An administrator statement less a Deny leaves
// the principal short of every action, with the escalation methods still
// open; it stepped aside for IAM201 before.
func TestEscalationBesideFullAdmin(t *testing.T) {
	t.Parallel()
	d, err := syntax.ParseDocument("p.json", []byte(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	inv := &model.Inventory{
		Identities: []*model.Identity{{Meta: model.Meta{ID: "ops"}, Kind: model.Role, Name: model.Known("ops", model.Location{})}},
		Policies:   []*model.Policy{{Meta: model.Meta{ID: "admin"}, Kind: model.Inline, Owners: []model.Ref{{ID: "ops"}}, Document: d}},
	}
	var got []string
	for _, f := range rules.Run(inv, []*rules.Rule{rules.FullAdmin, rules.PrivilegeEscalation}, nil) {
		got = append(got, f.Rule.ID+" "+f.Resource)
	}
	if want := "IAM207 ops,IAM201 admin"; strings.Join(got, ",") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
}
