package iam

import (
	"testing"

	"github.com/iacscan/iacscan/model"
)

// Principals with the same permissions share one allowed set (a plan may
// hold thousands of them); different permissions stay apart.
func TestAllowedSetsShared(t *testing.T) {
	t.Parallel()
	var ti testInventory
	for _, name := range []string{"a", "b", "c"} {
		ti.identity(model.Role, name)
		ti.attach("arn:aws:iam::aws:policy/ReadOnlyAccess", name)
	}
	ti.policy(t, model.Inline, "c-extra", allow("iam:PassRole", "*"), "c")
	ti.inv.Link()
	an := Analyze(&ti.inv, Default())
	a, b, c := an.Principals()[0].Allowed(), an.Principals()[1].Allowed(), an.Principals()[2].Allowed()
	if a.words == nil || &a.words[0] != &b.words[0] {
		t.Error("roles a and b hold the same policy but not the same allowed set")
	}
	if c.words == nil || &a.words[0] == &c.words[0] || c.Len() != a.Len()+1 {
		t.Errorf("role c has one more action (%d, a %d) and must not share a's set", c.Len(), a.Len())
	}
	if an.sets != nil {
		t.Error("the table of sets is kept after the analysis is built")
	}
}
