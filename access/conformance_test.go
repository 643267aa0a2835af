package access_test

import (
	"fmt"
	"testing"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/conformance"
)

// TestConformance holds the engine to the conformance suite: for each
// request, the principal's own answer (AWS evaluates one request of one
// principal; role chains are iacscan's addition) must be the decision AWS
// documents, decided at the step the case names.
func TestConformance(t *testing.T) {
	cases, err := conformance.Load("testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	total, agree := 0, 0
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			if err := c.Extract(dir); err != nil {
				t.Fatal(err)
			}
			an := analyse(t, dir)
			for _, r := range c.Requests {
				total++
				got, err := decide(an, c, r)
				if err != nil {
					t.Errorf("requests:%d %s: %v", r.Line, r, err)
					continue
				}
				if want := r.Verdict + " / " + r.Step; got != want {
					t.Errorf("requests:%d %s:\n got %s\nwant %s", r.Line, r, got, want)
					continue
				}
				agree++
			}
		})
	}
	t.Logf("conformance: %d of %d requests agree", agree, total)
}

func decide(an *iam.Analysis, c conformance.Case, r conformance.Request) (string, error) {
	found := access.Find(an, r.Principal)
	if len(found) != 1 {
		return "", fmt.Errorf("%d principals named %q", len(found), r.Principal)
	}
	a := an.Catalog.Action(r.Action)
	if a == nil {
		return "", fmt.Errorf("no action %s", r.Action)
	}
	ctx, err := access.ParseContext(r.Context)
	if err != nil {
		return "", err
	}
	ans := access.Can(an, found[0], access.Request{Action: a, Resource: r.Resource, Context: ctx,
		PrincipalAccount: c.Account, Session: access.Session(r.Principal)})[0]
	return string(ans.Verdict) + " / " + string(ans.Step), nil
}
