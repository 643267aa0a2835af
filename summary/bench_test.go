package summary_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/synth"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/summary"
)

// BenchmarkSummary builds and writes the summary of a generated identity
// plan (synth's plan-identity) at two sizes, in each format: 4x the teams
// should cost about 4x. The analysis is made once; Build asks it for every
// principal's permissions, as `iacscan summary` does.
//
//	go test ./summary -run '^$' -bench Summary -benchmem
func BenchmarkSummary(b *testing.B) {
	for _, n := range []int{100, 400} {
		an := identityPlan(b, n)
		for _, format := range []string{"text", "json"} {
			b.Run(fmt.Sprintf("teams=%d/%s", n, format), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					s := summary.Build(an)
					if len(s.Principals) == 0 {
						b.Fatal("no principal")
					}
					if err := summary.Write(io.Discard, s, format, summary.Options{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// identityPlan analyses a generated identity plan of n teams.
func identityPlan(b *testing.B, n int) *iam.Analysis {
	b.Helper()
	path, err := synth.PlanIdentityFile(b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	inv, errs := parsers.Load([]string{path}, parsers.Options{})
	for _, err := range errs {
		b.Logf("%v", err)
	}
	return iam.Analyze(inv, iam.Default())
}
