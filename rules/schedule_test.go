package rules_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// TestRunIndependentOfScheduling loads every fixture (files parse in
// parallel) and runs every rule (in parallel) on one CPU and on several,
// repeatedly: the findings are the same, in the same order, every time.
// go test -race runs this test to check that rules only read what they
// share.
func TestRunIndependentOfScheduling(t *testing.T) {
	run := func(procs int) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		inv, _ := parsers.Load([]string{"../fixtures"}, parsers.Options{})
		var b strings.Builder
		for _, f := range rules.Run(inv, rules.All, nil) {
			fmt.Fprintf(&b, "%s %s %s %s\n", f.Rule.ID, f.Loc, f.Resource, f.Message)
		}
		return b.String()
	}
	want := run(1)
	if strings.Count(want, "\n") < 100 {
		t.Fatalf("only %d findings in the fixtures", strings.Count(want, "\n"))
	}
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for i := range rounds {
		if got := run(4); got != want {
			t.Fatalf("round %d: findings on 4 CPUs differ from those on 1", i)
		}
	}
}
