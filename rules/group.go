package rules

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Group turns the findings of Run into alerts, one per problem, so that a
// person triages each cause once. Rules stay independent and each reports
// everything it finds; overlap is resolved here, in three steps:
//
//  0. Findings of one rule at one place in a document written apart from
//     its policies (Finding.Document), one through each policy made from
//     it, become one naming those policies: the fix is made once, there.
//  1. Findings of one rule on one policy statement become one, listing
//     what differs ("`s3:*`, `sqs:*`").
//  2. Findings of the rules about what a statement grants (Rule.StatementGrant)
//     on one statement become one: the most severe leads, the others are
//     named in its message and carried in Also, and their own messages
//     and locations are kept as related locations.
//  3. Findings led by a rule marked Rule.OnePerPolicy on several
//     statements of one policy, at one severity, become one: the first
//     statement's message leads and names the others, whose messages are
//     kept as related locations. Statements of different severities stay
//     apart: their fixes differ in urgency.
//  4. The same finding in several instances of one Terraform module (same
//     rule, same line of the module, same message but for the instance's
//     address) becomes one, listing the instances in Instances.
//
// Nothing is dropped: every input finding is in exactly one output finding
// (the lead, or named in Also, Related or Instances). The result is sorted.
func Group(fs []*Finding) []*Finding {
	out := mergeDocument(fs)
	out = mergeSameElement(out)
	out = mergeStatement(out)
	out = mergePolicy(out)
	out = mergeInstances(out)
	SortFindings(out)
	return out
}

// elementKey identifies the statement a finding is about; ok is false for
// findings about a whole resource.
type elementKey struct{ file, resource, element string }

func keyOf(f *Finding) (elementKey, bool) {
	return elementKey{f.Loc.File, f.Resource, f.Element}, f.Element != ""
}

// mergeBy gathers the findings that share a key (those for which key
// reports ok) into the place of the first of them, as merge makes one of
// them; the others keep their places.
func mergeBy[K comparable](fs []*Finding, key func(*Finding) (K, bool), merge func(members []*Finding) *Finding) []*Finding {
	groups := map[K][]*Finding{}
	var out []*Finding
	for _, f := range fs {
		k, ok := key(f)
		if ok && len(groups[k]) > 0 {
			groups[k] = append(groups[k], f)
			continue
		}
		if ok {
			groups[k] = []*Finding{f}
		}
		out = append(out, f)
	}
	for i, f := range out {
		if k, ok := key(f); ok && len(groups[k]) > 1 {
			out[i] = merge(groups[k])
		}
	}
	return out
}

// mergeDocument is step 0.
func mergeDocument(fs []*Finding) []*Finding {
	// Statements of one dynamic block share their location: the
	// statement's name tells them apart.
	type key struct {
		loc       model.Location
		statement string
		rule      string
		severity  Severity
	}
	keyOfPlace := func(f *Finding) (key, bool) {
		_, statement, _ := cutStatement(f.Element)
		return key{f.Loc, statement, f.Rule.ID, f.Rule.Severity}, !f.Document.IsZero()
	}
	return mergeBy(fs, keyOfPlace, func(members []*Finding) *Finding {
		SortFindings(members)
		lead := clone(members[0])
		into := fold(lead)
		var names []string
		for _, m := range members[1:] {
			names = append(names, "`"+m.Resource+"`")
			if sameBut(m, lead) {
				// The policies made from the document are named alike in
				// each finding's related locations.
				into.addRelated(m.Related...)
				lead.MayApply = lead.MayApply || m.MayApply
			} else {
				into.absorb(m, m.Message) // what differs for this policy
			}
		}
		lead.Message += fmt.Sprintf("; the same in %s, made from this document", listMore(names, 8))
		return lead
	})
}

// sameBut reports whether f says what lead says but for the policy it
// names ("inline policy `x`" where lead has "managed policy `y`").
func sameBut(f, lead *Finding) bool {
	_, rest, ok := strings.Cut(f.Message, "`"+f.Resource+"`")
	_, leadRest, leadOK := strings.Cut(lead.Message, "`"+lead.Resource+"`")
	return ok && leadOK && rest == leadRest
}

