//go:build unix

package rules_test

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iacscan/iacscan/model"
)

// TestRulesLinear holds every rule, and grouping, to cost linear in the
// actions of a statement and the policies of a principal: 4 times the
// input may cost at most 8 times the CPU time (the best of three runs
// each; on main, policies on one principal cost 11 times). CPU time,
// not wall time, so that other processes on the machine do not count.
func TestRulesLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("times scans")
	}
	best := func(inv *model.Inventory) time.Duration {
		var min time.Duration
		for range 3 {
			start := cpuTime(t)
			scanRules(inv)
			if d := cpuTime(t) - start; min == 0 || d < min {
				min = d
			}
		}
		return min
	}
	for name, tmpl := range map[string]func(int) map[string]any{
		"actions in one statement":  oneStatementTemplate,
		"policies on one principal": onePrincipalTemplate,
	} {
		n := 500
		if strings.HasPrefix(name, "actions") {
			n = 1000
		}
		small, large := best(loadTemplate(t, tmpl(n))), best(loadTemplate(t, tmpl(4*n)))
		if large > 8*small {
			t.Errorf("%s: %d took %v, %d took %v of CPU: more than 8 times", name, n, small, 4*n, large)
		}
	}
}

// cpuTime is the CPU time the process has used.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
