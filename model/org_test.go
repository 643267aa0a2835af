package model

import (
	"strings"
	"testing"
)

// TestOrgPathSameNameAccountAndOU: an account may share its name with
// the OU it is in ("sandbox" in "sandbox"); its parent is still the OU,
// not the account itself.
func TestOrgPathSameNameAccountAndOU(t *testing.T) {
	t.Parallel()
	known := func(s string) Value { return Value{Text: s, Set: true} }
	for _, declaredFirst := range []string{"ou", "account"} {
		t.Run(declaredFirst+" first", func(t *testing.T) {
			inv := &Inventory{}
			root := &OrgNode{Meta: Meta{ID: "aws_organizations_organization.org"}, Kind: OrgRoot, Organization: true}
			ou := &OrgNode{Meta: Meta{ID: "aws_organizations_organizational_unit.sandbox"}, Kind: OrgUnit,
				Name: known("sandbox"), Parents: []Ref{{ID: root.ID}}}
			account := &OrgNode{Meta: Meta{ID: "aws_organizations_account.sandbox"}, Kind: OrgAccount,
				Name: known("sandbox"), Account: known("444444444444"), Parents: []Ref{{Value: known("sandbox")}}}
			inv.OrgNodes = []*OrgNode{root, ou, account}
			if declaredFirst == "account" {
				inv.OrgNodes = []*OrgNode{root, account, ou}
			}
			inv.Link()
			path, complete := inv.OrgPath("444444444444")
			var ids []string
			for _, n := range path {
				ids = append(ids, n.ID)
			}
			want := root.ID + " > " + ou.ID + " > " + account.ID
			if got := strings.Join(ids, " > "); got != want || !complete {
				t.Errorf("OrgPath = %s (complete %v), want %s (complete)", got, complete, want)
			}
		})
	}
}
