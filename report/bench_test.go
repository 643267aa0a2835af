package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// largeResult has n findings spread over n/10 files.
func largeResult(n int) *Result {
	r := &Result{Version: "1.2.3", Rules: fixtureRules}
	for i := range n {
		file := fmt.Sprintf("infra/module%d/iam.tf", i/10)
		r.Findings = append(r.Findings, &rules.Finding{
			Rule:     fixtureRules[1+i%5],
			Resource: fmt.Sprintf("aws_iam_policy.p%d", i),
			Source:   model.SourceTerraform,
			Loc:      loc(file, i%10*20+1, 3, i%10*20+9, 4),
			Message:  fmt.Sprintf("policy `aws_iam_policy.p%d` allows `s3:*` in statement 1", i),
			Related:  []rules.Related{{Loc: loc(file, i%10*20+4, 5, i%10*20+4, 20), Message: "`Action` is `s3:*`"}},
		})
	}
	rules.SortFindings(r.Findings)
	return r
}

func BenchmarkWrite(b *testing.B) {
	r := largeResult(5000)
	for _, format := range Formats() {
		b.Run(format, func(b *testing.B) {
			w, err := New(format, Options{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := w.Write(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
