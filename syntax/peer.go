package syntax

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/iacscan/iacscan/model"
)

// Suppression comments of other scanners, which iacscan honours where their
// check means the same as one of its rules (suppress maps the checks):
//
//	checkov:skip=CKV_AWS_62[,CKV_AWS_63]:reason
//	tfsec:ignore:aws-iam-no-policy-wildcards[:exp:2026-12-31]
//	trivy:ignore:AVD-AWS-0057 (or the tfsec name)
//	kics-scan ignore-line | ignore-block | disable=QUERY-ID[,QUERY-ID]
//
// KICS's line and block comments name no check: they stand for every check.
var (
	checkovSkip = regexp.MustCompile(`checkov:skip=([A-Za-z0-9_,\s]+?)(?::(.*))?$`)
	tfsecIgnore = regexp.MustCompile(`(tfsec|trivy):ignore:([A-Za-z0-9-]+)((?::exp:\d{4}-\d{2}-\d{2})?)`)
	kicsScan    = regexp.MustCompile(`kics-scan\s+(ignore-line|ignore-block|disable=([0-9a-fA-F,-]+))`)
)

// PeerCheckAll is the check of a KICS comment that names none.
const PeerCheckAll = "*"

// PeerMarkers are strings one of which a comment holding a peer's directive
// contains, for a cheap test before lexing a file.
var PeerMarkers = []string{"checkov:skip", "tfsec:ignore", "trivy:ignore", "kics-scan"}

// PeerDirective says what kind of range a peer's comment covers.
type PeerDirective int

const (
	PeerBlock PeerDirective = iota // the block the comment is on, above or in
	PeerLine                       // the next line of code (kics-scan ignore-line)
	PeerFile                       // the whole file (kics-scan disable=)
)

// ParsePeerDirectives reads the peers' directives in one comment's text:
// tfsec allows several on a line. The caller sets Loc and Scope.
func ParsePeerDirectives(text string) ([]model.Ignore, PeerDirective) {
	var out []model.Ignore
	kind := PeerBlock
	if m := checkovSkip.FindStringSubmatch(text); m != nil {
		ig := model.Ignore{Origin: "checkov", Reason: strings.TrimSpace(m[2])}
		for _, id := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
			ig.Rules = append(ig.Rules, strings.ToUpper(id))
		}
		// "checkov:skip= " names no check: it skips nothing, as in checkov.
		if len(ig.Rules) > 0 {
			out = append(out, ig)
		}
	}
	for _, m := range tfsecIgnore.FindAllStringSubmatch(text, -1) {
		ig := model.Ignore{Origin: m[1], Rules: []string{strings.ToLower(m[2])}, Reason: m[0]}
		if exp, ok := strings.CutPrefix(m[3], ":exp:"); ok {
			ig.Expires = exp
		}
		out = append(out, ig)
	}
	if m := kicsScan.FindStringSubmatch(text); m != nil {
		ig := model.Ignore{Origin: "kics", Reason: "kics-scan " + m[1], Rules: []string{PeerCheckAll}}
		switch {
		case m[1] == "ignore-line":
			kind = PeerLine
		case m[2] != "":
			ig.Rules = strings.Split(strings.ToLower(m[2]), ",")
			kind = PeerFile
		}
		out = append(out, ig)
	}
	return out, kind
}

// PeerScope is the range a peer's directive of this kind covers, given the
// block scope the format found, the comment and the next line of code.
func PeerScope(kind PeerDirective, block, comment model.Location, nextLine int) (model.Location, bool) {
	switch kind {
	case PeerLine:
		if nextLine == 0 {
			return comment, true
		}
		return model.Location{File: comment.File, StartLine: nextLine, StartColumn: 1, EndLine: nextLine}, true
	case PeerFile:
		return model.Location{File: comment.File, StartLine: 1, StartColumn: 1, EndLine: 1 << 30}, false
	}
	return block, false
}
