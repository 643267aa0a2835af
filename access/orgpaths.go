package access

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// orgPath is what the scan knows of an account's path in its
// organization (aws:PrincipalOrgPaths, aws:ResourceOrgPaths): the path
// itself when complete, else the known start of it (the organization
// ID, then the root and OUs whose IDs are known, each ended by "/"),
// which the unknown rest of the path follows. Zero: nothing is known.
type orgPath struct {
	start    string
	complete bool
}

func orgPathOf(inv *model.Inventory, account string) orgPath {
	start, complete := inv.OrgEntityPath(account)
	return orgPath{start: start, complete: complete}
}

// matches says whether the path matches a condition value: by glob
// (StringLike) or exactly (StringEquals). A complete path is compared; of
// an incomplete one, only what its known start already decides is: a
// value it contradicts, or a glob it satisfies whatever follows.
func (p orgPath) matches(want string, like bool) tri {
	if p.complete {
		if like && glob(want, p.start, false) || !like && want == p.start {
			return yes
		}
		return no
	}
	literal := want
	if like {
		if i := strings.IndexAny(want, "*?"); i >= 0 {
			literal = want[:i]
		}
	}
	switch {
	case !strings.HasPrefix(literal, p.start) && !strings.HasPrefix(p.start, literal):
		return no // they differ within the known start
	case literal == want && len(want) <= len(p.start):
		return no // the path is longer than the value
	case like && len(literal) <= len(p.start) && want[len(literal):] == "*":
		return yes // the known start matches; "*" matches the rest
	}
	return maybe
}

// condition evaluates a string condition on an incompletely known path,
// as evalCondition would on its one value: holds when the path matches
// one of the values (or, negated, none of them).
func (p orgPath) condition(name string, key string, want []string) holds {
	like := strings.Contains(name, "Like")
	_, negated, ok := comparator(name)
	if !ok || !strings.HasPrefix(name, "String") || strings.Contains(name, "IgnoreCase") {
		return holds{v: maybe, needs: []string{key}}
	}
	match := no
	for _, w := range want {
		switch p.matches(w, like) {
		case yes:
			match = yes
		case maybe:
			if match == no {
				match = maybe
			}
		}
	}
	if match == maybe {
		return holds{v: maybe, needs: []string{key}}
	}
	if (match == yes) != negated {
		return holdsYes
	}
	return holds{v: no}
}
