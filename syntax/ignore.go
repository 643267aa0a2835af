package syntax

import (
	"regexp"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// IgnoreDirective is the marker of a suppression comment. The syntax is
// shared by every format:
//
//	iacscan:ignore IAM201[,IAM203 ...] [exp:YYYY-MM-DD] [-- reason [(exp:YYYY-MM-DD)]]
//
// after the format's comment marker (#, //, /*). Rules are IDs or names.
const IgnoreDirective = "iacscan:ignore"

var (
	expiryField  = regexp.MustCompile(`^(?:exp|expires)[:=](\S+)$`)
	reasonExpiry = regexp.MustCompile(`\s*\(?(?:exp|expires)[:=]([^\s)]+)\)?\s*$`)
)

// ParseIgnoreDirective reads what follows "iacscan:ignore" in a comment:
// rules, an optional expiry and the reason. The caller sets Loc (the
// comment) and Scope (the block it covers).
func ParseIgnoreDirective(text string) model.Ignore {
	var ig model.Ignore
	ids, reason, _ := strings.Cut(text, "--")
	if m := reasonExpiry.FindStringSubmatchIndex(reason); m != nil {
		ig.Expires = reason[m[2]:m[3]]
		reason = reason[:m[0]]
	}
	ig.Reason = strings.TrimSpace(reason)
	for _, f := range strings.FieldsFunc(ids, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if m := expiryField.FindStringSubmatch(f); m != nil {
			ig.Expires = m[1]
			continue
		}
		ig.Rules = append(ig.Rules, f)
	}
	return ig
}
