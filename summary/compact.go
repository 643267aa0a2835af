package summary

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/printable"
)

// lineWidth is where compact text wraps a level's list of services.
const lineWidth = 100

// compactLegend says once how to read the compact lines.
const compactLegend = "Per principal, one line per access level listing the services that grant it (or one per service\n" +
	"listing its levels, when shorter): actions allowed/in the level (\"full\": all of them), on all\n" +
	"resources and without condition unless marked."

// principalGroup is principals of one kind whose summaries are identical:
// text shows them once, naming each.
type principalGroup struct {
	members []Principal
}

// groupPrincipals groups identical principals, in order of first appearance.
func groupPrincipals(ps []Principal) []principalGroup {
	var groups []principalGroup
	index := map[string]int{}
	for _, p := range ps {
		k := identity(p)
		if i, ok := index[k]; ok {
			groups[i].members = append(groups[i].members, p)
			continue
		}
		index[k] = len(groups)
		groups = append(groups, principalGroup{members: []Principal{p}})
	}
	return groups
}

// identity is what makes two principals' summaries the same: their kind,
// what is incomplete and every level of every service.
func identity(p Principal) string {
	b, err := json.Marshal(struct {
		Kind       string
		Incomplete []string
		Within     []string
		Services   []Service
	}{p.Kind, p.Incomplete, p.Within, p.Services})
	if err != nil {
		panic(err) // plain strings, ints and bools always marshal
	}
	return string(b)
}

// plural names n principals of a kind: "3 roles", "2 policies".
func plural(n int, kind string) string {
	if n == 1 {
		return "1 " + kind
	}
	if strings.HasSuffix(kind, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(kind, "y"))
	}
	return fmt.Sprintf("%d %ss", n, kind)
}

// entry is one service, or one group of services granting alike, on a
// compact line.
type entry struct {
	label      string
	everything bool // every action of each service
	levels     []Level
}

// compactEntries turns a principal's services into entries: services that
// grant alike (from collapseAt of them) are one entry.
func compactEntries(svcs []Service, catalog []string) (entries []entry, merged int) {
	for _, g := range groupServices(svcs) {
		if len(g.services) >= collapseAt {
			entries = append(entries, entry{label: compactGroupLabel(g, catalog), everything: g.everything, levels: g.levels})
			merged += len(g.services)
			continue
		}
		for _, svc := range g.services {
			entries = append(entries, entry{label: svc.Prefix, everything: svc.everything && sameFlags(svc.Levels), levels: svc.Levels})
		}
	}
	return entries, merged
}

// compactGroupLabel names a group of services in a few words: "all 456
// services", "all services except iam", "253 services (a4b, acm, account
// and 250 more)".
func compactGroupLabel(g serviceGroup, catalog []string) string {
	n := len(g.services)
	missing := g.missing(catalog)
	switch {
	case len(catalog) > 0 && len(missing) == 0:
		return fmt.Sprintf("all %d services", n)
	case len(catalog) > 0 && len(missing) <= 3:
		return "all services except " + strings.Join(missing, ", ")
	}
	var names []string
	for _, svc := range g.services {
		names = append(names, svc.Prefix)
	}
	if n <= 5 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%d services (%s and %d more)", n, strings.Join(names[:3], ", "), n-3)
}

// qualifiers marks a level granted only on some resources or only under
// conditions.
func qualifiers(allResources, conditioned bool) string {
	var q []string
	if !allResources {
		q = append(q, "some resources")
	}
	if conditioned {
		q = append(q, "conditional")
	}
	if len(q) == 0 {
		return ""
	}
	return " (" + strings.Join(q, ", ") + ")"
}

// compactAccess is "full" or "allowed/total".
func compactAccess(l Level) string {
	if l.Access == "full" {
		return "full"
	}
	return thousands(l.Actions) + "/" + thousands(l.Total)
}

