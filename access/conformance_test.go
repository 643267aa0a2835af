package access_test

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/conformance"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/scan"
)

// TestConformance holds the engine to the conformance suite: for each
// request, the principal's own answer (AWS evaluates one request of one
// principal; role chains are iacscan's addition), or the answer of the
// role chain the case names, must be the decision AWS documents, decided
// at the step the case names.
func TestConformance(t *testing.T) {
	t.Parallel()
	cases, err := conformance.Load("testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	// The guardrail cases were once a table of their own: one written
	// there now would never run.
	if apart, _ := filepath.Glob("testdata/guardrails/*.txtar"); len(apart) > 0 {
		t.Errorf("%v: cases outside the suite; move them to testdata/conformance", apart)
	}
	total, agree := 0, 0
	for _, c := range cases {
		for _, variant := range c.Variants() {
			t.Run(path.Join(c.Name, variant), func(t *testing.T) {
				dir := t.TempDir()
				if err := c.Extract(dir, variant); err != nil {
					t.Fatal(err)
				}
				an := analyseCase(t, dir)
				for _, r := range c.Requests {
					if !r.In(variant) {
						continue
					}
					total++
					got, err := decide(an, dir, c, r)
					if err != nil {
						t.Errorf("requests:%d %s: %v", r.Line, r, err)
						continue
					}
					if want := r.Decision(); got != want {
						t.Errorf("requests:%d %s:\n got %s\nwant %s", r.Line, r, got, want)
						continue
					}
					agree++
				}
			})
		}
	}
	t.Logf("conformance: %d of %d requests (in every format a case is written in) in %d cases agree", agree, total, len(cases))
}

// analyseCase scans a case's directory as `iacscan can` does, with the
// .iacscan.yml among its inputs as the configuration.
func analyseCase(t *testing.T, dir string) *iam.Analysis {
	t.Helper()
	s, err := scan.Resolve(scan.Request{ConfigFrom: dir})
	if err != nil {
		t.Fatal(err)
	}
	loaded := scan.Load([]string{dir}, s)
	for _, err := range loaded.Errors {
		// A plan fixture comes without the .tf it was made from: that
		// warning is expected; nothing else is.
		if ie, ok := err.(*model.InputError); !ok || !ie.Warning || !strings.Contains(ie.Message, "no Terraform configuration") {
			t.Fatalf("input error: %v", err)
		}
	}
	return loaded.Analysis()
}

// TestWhoCanAgreesWithCan asks each request of the suite of who-can too:
// who-can must give, principal by principal, the answers can gives each
// principal of the scan (chains included, the same verdict and step), but
// those implicitly denied. (who-can asks for no session, so the requests
// that name one are can's alone.)
func TestWhoCanAgreesWithCan(t *testing.T) {
	t.Parallel()
	cases, err := conformance.Load("testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range cases {
		for _, variant := range c.Variants() {
			t.Run(path.Join(c.Name, variant), func(t *testing.T) {
				dir := t.TempDir()
				if err := c.Extract(dir, variant); err != nil {
					t.Fatal(err)
				}
				an := analyseCase(t, dir)
				for _, r := range c.Requests {
					if !r.In(variant) || r.Principal == "anonymous" || access.Session(r.Principal) != "" {
						continue
					}
					q, err := query(an, dir, c, r)
					if err != nil {
						t.Fatalf("requests:%d %s: %v", r.Line, r, err)
					}
					var want []string
					for _, p := range an.Principals() {
						for _, a := range access.Can(an, p, q) {
							if a.Verdict != access.NotAllowed {
								want = append(want, who(a))
							}
						}
					}
					var got []string
					for _, a := range access.WhoCan(an, q) {
						if a.Kind != access.AnonymousKind {
							got = append(got, who(a))
						}
					}
					total += len(want)
					if !slices.Equal(got, want) {
						t.Errorf("requests:%d %s:\nwho-can:\n%s\ncan:\n%s", r.Line, r, strings.Join(got, "\n"), strings.Join(want, "\n"))
					}
				}
			})
		}
	}
	t.Logf("who-can agrees with can on %d answers", total)
}

// who is an answer in the words of a case's requests, with its principal.
func who(a access.Answer) string {
	return fmt.Sprintf("%s (%s:%d): %s", a.Principal, a.File, a.Line, decision(a))
}

// query is a case's request as `iacscan can` makes it.
func query(an *iam.Analysis, dir string, c conformance.Case, r conformance.Request) (access.Request, error) {
	a := an.Catalog.Action(r.Action)
	if a == nil {
		return access.Request{}, fmt.Errorf("no action %s", r.Action)
	}
	ctx, err := access.ParseContext(r.Context)
	if err != nil {
		return access.Request{}, err
	}
	q := access.Request{Action: a, Resource: r.Resource, Context: ctx,
		PrincipalAccount: c.Account, Session: access.Session(r.Principal)}
	if r.Endpoint != "" {
		g, _, err := access.EndpointPolicy(an, r.Endpoint)
		if err != nil {
			return access.Request{}, err
		}
		q.Guardrails = append(q.Guardrails, g...)
	}
	if r.SessionPolicy != "" {
		file := filepath.Join(dir, filepath.FromSlash(r.SessionPolicy))
		data, err := os.ReadFile(file)
		if err != nil {
			return access.Request{}, err
		}
		g, err := access.SessionPolicy(an, file, data)
		if err != nil {
			return access.Request{}, err
		}
		q.Guardrails = append(q.Guardrails, g)
	}
	return q, nil
}

func decide(an *iam.Analysis, dir string, c conformance.Case, r conformance.Request) (string, error) {
	q, err := query(an, dir, c, r)
	if err != nil {
		return "", err
	}
	var answers []access.Answer
	if r.Principal == "anonymous" {
		answers = []access.Answer{access.Anonymous(an, q)}
	} else {
		found := access.Find(an, r.Principal)
		if len(found) != 1 {
			return "", fmt.Errorf("%d principals named %q", len(found), r.Principal)
		}
		answers = access.Can(an, found[0], q)
		// Decide is Evaluate without the explanation: the same verdict.
		if quiet, loud := access.Decide(an, found[0], q), access.Evaluate(an, found[0], q).Verdict; quiet != loud {
			return "", fmt.Errorf("Decide says %s, Evaluate %s", quiet, loud)
		}
	}
	for _, ans := range answers {
		if slices.Equal(ans.Chain, r.Chain) {
			return decision(ans), nil
		}
	}
	return "", fmt.Errorf("no answer through %q among %d", r.Chain, len(answers))
}

// decision is an answer in the words of a case's requests.
func decision(a access.Answer) string {
	return conformance.Request{Verdict: string(a.Verdict), Step: string(a.Step), Chain: a.Chain}.Decision()
}