// mergeSameElement is step 1.
func mergeSameElement(fs []*Finding) []*Finding {
	type key struct {
		elementKey
		rule string
	}
	keyOfRule := func(f *Finding) (key, bool) {
		k, ok := keyOf(f)
		return key{k, f.Rule.ID}, ok
	}
	return mergeBy(fs, keyOfRule, func(members []*Finding) *Finding {
		SortFindings(members)
		lead := clone(members[0])
		msgs := make([]string, len(members))
		for j, m := range members {
			msgs[j] = m.Message
		}
		var parts []string
		lead.Message, parts = mergeMessages(msgs)
		into := fold(lead)
		for j, m := range members[1:] {
			into.absorb(m, parts[j+1]) // the merged message says the rest
		}
		return lead
	})
}

// mergeStatement is step 2.
func mergeStatement(fs []*Finding) []*Finding {
	keyOfStatement := func(f *Finding) (elementKey, bool) {
		k, ok := keyOf(f)
		return k, ok && f.Rule.StatementGrant
	}
	return mergeBy(fs, keyOfStatement, func(members []*Finding) *Finding {
		slices.SortStableFunc(members, bySeverityThenID)
		lead := clone(members[0])
		into := fold(lead)
		var also []string
		for _, m := range members[1:] {
			lead.Also = append(lead.Also, m.Rule)
			into.also[m.Rule] = true
			also = append(also, fmt.Sprintf("%s (%s)", lowerFirst(m.Rule.Title), m.Rule.ID))
			into.absorb(m, m.Rule.ID+": "+m.Message)
		}
		lead.Message += "; also: " + strings.Join(also, ", ")
		lead.Loc = enclosing(members, lead.Loc)
		return lead
	})
}

// policyKey is what findings on statements of one policy share.
type policyKey struct {
	file, resource, policy, rule string
	severity                     Severity
}

// mergePolicy is step 3.
func mergePolicy(fs []*Finding) []*Finding {
	keyOfPolicy := func(f *Finding) (policyKey, bool) {
		policy, _, ok := cutStatement(f.Element)
		return policyKey{f.Loc.File, f.Resource, policy, f.Rule.ID, f.Rule.Severity}, ok && f.Rule.OnePerPolicy
	}
	return mergeBy(fs, keyOfPolicy, func(members []*Finding) *Finding {
		SortFindings(members)
		lead := clone(members[0])
		into := fold(lead)
		policy, first, _ := cutStatement(lead.Element)
		names := []string{first}
		var labels, also []string
		for _, m := range members[1:] {
			_, name, _ := cutStatement(m.Element)
			names = append(names, name)
			label := statementNamed.FindStringSubmatch(m.Message)
			if label != nil {
				labels = append(labels, label[1])
			}
			// Rules folded into this statement's finding (step 2) are
			// named with it, unless the lead's own statement has them.
			for _, r := range m.Also {
				if !into.also[r] && r != lead.Rule {
					also = append(also, fmt.Sprintf("%s (%s)", lowerFirst(r.Title), r.ID)+inLabel(label))
				}
			}
			into.absorb(m, m.Message)
		}
		if len(labels) == len(members)-1 {
			lead.Message += "; likewise in " + actionsAnd.list(labels, 5)
		} else {
			lead.Message += fmt.Sprintf("; likewise in %d more statements", len(members)-1)
		}
		if len(also) > 0 {
			lead.Message += "; also: " + strings.Join(also, ", ")
		}
		// The alert is on the statements together: an ignore on one of
		// them does not hide the others, and its fingerprint changes
		// when a statement joins, so a baseline does not hide that one.
		lead.Loc = span(members)
		lead.Element = policy + statementPart + strings.Join(names, ",")
		return lead
	})
}

// statementNamed finds the statement a message names, as statementLabel
// writes it.
var statementNamed = regexp.MustCompile(" in (statement (?:[0-9]+|`[^`]*`))")

func inLabel(label []string) string {
	if label == nil {
		return ""
	}
	return " in " + label[1]
}

// cutStatement splits a statement's Element into its policy's path and
// the statement's name; ok is false for an Element that is no statement.
func cutStatement(element string) (policy, name string, ok bool) {
	i := strings.LastIndex(element, statementPart)
	if i < 0 {
		return "", "", false
	}
	return element[:i], element[i+len(statementPart):], true
}

