// Package summary computes AWS's policy summary for every principal of a
// scan, before deploy: per service, the access levels its effective
// permissions grant (List, Read, Write, Permissions management, Tagging),
// whether fully or in part, on all resources or some, and whether only under
// conditions. Writers render it as text, JSON and Markdown.
package summary

import (
	"path/filepath"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// Summary is the policy summary of every principal.
type Summary struct {
	DataVersion string      `json:"data_version"` // the IAM catalog the levels come from
	Principals  []Principal `json:"principals"`
	// catalog lists the prefixes of every service of the IAM catalog, so
	// that text can say "all services except iam".
	catalog []string
}

// Principal is one user, group or role, or a policy standing for a holder
// the scan does not show.
type Principal struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // user, group, role, policy
	File string `json:"file"`
	Line int    `json:"line"`
	// Incomplete lists what the scan could not resolve (a policy not known
	// before deploy, one not in the scan): the principal may have more, or
	// less, than shown.
	Incomplete []string  `json:"incomplete"`
	Services   []Service `json:"services"`
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
	for _, p := range an.Principals() {
		s.Principals = append(s.Principals, principal(an, p))
	}
	return s
}

func principal(an *iam.Analysis, p *iam.Permissions) Principal {
	m := p.Meta()
	out := Principal{ID: m.ID, Kind: "policy", File: filepath.ToSlash(m.Loc.File), Line: m.Loc.StartLine,
		Incomplete: append([]string{}, p.Unknown...), Services: []Service{}}
	if p.Identity != nil {
		out.Kind = string(p.Identity.Kind)
	}
	if b := p.Boundary; b != nil && b.Unknown {
		out.Incomplete = append(out.Incomplete, "permissions boundary `"+b.Ref.String()+"` is not in the scan")
	}
	type key struct {
		svc   *iam.Service
		level iam.AccessLevel
	}
	levels := make(map[key]*Level)
	c := an.Catalog
	for a := range c.Actions(p.Allowed()) {
		acc := p.Access(a)
		if !acc.Allowed() {
			continue
		}
		k := key{a.Service, a.Level}
		l := levels[k]
		if l == nil {
			l = &Level{Level: a.Level.String(), Total: c.ServiceActions(a.Service, a.Level).Len(), Conditioned: true}
			levels[k] = l
		}
		l.Actions++
		l.Conditioned = l.Conditioned && !acc.Free()
		l.AllResources = l.AllResources || onEveryResource(acc)
	}
	// Report services in catalog order, levels in the summary's order.
	var cur *Service
	for _, svc := range c.Services() {
		for _, lvl := range iam.Levels {
			l := levels[key{svc, lvl}]
			if l == nil {
				continue
			}
			if cur == nil || cur.Prefix != svc.Prefix {
				out.Services = append(out.Services, Service{Prefix: svc.Prefix, Name: svc.Name})
				cur = &out.Services[len(out.Services)-1]
			}
			l.Access = "limited"
			if l.Actions == l.Total {
				l.Access = "full"
			}
			cur.Levels = append(cur.Levels, *l)
		}
		if cur != nil && cur.Prefix == svc.Prefix {
			cur.everything = grantsEverything(c, svc, cur.Levels)
		}
	}
	return out
}

// grantsEverything reports whether levels hold, in full, every level of
// the service that has actions.
func grantsEverything(c *iam.Catalog, svc *iam.Service, levels []Level) bool {
	full := 0
	for _, l := range levels {
		if l.Access != "full" {
			return false
		}
		full++
	}
	n := 0
	for _, lvl := range iam.Levels {
		if c.ServiceActions(svc, lvl).Len() > 0 {
			n++
		}
	}
	return full == n
}

func onEveryResource(acc iam.Access) bool {
	for _, g := range acc.Grants {
		if g.NotResource.Set || g.Resource.Has("*") {
			return true
		}
	}
	return false
}

// location is where a principal is defined, for the text renderers.
func (p Principal) location() model.Location {
	return model.Location{File: p.File, StartLine: p.Line}
}
