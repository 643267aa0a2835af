package suppress

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/rules"
)

// docs/migrating.md lists the mapped checks: one row per check of
// peerChecks, with the same rules, each of them a rule that exists.
func TestPeerChecksDocumented(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../docs/migrating.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(data), "| scanner | check | iacscan rules | why they mean the same |")
	table, _, _ = strings.Cut(table, "\n\n")
	var documented []string
	for _, line := range strings.Split(strings.TrimSpace(table), "\n")[1:] {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 4 || cells[3] == "" {
			t.Errorf("row %q: want scanner, check, rules and why", line)
			continue
		}
		if cells[1] == "ignore-line, ignore-block" {
			documented = append(documented, "kics *=*")
			continue
		}
		documented = append(documented, cells[0]+" "+strings.ToLower(cells[1])+"="+cells[2])
	}
	var mapped []string
	for _, p := range peerChecks {
		ids := strings.Join(p.rules, ", ")
		for _, id := range p.rules {
			if id != "*" && rules.Lookup(rules.All, id) == nil {
				t.Errorf("%s %s maps to %s, which is no rule", p.origin, p.check, id)
			}
		}
		mapped = append(mapped, p.origin+" "+strings.ToLower(p.check)+"="+ids)
	}
	if !slices.Equal(documented, mapped) {
		t.Errorf("docs/migrating.md lists\n%v\npeerChecks has\n%v", documented, mapped)
	}
}