// span is the location from the first finding's start to the furthest end
// of those in the same file (members are sorted, the first in that file).
func span(members []*Finding) model.Location {
	loc := members[0].Loc
	for _, m := range members[1:] {
		if m.Loc.File == loc.File && (m.Loc.EndLine > loc.EndLine || m.Loc.EndLine == loc.EndLine && m.Loc.EndColumn > loc.EndColumn) {
			loc.EndLine, loc.EndColumn = m.Loc.EndLine, m.Loc.EndColumn
		}
	}
	return loc
}

// moduleInstance matches the module path of a Terraform address, with
// instance keys: module.a["x"].module.b[0]. (keys may hold dots).
var moduleInstance = regexp.MustCompile(`^(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)+`)

// instanceOf returns the module instance path of an address ("module.a[0]")
// and ok false for an address outside modules.
func instanceOf(resource string) (string, bool) {
	m := moduleInstance.FindString(resource)
	if m == "" {
		return "", false
	}
	return strings.TrimSuffix(m, "."), true
}

// instanceKey is what findings in instances of one module share: the same
// rule(s) at the same place, on the same resource of the module.
type instanceKey struct {
	file      string
	line, col int
	rules     string
	resource  string
	element   string
}

// mergeInstances is step 4.
func mergeInstances(fs []*Finding) []*Finding {
	keyOfInstance := func(f *Finding) (instanceKey, bool) {
		inst, ok := instanceOf(f.Resource)
		if !ok || f.Loc.File == "" {
			return instanceKey{}, false
		}
		return instanceKey{
			file: f.Loc.File, line: f.Loc.StartLine, col: f.Loc.StartColumn,
			rules:    strings.Join(f.RuleIDs(), ","),
			resource: strings.Replace(f.Resource, inst, "module.*", 1),
			element:  f.Element,
		}, true
	}
	return mergeBy(fs, keyOfInstance, func(members []*Finding) *Finding {
		slices.SortStableFunc(members, func(a, b *Finding) int { return cmp.Compare(a.Resource, b.Resource) })
		lead := clone(members[0])
		var names, msgs []string
		named := map[string]bool{}
		same := true // the messages differ only by the instance's address
		for _, m := range members {
			if name := "`" + m.instance() + "`"; !named[name] {
				named[name] = true
				names = append(names, name)
			}
			msgs = append(msgs, m.Message)
			same = same && strings.ReplaceAll(m.Message, m.instance()+".", "") == strings.ReplaceAll(lead.Message, lead.instance()+".", "")
			lead.Instances = append(lead.Instances, m.Resource)
		}
		into := fold(lead)
		for _, m := range members[1:] {
			if same {
				// Where each instance is called from stays.
				into.addRelated(m.Related...)
				lead.MayApply = lead.MayApply || m.MayApply
			} else {
				into.absorb(m, m.Message) // what each instance says
			}
		}
		if !same {
			lead.Message, _ = mergeMessages(msgs)
		}
		lead.Message += fmt.Sprintf(" (in %d instances of the module: %s)", len(members), listMore(names, 5))
		return lead
	})
}

func (f *Finding) instance() string {
	inst, _ := instanceOf(f.Resource)
	return inst
}

// enclosing returns the location of a member that holds every member's
// location (the whole statement, when one rule reports that), else def.
func enclosing(members []*Finding, def model.Location) model.Location {
	for _, m := range members {
		if !slices.ContainsFunc(members, func(o *Finding) bool { return !m.Loc.Contains(o.Loc) }) {
			return m.Loc
		}
	}
	return def
}

func bySeverityThenID(a, b *Finding) int {
	return cmp.Or(cmp.Compare(b.Rule.Severity, a.Rule.Severity), cmp.Compare(a.Rule.ID, b.Rule.ID))
}

// clone copies a finding so that grouping never changes Run's findings.
func clone(f *Finding) *Finding {
	g := *f
	g.Related = slices.Clone(f.Related)
	g.Also = slices.Clone(f.Also)
	g.Instances = slices.Clone(f.Instances)
	return &g
}

// folding is a lead finding others are folded into, with the related
// locations and rules it holds as sets, so that folding n findings costs
// n lookups, not n scans of what the lead has gathered so far.
type folding struct {
	lead    *Finding
	related map[Related]bool
	also    map[*Rule]bool
}

