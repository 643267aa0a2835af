package summary

import (
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// Summary is the policy summary of every principal. Its JSON form is
// jsonDocument (json.go).
type Summary struct {
	DataVersion string // the IAM catalog the levels come from
	Principals  []Principal
	// catalog lists the prefixes of every service of the IAM catalog, so
	// that text can say "all services except iam".
	catalog []string
}

// Principal is one user, group or role, or a policy standing for a holder
// the scan does not show.
type Principal struct {
	ID   string
	Kind string // user, group, role, policy
	File string
	Line int
	// Incomplete lists what the scan could not resolve (a policy not known
	// before deploy, one not in the scan): the principal may have more, or
	// less, than shown.
	Incomplete []string
	// Within names the guardrails of the organization that bound what is
	// shown: the SCPs attached at the levels above the principal's account.
	Within   []string
	Services []Service
}

// Service is what one service grants the principal.
type Service struct {
	Prefix string  `json:"service"`
	Name   string  `json:"name"`
	Levels []Level `json:"levels"`
	// everything: every action of the service is granted (every level it
	// has, in full), for text to say so in one line.
	everything bool
}

// Level is one access level of a service.
type Level struct {
	Level string `json:"level"`
	// Access is "full" when every action of the level is allowed, else
	// "limited".
	Access  string `json:"access"`
	Actions int    `json:"actions"` // allowed
	Total   int    `json:"total"`   // in the level
	// AllResources: some grant applies to every resource ("*" or
	// NotResource); otherwise only to the resources named.
	AllResources bool `json:"all_resources"`
	// Conditioned: every grant carries a condition (of its own, of a partial
	// Deny, or of the permissions boundary).
	Conditioned bool `json:"conditioned"`
}

// Build summarises the effective permissions of every principal.
func Build(an *iam.Analysis) *Summary {
	s := &Summary{DataVersion: iam.DataProvenance().Version, Principals: []Principal{}}
	for _, svc := range an.Catalog.Services() {
		s.catalog = append(s.catalog, svc.Prefix)
	}
	b := builder{an: an, c: an.Catalog, totals: make(map[levelKey]int), services: make(map[servicesKey][]Service)}
	// Principals granted the same share one list of services: a team's
	// members would otherwise hold hundreds of services each.
	var lists serviceLists
	for _, p := range an.Principals() {
		pr := b.principal(p)
		i, _ := lists.index(pr.Services)
		pr.Services = lists.lists[i]
		s.Principals = append(s.Principals, pr)
	}
	return s
}

// builder computes principals' summaries against one catalog, counting
// each service's actions at a level once for all of them.
type builder struct {
	an     *iam.Analysis
	c      *iam.Catalog
	totals map[levelKey]int
	// services are the lists of services made so far, by the sets they
	// are made of (servicesKey): a team's principals hold the same
	// thousands of actions, which are counted once.
	services map[servicesKey][]Service
}

// serviceLevels are the levels of one service a principal is granted, by
// access level.
type serviceLevels struct {
	svc    *iam.Service
	levels [iam.Tagging + 1]*Level
}

type levelKey struct {
	svc   *iam.Service
	level iam.AccessLevel
}

// total is the number of the service's actions at the level.
func (b *builder) total(k levelKey) int {
	n, ok := b.totals[k]
	if !ok {
		n = b.c.ServiceActions(k.svc, k.level).Len()
		b.totals[k] = n
	}
	return n
}

func (b *builder) principal(p *iam.Permissions) Principal {
	m := p.Meta()
	out := Principal{ID: m.ID, Kind: "policy", File: filepath.ToSlash(m.Loc.File), Line: m.Loc.StartLine,
		Incomplete: append([]string{}, p.Unknown...), Within: []string{}}
	for _, u := range p.Unresolved {
		out.Incomplete = append(out.Incomplete, u.String())
	}
	if p.Identity != nil {
		out.Kind = string(p.Identity.Kind)
	}
	if b := p.Boundary; b != nil && b.Unknown {
		out.Incomplete = append(out.Incomplete, "permissions boundary `"+b.Ref.String()+"` is not in the scan")
	}
	c := b.c
	granted, free, everywhere := b.accessSets(p)
	if l := access.SCPLimit(b.an, p); l != nil {
		granted = c.Intersect(granted, l.Allowed)
		out.Within = append(out.Within, "the SCPs attached to "+strings.Join(l.Levels, ", "))
		out.Incomplete = append(out.Incomplete, l.Notes...)
	}
	out.Services = b.servicesOf(granted, free, everywhere)
	return out
}

// servicesOf lists, service by service in catalog order, the access levels
// of the granted actions; free and everywhere tell which are granted
// without conditions and on every resource. The list depends on the three
// sets alone and is made once for each.
func (b *builder) servicesOf(granted, free, everywhere iam.ActionSet) []Service {
	key := servicesKey{granted.Key(), free.Key(), everywhere.Key()}
	if list, ok := b.services[key]; ok {
		return list
	}
	list := []Service{}
	c := b.c
	// Actions come in catalog order, a service's together: one map lookup
	// per service, not per action.
	levels := make(map[*iam.Service]*serviceLevels)
	var cur *serviceLevels
	for a := range c.Actions(granted) {
		if cur == nil || cur.svc != a.Service {
			cur = levels[a.Service]
			if cur == nil {
				cur = &serviceLevels{svc: a.Service}
				levels[a.Service] = cur
			}
		}
		l := cur.levels[a.Level]
		if l == nil {
			l = &Level{Level: a.Level.String(), Total: b.total(levelKey{a.Service, a.Level}), Conditioned: true}
			cur.levels[a.Level] = l
		}
		l.Actions++
		l.Conditioned = l.Conditioned && !free.Has(a)
		l.AllResources = l.AllResources || everywhere.Has(a)
	}
	// Report services in catalog order, levels in the summary's order.
	var last *Service
	for _, svc := range c.Services() {
		sl := levels[svc]
		if sl == nil {
			continue
		}
		for _, lvl := range iam.Levels {
			l := sl.levels[lvl]
			if l == nil {
				continue
			}
			if last == nil || last.Prefix != svc.Prefix {
				list = append(list, Service{Prefix: svc.Prefix, Name: svc.Name})
				last = &list[len(list)-1]
			}
			l.Access = "limited"
			if l.Actions == l.Total {
				l.Access = "full"
			}
			last.Levels = append(last.Levels, *l)
		}
		if last != nil && last.Prefix == svc.Prefix {
			last.everything = b.grantsEverything(svc, last.Levels)
		}
	}
	b.services[key] = list
	return list
}

// servicesKey is equal for equal triples of sets. Only the actions granted
// matter of free and everywhere, but the whole sets are cheaper to key
// than their intersections are to compute.
type servicesKey struct{ granted, free, everywhere string }

// accessSets computes, as sets, what iam.Permissions.Access tells of each
// action (evaluating it action by action cost a principal with "*" 22,000
// calls): granted, the allowed actions some Allow grants; free, those
// iam.Access.Free holds for (an unconditioned grant, no conditioned
// partial Deny, an unconditioned boundary statement when one lets the
// action through); everywhere, those some grant gives on every resource.
func (b *builder) accessSets(p *iam.Permissions) (granted, free, everywhere iam.ActionSet) {
	c := b.c
	var allows, unconditioned, onEvery, conditionedDenies []iam.ActionSet
	for _, g := range p.Allows {
		set := b.an.Actions(g.Stmt)
		allows = append(allows, set)
		if !g.Condition.Set {
			unconditioned = append(unconditioned, set)
		}
		if g.NotResource.Set || g.Resource.Has("*") {
			onEvery = append(onEvery, set)
		}
	}
	for _, d := range p.Denies {
		if d.Condition.Set {
			conditionedDenies = append(conditionedDenies, b.an.Actions(d.Stmt))
		}
	}
	granted = c.Intersect(p.Allowed(), c.Union(allows...))
	free = c.Minus(c.Union(unconditioned...), c.Union(conditionedDenies...))
	if bd := p.Boundary; bd != nil && !bd.Unknown {
		// Actions no boundary statement lets through keep whatever their
		// grants say; those some do need one without a condition.
		var through, open []iam.ActionSet
		for _, st := range bd.Allows {
			set := b.an.Actions(st)
			through = append(through, set)
			if !st.Condition.Set {
				open = append(open, set)
			}
		}
		free = c.Intersect(free, c.Union(c.Minus(c.All(), c.Union(through...)), c.Union(open...)))
	}
	return granted, free, c.Union(onEvery...)
}

// grantsEverything reports whether levels hold, in full, every level of
// the service that has actions.
func (b *builder) grantsEverything(svc *iam.Service, levels []Level) bool {
	full := 0
	for _, l := range levels {
		if l.Access != "full" {
			return false
		}
		full++
	}
	n := 0
	for _, lvl := range iam.Levels {
		if b.total(levelKey{svc, lvl}) > 0 {
			n++
		}
	}
	return full == n
}

// location is where a principal is defined, for the text renderers.
func (p Principal) location() model.Location {
	return model.Location{File: p.File, StartLine: p.Line}
}