// compactLines renders entries as one line per access level (every
// action first), or, when that is shorter, one line per entry listing its
// levels: a role granting three levels of one service takes one line.
func compactLines(entries []entry) (labels []string, items [][]string) {
	var every []string
	for _, e := range entries {
		if e.everything {
			every = append(every, e.label+qualifiers(e.levels[0].AllResources, e.levels[0].Conditioned))
		}
	}
	if len(every) > 0 {
		labels = append(labels, "Every action")
		items = append(items, every)
	}
	var byService []string // labels of the per-entry lines
	var serviceItems [][]string
	for _, e := range entries {
		if e.everything {
			continue
		}
		var line []string
		for _, l := range e.levels {
			line = append(line, l.Level+" "+compactAccess(l)+qualifiers(l.AllResources, l.Conditioned))
		}
		byService = append(byService, e.label)
		serviceItems = append(serviceItems, line)
	}
	var byLevel []string
	var levelItems [][]string
	for _, lvl := range iam.Levels {
		var line []string
		for _, e := range entries {
			if e.everything {
				continue
			}
			for _, l := range e.levels {
				if l.Level == lvl.String() {
					line = append(line, e.label+" "+compactAccess(l)+qualifiers(l.AllResources, l.Conditioned))
				}
			}
		}
		if len(line) > 0 {
			byLevel = append(byLevel, lvl.String())
			levelItems = append(levelItems, line)
		}
	}
	if len(byService) < len(byLevel) && !grouped(entries) {
		return append(labels, byService...), append(items, serviceItems...)
	}
	return append(labels, byLevel...), append(items, levelItems...)
}

// grouped reports whether some entry stands for several services: those
// read best by level.
func grouped(entries []entry) bool {
	for _, e := range entries {
		if !e.everything && strings.ContainsAny(e.label, " ,") {
			return true
		}
	}
	return false
}

// writeWrapped writes "  label  item; item; …", wrapping at lineWidth
// with continuation lines under the first item.
func writeWrapped(b *strings.Builder, label string, width int, items []string, sep string) {
	prefix := fmt.Sprintf("  %-*s  ", width, label)
	indent := strings.Repeat(" ", len(prefix))
	line := prefix
	for i, it := range items {
		it = printable.String(it)
		if i < len(items)-1 {
			it += sep
		}
		switch {
		case i == 0:
			line += it
		case len(line)+1+len(it) > lineWidth:
			b.WriteString(line + "\n")
			line = indent + it
		default:
			line += " " + it
		}
	}
	b.WriteString(line + "\n")
}

// writeMembers names the principals of a group: on wrapped lines when
// they are defined at one place (instances of one module), else one a line.
func writeMembers(b *strings.Builder, members []Principal) {
	p := members[0]
	at := p.location().String()
	same := true
	for _, m := range members {
		same = same && m.location().String() == at
	}
	if !same {
		fmt.Fprintf(b, "%s with the same permissions:\n", plural(len(members), p.Kind))
		for _, m := range members {
			b.WriteString(printable.String(fmt.Sprintf("  - %s (%s)", m.ID, m.location())) + "\n")
		}
		return
	}
	fmt.Fprintf(b, "%s with the same permissions (%s):\n", plural(len(members), p.Kind), printable.String(at))
	var ids []string
	for _, m := range members {
		ids = append(ids, m.ID)
	}
	writeWrapped(b, "", 0, ids, ",")
}

func writeCompact(w io.Writer, s *Summary) error {
	var b strings.Builder
	if len(s.Principals) == 0 {
		b.WriteString("no principals found\n")
	} else {
		b.WriteString(compactLegend + "\n")
	}
	grouped, merged := 0, 0
	if len(s.Principals) > 0 {
		b.WriteString("\n")
	}
	for _, g := range groupPrincipals(s.Principals) {
		p := g.members[0]
		if len(g.members) == 1 {
			b.WriteString(p.title() + "\n")
		} else {
			grouped += len(g.members) - 1
			writeMembers(&b, g.members)
		}
		for _, note := range p.Incomplete {
			fmt.Fprintf(&b, "  incomplete: %s\n", printable.String(note))
		}
		for _, w := range p.Within {
			fmt.Fprintf(&b, "  within %s\n", printable.String(w))
		}
		if len(p.Services) == 0 {
			b.WriteString("  no permissions\n")
			continue
		}
		entries, n := compactEntries(p.Services, s.catalog)
		merged += n
		labels, items := compactLines(entries)
		width := 0
		for _, l := range labels {
			width = max(width, len(l))
		}
		for i, l := range labels {
			writeWrapped(&b, l, width, items[i], ";")
		}
	}
	if len(s.Principals) > 0 {
		fmt.Fprintf(&b, "%s: %d shown with an identical one, %s services merged into groups granting alike\n"+
			"(--full lists each principal, service and level apart)\n",
			plural(len(s.Principals), "principal"), grouped, thousands(merged))
	}
	fmt.Fprintf(&b, "IAM data %s\n", s.DataVersion)
	_, err := io.WriteString(w, b.String())
	return err
}
