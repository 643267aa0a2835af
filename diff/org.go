package diff

import (
	"slices"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// rcpDenies are the Deny statements of the organization's RCPs that apply
// to a resource of a service in an element's account, as text (see
// denies): a change of an RCP, or of the OU the account is in, is a
// change of the resources it limits.
func rcpDenies(an *iam.Analysis, m *model.Meta, service string) []string {
	l := access.RCPLimit(an, m, service)
	if l == nil {
		return nil
	}
	c := an.Catalog
	svc := c.Match(service + ":*")
	var out []string
	for _, s := range l.Denies {
		if c.Intersect(an.Actions(s), svc).IsEmpty() {
			continue // another service's resources
		}
		if d := denyText(s, "RCP "+s.Where()); !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// compareTexts returns the entries of after not in before, and of before
// not in after.
func compareTexts(before, after []string) (added, removed []string) {
	added, removed = []string{}, []string{}
	for _, d := range after {
		if !slices.Contains(before, d) {
			added = append(added, d)
		}
	}
	for _, d := range before {
		if !slices.Contains(after, d) {
			removed = append(removed, d)
		}
	}
	return added, removed
}

// roleRCPDenies are the RCP Deny statements that apply to a role as the
// resource of sts:AssumeRole.
func roleRCPDenies(an *iam.Analysis, p *iam.Permissions) []string {
	if p == nil || p.Identity == nil || p.Identity.Kind != model.Role {
		return nil
	}
	return rcpDenies(an, &p.Identity.Meta, "sts")
}
