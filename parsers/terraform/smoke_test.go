package terraform

import (
	"fmt"
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	dir := os.Getenv("SMOKE")
	if dir == "" {
		t.Skip()
	}
	inv, errs := Scan([]string{dir}, Options{Root: dir})
	for _, e := range errs {
		fmt.Println("ERR", e)
	}
	for _, id := range inv.Identities {
		fmt.Printf("ID %s %s name=%+v mayapply=%v boundary=%v\n", id.Kind, id.ID, id.Name.Text, id.MayApply, id.Boundary)
	}
	for _, p := range inv.Policies {
		fmt.Printf("POL %s %s %s %v owners=%v unknown=%v expr=%q problems=%v\n", p.Kind, p.ID, p.Path, p.Loc, p.Owners, p.Document.Unknown, p.Document.Expr, p.Document.Problems)
		for _, s := range p.Document.Statements {
			fmt.Printf("   st %v effect=%v action=%v res=%v princ=%+v cond=%+v\n", s.Loc, s.Effect.Text, s.Action.Items, s.Resource.Items, s.Principal, s.Condition.Items)
		}
	}
	for _, a := range inv.Attachments {
		fmt.Printf("ATT %s %s policy=%v to=%v\n", a.ID, a.Path, a.Policy, a.Identity)
	}
	for _, m := range inv.Memberships {
		fmt.Printf("MEM %s %v %v\n", m.ID, m.User, m.Group)
	}
	for _, e := range inv.Exposures {
		fmt.Printf("EXP %s %s %s %v %v\n", e.ID, e.Kind, e.Name, e.Value, e.Refs)
	}
}