func fold(lead *Finding) *folding {
	into := &folding{lead: lead, related: make(map[Related]bool, len(lead.Related)), also: make(map[*Rule]bool, len(lead.Also))}
	for _, r := range lead.Related {
		into.related[r] = true
	}
	for _, r := range lead.Also {
		into.also[r] = true
	}
	return into
}

// absorb keeps what a folded finding said: its location, with message, and
// its related locations, each once; and what it carried.
func (into *folding) absorb(o *Finding, message string) {
	f := into.lead
	into.addRelated(Related{Loc: o.Loc, Message: message})
	into.addRelated(o.Related...)
	for _, r := range o.Also {
		if !into.also[r] && r != f.Rule {
			into.also[r] = true
			f.Also = append(f.Also, r)
		}
	}
	f.MayApply = f.MayApply || o.MayApply
}

// addRelated adds related locations the finding does not have yet.
func (into *folding) addRelated(rs ...Related) {
	for _, r := range rs {
		if !r.Loc.IsZero() && !into.related[r] {
			into.related[r] = true
			into.lead.Related = append(into.lead.Related, r)
		}
	}
}

// mergeMessages writes messages that differ in one place as one: the words
// they share before and after, and the differing middles listed once each.
// "X allows `s3:*` in statement 1" and "X allows `sqs:*` in statement 1"
// become "X allows `s3:*`, `sqs:*` in statement 1". parts are each
// message's own middle (the whole message when there is no common frame).
func mergeMessages(msgs []string) (merged string, parts []string) {
	words := make([][]string, len(msgs))
	for i, m := range msgs {
		words[i] = strings.Split(m, " ")
	}
	shortest := slices.MinFunc(words, func(a, b []string) int { return cmp.Compare(len(a), len(b)) })
	prefix := 0
	for prefix < len(shortest) && allEqual(words, func(w []string) string { return w[prefix] }) {
		prefix++
	}
	suffix := 0
	for suffix < len(shortest)-prefix && allEqual(words, func(w []string) string { return w[len(w)-1-suffix] }) {
		suffix++
	}
	// A middle must not cut a quoted name or a parenthesis in two.
	middle := func(w []string) string { return strings.Join(w[prefix:len(w)-suffix], " ") }
	unbalanced := func(w []string) bool { return !balanced(middle(w)) }
	for suffix > 0 && slices.ContainsFunc(words, unbalanced) {
		suffix--
	}
	for prefix > 0 && slices.ContainsFunc(words, unbalanced) {
		prefix--
	}
	var middles []string
	listed := map[string]bool{}
	for _, w := range words {
		mid := strings.TrimSuffix(middle(w), ",")
		if mid == "" || len(w)-prefix-suffix > maxMiddle {
			// Messages that differ in more than a name or two (two kinds
			// of redundancy in one statement): each is kept whole, the
			// words they start with said once.
			return joinMessages(words, prefix), msgs
		}
		parts = append(parts, mid)
		if !listed[mid] {
			listed[mid] = true
			middles = append(middles, mid)
		}
	}
	frame := append(slices.Clone(shortest[:prefix]), listMore(middles, 8))
	frame = append(frame, shortest[len(shortest)-suffix:]...)
	return strings.Join(frame, " "), parts
}

// maxMiddle is the most words a merged message lists per finding: more, and
// the messages say different things, which a list would garble.
const maxMiddle = 6

// joinMessages joins messages with "; ", each after the first without the
// prefix words they all share.
func joinMessages(words [][]string, prefix int) string {
	parts := []string{strings.Join(words[0], " ")}
	seen := map[string]bool{parts[0]: true}
	for _, w := range words[1:] {
		if p := strings.Join(w[prefix:], " "); !seen[p] {
			seen[p] = true
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "; ")
}

// balanced reports whether s closes every parenthesis and backquote it opens.
func balanced(s string) bool {
	return strings.Count(s, "(") == strings.Count(s, ")") && strings.Count(s, "`")%2 == 0
}

func allEqual(words [][]string, at func([]string) string) bool {
	first := at(words[0])
	for _, w := range words[1:] {
		if at(w) != first {
			return false
		}
	}
	return true
}

// listMore joins items with ", ", at most max of them and "and N more".
func listMore(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:max], ", ") + fmt.Sprintf(" and %d more", len(items)-max)
}

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "iam:") {
		return s
	}
	// Keep acronyms ("MFA condition…") as written.
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
