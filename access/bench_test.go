package access_test

import (
	"fmt"
	"testing"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/synth"
	"github.com/iacscan/iacscan/parsers"
)

// identityPlan analyses a generated identity plan of n teams (synth's
// plan-identity: per team three users, two groups, a deploy role that may
// assume every other team's deploy role).
func identityPlan(b *testing.B, n int) *iam.Analysis {
	b.Helper()
	path, err := synth.PlanIdentityFile(b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	inv, _ := parsers.Load([]string{path}, parsers.Options{})
	return iam.Analyze(inv, iam.Default())
}

// The queries at two sizes: 4x the teams should cost about 4x.
var benchSizes = []int{100, 400}

func BenchmarkWhoCanPassRole(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("teams=%d", n), func(b *testing.B) {
			an := identityPlan(b, n)
			r := access.Request{Action: an.Catalog.Action("iam:PassRole")}
			b.ReportAllocs()
			for b.Loop() {
				if len(access.WhoCan(an, r)) == 0 {
					b.Fatal("no answer")
				}
			}
		})
	}
}

// BenchmarkCanUser asks for a user, BenchmarkCanRole for a deploy role,
// which may assume every other deploy role: the whole chain search.
func BenchmarkCanUser(b *testing.B) { benchCan(b, "alice-00000", "iam:PassRole") }

func BenchmarkCanRole(b *testing.B) { benchCan(b, "deploy-00000", "iam:CreateUser") }

func benchCan(b *testing.B, principal, action string) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("teams=%d", n), func(b *testing.B) {
			an := identityPlan(b, n)
			found := access.Find(an, principal)
			if len(found) != 1 {
				b.Fatalf("%d principals %s", len(found), principal)
			}
			r := access.Request{Action: an.Catalog.Action(action)}
			b.ReportAllocs()
			for b.Loop() {
				if len(access.Can(an, found[0], r)) == 0 {
					b.Fatal("no answer")
				}
			}
		})
	}
}
