package rules_test

import (
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/syntax"
)

// A small builder for inventories in rule tests: enough to write the
// relationships rules check (users in groups, policies on identities) in a
// few lines, without a parser.

func doc(t *testing.T, json string) *model.Document {
	t.Helper()
	d, err := syntax.ParseDocument("test.json", []byte(json))
	if err != nil {
		t.Fatalf("bad test document: %v", err)
	}
	return d
}

func meta(id string) model.Meta {
	return model.Meta{ID: id, Source: model.SourceTerraform, Loc: model.Location{File: "main.tf", StartLine: 1}}
}

func ref(id string) model.Ref { return model.Ref{ID: id} }

func user(id string) *model.Identity {
	return &model.Identity{Meta: meta(id), Kind: model.User, Name: model.Known(id, model.Location{})}
}

func group(id string) *model.Identity {
	return &model.Identity{Meta: meta(id), Kind: model.Group, Name: model.Known(id, model.Location{})}
}

func role(t *testing.T, id, trust string) (*model.Identity, *model.Policy) {
	t.Helper()
	p := &model.Policy{Meta: meta(id), Kind: model.Trust, Owners: []model.Ref{ref(id)}, Document: doc(t, trust)}
	p.Path = "assume_role_policy"
	return &model.Identity{Meta: meta(id), Kind: model.Role, Name: model.Known(id, model.Location{}), Trust: p}, p
}

func policy(t *testing.T, id string, kind model.PolicyKind, json string, owners ...string) *model.Policy {
	t.Helper()
	p := &model.Policy{Meta: meta(id), Kind: kind, Document: doc(t, json)}
	for _, o := range owners {
		p.Owners = append(p.Owners, ref(o))
	}
	return p
}

func attach(policyID, identityID string) *model.Attachment {
	return &model.Attachment{Meta: meta(policyID + "->" + identityID), Policy: ref(policyID), Identity: ref(identityID)}
}

func member(userID, groupID string) *model.Membership {
	return &model.Membership{Meta: meta(userID + "@" + groupID), User: ref(userID), Group: ref(groupID)}
}

// run checks an inventory with one rule and returns the messages.
func run(r *rules.Rule, inv *model.Inventory, cfg *rules.Config) []string {
	var out []string
	for _, f := range rules.Run(inv, []*rules.Rule{r}, cfg) {
		out = append(out, f.Message)
	}
	return out
}

// expect compares findings with the expected count and requires each
// expected fragment in some message.
func expect(t *testing.T, got []string, n int, fragments ...string) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), n, strings.Join(got, "\n"))
	}
	all := strings.Join(got, "\n")
	for _, f := range fragments {
		if !strings.Contains(all, f) {
			t.Errorf("no finding mentions %q:\n%s", f, all)
		}
	}
}

// trustDoc is a one-statement trust policy.
func trustDoc(principal, action, condition string) string {
	s := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"` + action + `"`
	if condition != "" {
		s += `,"Condition":` + condition
	}
	return s + `}]}`
}
