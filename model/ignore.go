package model

import (
	"regexp"
	"strings"
)

// ignoreDirective is the comment syntax shared by every format:
//
//	iacscan:ignore IAM201[,IAM203 ...] [-- reason] [exp:YYYY-MM-DD]
//
// after the format's comment marker (#, //, /*). Rules are IDs or names.
var ignoreDirective = regexp.MustCompile(`iacscan:ignore\s+([A-Za-z0-9_,\s-]+?)\s*(?:--\s*(.*?))?\s*$`)

var ignoreExpiry = regexp.MustCompile(`\s*\(?exp:(\S+?)\)?\s*$`)

// ParseIgnoreComment reads an ignore directive from the text of a comment.
// It returns false when the comment is not a directive. The caller sets
// Loc (the comment) and Scope (the block it covers).
func ParseIgnoreComment(comment string) (Ignore, bool) {
	text := strings.TrimSpace(comment)
	for _, marker := range []string{"#", "//", "/*"} {
		text = strings.TrimPrefix(text, marker)
	}
	text = strings.TrimSpace(strings.TrimSuffix(text, "*/"))
	if !strings.HasPrefix(text, "iacscan:ignore") {
		return Ignore{}, false
	}
	var ig Ignore
	if m := ignoreExpiry.FindStringSubmatchIndex(text); m != nil {
		ig.Expires = text[m[2]:m[3]]
		text = text[:m[0]]
	}
	m := ignoreDirective.FindStringSubmatch(text)
	if m == nil {
		return Ignore{}, false
	}
	ig.Rules = strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	ig.Reason = strings.TrimSpace(m[2])
	return ig, len(ig.Rules) > 0
}
