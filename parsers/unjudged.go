package parsers

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// unjudged warns about RAM shares and OpenSearch Serverless policies whose
// sharing the rules cannot judge because a value that decides it is not
// known: an unknown value is no finding, but it is not silence either. It
// reads the linked inventory (an association's share may be in another
// file), so it runs after Link. Accounts in trusted are the user's own
// (trusted_accounts), as for the rules.
func unjudged(inv *model.Inventory, trusted []string) []error {
	var warnings []error
	warn := func(loc model.Location, format string, args ...any) {
		e := model.Errorf(loc, format, args...)
		e.Warning = true
		warnings = append(warnings, e)
	}
	may := func(s *model.Share, v model.Value) bool { return mayBeOutside(inv, trusted, s, v) }
	for _, s := range inv.Shares {
		if s.IsAssociation() {
			if inv.ShareOf(s) == nil {
				if p := principalsWhere(s.Principals, func(v model.Value) bool { return may(s, v) }); len(p) > 0 {
					warn(cmpLoc(s.Of.Value.Loc, s.Loc), "`%s` adds %s to RAM share `%s`, which is not in the scan: whether the share "+
						"allows external principals is not known, so whether it shares outside the organization is not analysed",
						s.ID, principalsText(p), s.Of.String())
				}
			}
			continue
		}
		parts := append([]*model.Share{s}, inv.ShareAssociations(s)...)
		if !s.External.IsKnown() {
			var p []model.Value
			for _, part := range parts {
				p = append(p, principalsWhere(part.Principals, func(v model.Value) bool { return may(part, v) })...)
			}
			if len(p) > 0 {
				warn(cmpLoc(s.External.Loc, s.Loc), "RAM share `%s` shares with %s, and whether it allows external principals "+
					"is not known before deploy (%s): whether it shares outside the organization is not analysed",
					s.ID, principalsText(p), expression(s.External))
			}
			continue
		}
		if !strings.EqualFold(s.External.Text, "true") {
			continue
		}
		for _, part := range parts {
			for _, v := range principalsWhere(part.Principals, func(v model.Value) bool { return !v.IsKnown() && may(part, v) }) {
				label := "a principal of RAM share `" + s.ID + "`"
				if part != s {
					label = "the principal of `" + part.ID + "` (RAM share `" + s.ID + "`)"
				}
				warn(cmpLoc(v.Loc, part.Loc), "%s is not known before deploy (%s), and the share allows "+
					"external principals: whether it is outside the organization is not analysed", label, expression(v))
			}
		}
	}
	for _, p := range inv.CollectionPolicies {
		if p.Unknown == "" {
			continue
		}
		kind := "data access"
		if p.Network {
			kind = "network"
		}
		warn(p.At("Policy"), "OpenSearch Serverless %s policy `%s` is not known before deploy (%s): what it grants is not analysed",
			kind, p.ID, p.Unknown)
	}
	return warnings
}

// principalsWhere returns the principals of a list that keep: its items,
// and the list itself (as one value) when it is unknown as a whole.
func principalsWhere(vs model.Values, keep func(model.Value) bool) []model.Value {
	var out []model.Value
	for _, v := range vs.Items {
		if keep(v) {
			out = append(out, v)
		}
	}
	if vs.Unknown {
		v := model.Unresolved(vs.Expr, vs.Loc)
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// principalsText names principals for a message: known ones quoted,
// unknown ones by their expression.
func principalsText(vs []model.Value) string {
	var names []string
	for _, v := range vs {
		name := fmt.Sprintf("%q", v.Text)
		if !v.IsKnown() {
			name = "a principal not known before deploy (" + expression(v) + ")"
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// accountPrincipal matches the principals RAM shares with that belong to
// one account: an account ID, or an IAM or STS ARN in it.
var accountPrincipal = regexp.MustCompile(`^(\d{12}|arn:[a-z-]+:(iam|sts)::(\d{12}):.*)$`)

// mayBeOutside reports whether a principal of share element s could be an
// account outside the organization: unknown (unless it is built from the
// deployer's account or names an organization, OU or account element of
// the scan), or an account, or IAM principal in one, that is not the
// element's, the deployer's, a trusted one, nor one of the organization's.
func mayBeOutside(inv *model.Inventory, trusted []string, s *model.Share, v model.Value) bool {
	if !v.IsKnown() {
		return !ownOrOrg(inv, v)
	}
	m := accountPrincipal.FindStringSubmatch(v.Text)
	if m == nil {
		return false // an organization or OU ARN, a service principal
	}
	account := m[1]
	if m[3] != "" {
		account = m[3]
	}
	if slices.Contains(trusted, account) || inv.IsOwnAccount(account) || inv.OrgAccountNode(account) != nil {
		return false
	}
	b := inv.ElementAccount(&s.Meta)
	return b == nil || !b.Account.Is(account)
}

// ownOrOrg reports whether an unknown principal is built from the
// deployer's own account ID or refers to an organization element of the
// scan (aws_organizations_organizational_unit.x.arn, !GetAtt Unit.Arn):
// RAM shares with those inside the organization.
func ownOrOrg(inv *model.Inventory, v model.Value) bool {
	for _, s := range []string{v.Text, v.Expr} {
		if strings.Contains(s, "aws_caller_identity") || strings.Contains(s, "AWS::AccountId") {
			return true
		}
		for _, n := range inv.OrgNodes {
			if n.ID != "" && strings.Contains(s, n.ID+".") {
				return true
			}
		}
	}
	return false
}

// expression is how a message names an unknown value: as written.
func expression(v model.Value) string {
	if v.Expr != "" {
		return v.Expr
	}
	return v.String()
}

// cmpLoc returns loc, or else when loc is not known.
func cmpLoc(loc, otherwise model.Location) model.Location {
	if loc.IsZero() {
		return otherwise
	}
	return loc
}
