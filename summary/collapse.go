package summary

import (
	"fmt"
	"path"
	"strings"
)

// Filter keeps the principals whose ID matches one of principals, and of
// each the services whose prefix matches one of services (globs such as
// "module.app.*" or "s3"; case-insensitive; none means all). A principal
// left with no service by a service filter is dropped: it grants nothing
// asked about. A pattern that is not a valid glob is an error.
func (s *Summary) Filter(principals, services []string) error {
	for _, p := range append(append([]string(nil), principals...), services...) {
		if _, err := path.Match(strings.ToLower(p), ""); err != nil {
			return fmt.Errorf("bad pattern %q: %w", p, err)
		}
	}
	var kept []Principal
	for _, p := range s.Principals {
		if len(principals) > 0 && !matchAny(principals, p.ID) {
			continue
		}
		if len(services) > 0 {
			var svcs []Service
			for _, svc := range p.Services {
				if matchAny(services, svc.Prefix) {
					svcs = append(svcs, svc)
				}
			}
			if len(svcs) == 0 {
				continue
			}
			p.Services = svcs
		}
		kept = append(kept, p)
	}
	s.Principals = append([]Principal{}, kept...)
	return nil
}

func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(name)); ok {
			return true
		}
	}
	return false
}

// collapseAt is how many services with the same access make a group: below
// it, each is listed; from it, one line says how many and which.
const collapseAt = 3

// serviceGroup is services that grant the same levels, as fully or as
// partly, on the same resources and conditions: a principal with `*` has
// one, a read-only policy two or three, instead of hundreds of lines.
type serviceGroup struct {
	services   []Service
	levels     []Level // summed over the services
	everything bool    // every action of each service
}

// groupServices groups a principal's services by the shape of their
// access, in order of first appearance.
func groupServices(svcs []Service) []serviceGroup {
	var groups []serviceGroup
	index := map[string]int{}
	for _, svc := range svcs {
		k := shape(svc)
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, serviceGroup{levels: make([]Level, len(svc.Levels)), everything: strings.HasPrefix(k, "everything/")})
			copy(groups[i].levels, svc.Levels)
			groups[i].services = []Service{svc}
			continue
		}
		g := &groups[i]
		g.services = append(g.services, svc)
		if g.everything {
			continue // levels differ from service to service; all are full
		}
		for j, l := range svc.Levels {
			g.levels[j].Actions += l.Actions
			g.levels[j].Total += l.Total
			if l.Access != "full" {
				g.levels[j].Access = l.Access
			}
		}
	}
	return groups
}

// shape is what groups services: the levels granted, with their resources
// and conditions; not how many actions of each (a group sums them, and says
// "limited" when some service's level is).
func shape(svc Service) string {
	var b strings.Builder
	if svc.everything && sameFlags(svc.Levels) {
		fmt.Fprintf(&b, "everything/%t/%t", svc.Levels[0].AllResources, svc.Levels[0].Conditioned)
		return b.String()
	}
	for _, l := range svc.Levels {
		fmt.Fprintf(&b, "%s/%t/%t;", l.Level, l.AllResources, l.Conditioned)
	}
	return b.String()
}

// sameFlags reports whether levels agree on resources and conditions.
func sameFlags(levels []Level) bool {
	for _, l := range levels {
		if l.AllResources != levels[0].AllResources || l.Conditioned != levels[0].Conditioned {
			return false
		}
	}
	return len(levels) > 0
}

// groupTitle names a group's services: "all 447 services", "all services
// except `iam`" (of the catalog's), or "23 services: `a4b`, `acm` and 21
// more".
func groupTitle(g serviceGroup, catalog []string) string {
	n := len(g.services)
	missing := g.missing(catalog)
	switch {
	case len(catalog) > 0 && len(missing) == 0:
		return fmt.Sprintf("all %d services", n)
	case len(catalog) > 0 && len(missing) <= 3:
		return "all services except " + strings.Join(quote(missing), ", ")
	}
	var names []string
	for i, svc := range g.services {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", n-5))
			break
		}
		names = append(names, "`"+svc.Prefix+"`")
	}
	return fmt.Sprintf("%d services: %s", n, strings.Join(names, ", "))
}

// missing returns the catalog's services that are not in the group.
func (g serviceGroup) missing(catalog []string) []string {
	in := make(map[string]bool, len(g.services))
	for _, svc := range g.services {
		in[svc.Prefix] = true
	}
	var out []string
	for _, prefix := range catalog {
		if !in[prefix] {
			out = append(out, prefix)
		}
	}
	return out
}

func quote(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + s + "`"
	}
	return out
}
