package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Fingerprint identifies a finding across runs and edits: 128 bits of
// SHA-256, in hex, of its lead rule ID, its file, the ID of the element it
// is on and the part of that element it is about (Finding.Element: a
// policy's statement). Lines, columns and the message are left out, so a
// finding keeps its fingerprint when lines above it move or its message
// names one more action; a finding on another statement or resource gets
// another one. The alert Group makes of a module's instances has one
// fingerprint whichever instances there are.
//
// The file is taken as Loc.File is: reports pass findings whose paths are
// relative to the repository root with forward slashes, so the fingerprint
// does not depend on the directory iacscan ran in. Two findings can share a
// fingerprint (one rule, twice on one statement); Occurrences tells them
// apart.
func Fingerprint(f *Finding) string {
	resource := f.Resource
	if len(f.Instances) > 1 {
		// One alert for every instance of a module: named by the
		// module's resource, not by whichever instance sorts first.
		if inst, ok := instanceOf(resource); ok {
			resource = strings.Replace(resource, inst, "module.*", 1)
		}
	}
	parts := []string{"v1", f.Rule.ID, f.Loc.File, resource, f.Element}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// Occurrences numbers findings that share a fingerprint, in report order:
// Next returns "<fingerprint>:1" the first time, ":2" the second. Every
// writer that prints fingerprints numbers the same sorted findings the same
// way, so JSON and SARIF agree.
type Occurrences map[string]int

// Next returns the numbered fingerprint of f.
func (o Occurrences) Next(f *Finding) string {
	fp := Fingerprint(f)
	o[fp]++
	return fmt.Sprintf("%s:%d", fp, o[fp])
}

// locateElements sets Element on findings that are about a policy
// statement: the innermost statement of a policy of the finding's resource
// whose location holds the finding's. A rule reports a statement at the
// statement or at one of its values (the "*" resource), so containment, not
// equality, decides.
func locateElements(inv *model.Inventory, fs []*Finding) {
	// Statements by policy ID and file, in inventory order: many root
	// modules declare the same IDs (aws_iam_policy.p in each), and a
	// finding can only lie in a statement of its own file.
	type key struct{ id, file string }
	type candidate struct {
		pol *model.Policy
		st  *model.Statement
	}
	index := map[key][]candidate{}
	for _, pol := range inv.Policies {
		if pol.Document == nil {
			continue
		}
		for _, st := range pol.Document.Statements {
			if !st.Loc.IsZero() {
				k := key{pol.ID, st.Loc.File}
				index[k] = append(index[k], candidate{pol, st})
			}
		}
	}
	for _, f := range fs {
		if f.Element != "" {
			continue
		}
		var best *model.Statement
		var bestPol *model.Policy
		for _, c := range index[key{f.Resource, f.Loc.File}] {
			pol, st := c.pol, c.st
			if !st.Loc.Contains(f.Loc) {
				continue
			}
			switch {
			case best == nil || best.Loc.Contains(st.Loc) && best.Loc != st.Loc:
				best, bestPol = st, pol
			case best.Loc == st.Loc && !namesStatement(f.Message, best) && namesStatement(f.Message, st):
				// Statements of one Terraform dynamic block share
				// their location; the message names the one meant.
				best, bestPol = st, pol
			}
		}
		if best != nil {
			f.Element = statementElement(bestPol, best)
		}
	}
}

// namesStatement reports whether a message names the statement as
// statementLabel does ("statement 1" and not "statement 12").
func namesStatement(msg string, st *model.Statement) bool {
	label := statementLabel(st)
	for i := strings.Index(msg, label); i >= 0; {
		end := i + len(label)
		if end == len(msg) || msg[end] < '0' || msg[end] > '9' {
			return true
		}
		next := strings.Index(msg[end:], label)
		if next < 0 {
			return false
		}
		i = end + next
	}
	return false
}

// statementElement names a statement for fingerprints: the policy's path
// inside its resource and the statement's Sid, or its position when it has
// no Sid.
func statementElement(pol *model.Policy, st *model.Statement) string {
	name := fmt.Sprintf("#%d", st.Index)
	if st.Sid.IsKnown() && st.Sid.Text != "" {
		name = "sid:" + st.Sid.Text
	}
	return pol.Path + statementPart + name
}

// statementPart separates a policy's path from a statement's name in a
// Finding's Element.
const statementPart = "/statement/"
