package rules_test

import (
	"testing"

	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// BenchmarkScanFixtures is a whole scan of the repository's fixtures (every
// format, every rule): loading, linking, the IAM analysis and all rules.
func BenchmarkScanFixtures(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		inv, _ := parsers.Load([]string{"../fixtures"}, parsers.Options{})
		rules.Run(inv, rules.All, nil)
	}
}

// BenchmarkRulesOnFixtures is the rules alone, on an inventory loaded once
// (each run recomputes the shared IAM analysis, as a scan does).
func BenchmarkRulesOnFixtures(b *testing.B) {
	inv, _ := parsers.Load([]string{"../fixtures"}, parsers.Options{})
	b.ReportAllocs()
	for b.Loop() {
		rules.Run(inv, rules.All, nil)
	}
}
