package custom

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/iacscan/iacscan/rules"
)

// entrypoint is the set each rule package defines: one result per finding.
const entrypoint = "deny"

var (
	// Custom IDs are upper case with digits (ORG001, ACME-12); the IAM
	// prefix is iacscan's own.
	customID = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`)
	kebab    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// pkg is one Rego package of the policy directories: the modules that make
// it, its metadata and whether it defines the entrypoint.
type pkg struct {
	path  ast.Ref
	file  string // the file holding the metadata, or the first one
	meta  *ast.Annotations
	deny  *ast.Rule
	files []string
}

// buildRules makes a rule of every package with metadata and a deny set.
func (s *Set) buildRules(taken []*rules.Rule) ([]*rules.Rule, error) {
	pkgs := map[string]*pkg{}
	var order []string
	for file, m := range s.modules {
		if file == libraryFile {
			continue
		}
		key := m.Package.Path.String()
		p := pkgs[key]
		if p == nil {
			p = &pkg{path: m.Package.Path, file: file}
			pkgs[key] = p
			order = append(order, key)
		}
		p.files = append(p.files, file)
		for _, a := range m.Annotations {
			if a.Scope == "package" && p.meta == nil {
				p.meta, p.file = a, file
			}
		}
		for _, r := range m.Rules {
			if r.Head.Ref().String() == entrypoint && p.deny == nil {
				p.deny = r
			}
		}
	}
	slices.Sort(order)
	var out []*rules.Rule
	var errs []string
	for _, key := range order {
		r, err := s.rule(pkgs[key], append(slices.Clone(taken), out...))
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if r != nil {
			out = append(out, r)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	slices.SortFunc(out, func(a, b *rules.Rule) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// rule validates one package's metadata and returns its rule; nil for a
// package that is a helper (no metadata, no deny).
func (s *Set) rule(p *pkg, taken []*rules.Rule) (*rules.Rule, error) {
	var id string
	if p.meta != nil {
		id, _ = p.meta.Custom["id"].(string)
	}
	switch {
	case id == "" && p.deny == nil:
		return nil, nil
	case id == "":
		return nil, fmt.Errorf("%s: %s defines %s but has no METADATA annotation with custom.id (see docs/custom-rules.md)", at(p.deny.Location), p.path, entrypoint)
	case p.deny == nil:
		return nil, fmt.Errorf("%s: %s declares rule %s but defines no %s set", at(p.meta.Location), p.path, id, entrypoint)
	}
	a := p.meta
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: rule %s: %s", at(a.Location), id, fmt.Sprintf(format, args...))
	}
	if !customID.MatchString(id) || strings.HasPrefix(id, "IAM") {
		return nil, bad("custom.id must be upper-case letters and digits (ORG001) and must not start with IAM, iacscan's own rules")
	}
	text := func(key string) string { v, _ := a.Custom[key].(string); return strings.TrimSpace(v) }
	sevName := text("severity")
	if sevName == "" {
		return nil, bad("custom.severity is missing (critical, high, medium, low or info)")
	}
	sev, err := rules.ParseSeverity(sevName)
	if err != nil {
		return nil, bad("custom.severity: %v", err)
	}
	name := text("name")
	if name == "" {
		name = strings.ReplaceAll(strings.Trim(p.path[len(p.path)-1].Value.String(), `"`), "_", "-")
	}
	if !kebab.MatchString(name) {
		return nil, bad("name %q is not kebab-case (set custom.name)", name)
	}
	switch {
	case strings.TrimSpace(a.Title) == "":
		return nil, bad("title is missing")
	case strings.TrimSpace(a.Description) == "":
		return nil, bad("description is missing")
	case text("remediation") == "":
		return nil, bad("custom.remediation is missing")
	}
	for _, t := range taken {
		if strings.EqualFold(t.ID, id) || strings.EqualFold(t.Name, name) || strings.EqualFold(t.ID, name) || strings.EqualFold(t.Name, id) {
			return nil, bad("ID or name %q is already taken by %s (%s)", name, t.ID, origin(t))
		}
	}
	r := &rules.Rule{
		ID: id, Name: name, Title: strings.TrimSpace(a.Title), Severity: sev,
		Practice:    "Organisation policy",
		Description: a.Description, Remediation: text("remediation"),
		Origin: p.file,
	}
	if pr := text("practice"); pr != "" {
		r.Practice = pr
	}
	for _, rr := range a.RelatedResources {
		r.Links = append(r.Links, rr.Ref.String())
	}
	r.Check = s.check(r, p.path.Append(ast.StringTerm(entrypoint)), p.deny.Location)
	return r, nil
}

func at(loc *ast.Location) string {
	if loc == nil {
		return "?"
	}
	return fmt.Sprintf("%s:%d", loc.File, loc.Row)
}

func origin(r *rules.Rule) string {
	if r.Origin == "" {
		return "built-in"
	}
	return r.Origin
}
