package iam

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/iacscan/iacscan/model"
)

// ManagedTwin returns the name (with path) of the AWS managed policy whose
// document grants what doc grants, statement for statement: the same
// effects, actions, resources and conditions, whatever the order, the
// Sids and the case of action names. A customer policy that copies one is
// better replaced by the managed policy, which AWS keeps up to date. Only
// fully known identity-policy documents (no principals) have a twin.
func (c *Catalog) ManagedTwin(doc *model.Document) (string, bool) {
	key, ok := twinKey(doc)
	if !ok || c.managed == nil {
		return "", false
	}
	set, err := c.managed()
	if err != nil {
		return "", false
	}
	// Only documents that name the customer document's longest action can
	// say the same: the index names them, and each one's key is worked out
	// once.
	idx := set.twinIndex()
	tokens := colonTexts(doc)
	for _, i := range idx.byAction[strings.ToLower(longestAction(doc))] {
		if n := idx.tokens[i]; n >= 0 && n != tokens {
			continue // other strings: not the same grants
		}
		if k, ok := idx.keys[i](); ok && k == key {
			return set.names[i], true
		}
	}
	return "", false
}

// twinIndex finds the AWS managed policies that may repeat a document.
type twinIndex struct {
	// byAction maps each quoted string with a colon in a managed document
	// (its actions, and some ARNs and keys), in lower case, to the
	// documents that hold it, by position in names.
	byAction map[string][]int
	// keys are the documents' twin keys, each worked out on first use.
	keys []func() (string, bool)
	// tokens is, for each document, the number of its distinct quoted
	// strings with a colon, in lower case: those of a twin are its
	// actions, resources, condition operators, keys and values with a
	// colon, the strings colonTexts counts. -1 where the count may say
	// otherwise (escapes, a Sid with a colon): such a document is always
	// a candidate.
	tokens []int
}

// newTwinIndex reads the quoted strings of every managed document: a scan
// of their text, without decoding JSON.
func newTwinIndex(m *managedSet) *twinIndex {
	idx := &twinIndex{
		byAction: make(map[string][]int, 1<<14),
		keys:     make([]func() (string, bool), len(m.names)),
		tokens:   make([]int, len(m.names)),
	}
	for i, name := range m.names {
		doc := m.byName[name].doc
		idx.keys[i] = sync.OnceValues(func() (string, bool) { return twinKeyJSON(doc) })
		if strings.Contains(doc, `\`) {
			idx.tokens[i] = -1
		}
		previous := ""
		for rest := doc; ; {
			_, after, ok := strings.Cut(rest, `"`)
			if !ok {
				break
			}
			token, tail, ok := strings.Cut(after, `"`)
			if !ok {
				break
			}
			rest = tail
			if previous == "Sid" && strings.Contains(token, ":") {
				idx.tokens[i] = -1
			}
			previous = token
			if !strings.Contains(token, ":") {
				continue
			}
			lower := strings.ToLower(token)
			if docs := idx.byAction[lower]; len(docs) == 0 || docs[len(docs)-1] != i {
				idx.byAction[lower] = append(docs, i)
				if idx.tokens[i] >= 0 {
					idx.tokens[i]++
				}
			}
		}
	}
	return idx
}

// colonTexts counts the distinct texts with a colon of a document's
// actions, resources and conditions, in lower case: the quoted strings
// with a colon that its twin's JSON holds (see twinIndex.tokens).
func colonTexts(doc *model.Document) int {
	seen := map[string]bool{}
	add := func(text string) {
		if strings.Contains(text, ":") {
			seen[strings.ToLower(text)] = true
		}
	}
	for _, st := range doc.Statements {
		for _, vs := range []model.Values{st.Action, st.NotAction, st.Resource, st.NotResource} {
			for _, v := range vs.Items {
				add(v.Text)
			}
		}
		for _, c := range st.Condition.Items {
			add(c.Operator.Text)
			add(c.Key.Text)
			for _, v := range c.Values.Items {
				add(v.Text)
			}
		}
	}
	return len(seen)
}

// longestAction is the longest Action entry of the document, "" if none.
func longestAction(doc *model.Document) string {
	longest := ""
	for _, st := range doc.Statements {
		for _, a := range st.Action.Items {
			if len(a.Text) > len(longest) {
				longest = a.Text
			}
		}
	}
	return longest
}

// twinKeyJSON is twinKey of a document's JSON text.
func twinKeyJSON(text string) (string, bool) {
	var doc struct{ Statement json.RawMessage }
	if json.Unmarshal([]byte(text), &doc) != nil {
		return "", false
	}
	type statement struct {
		Effect                                   string
		Principal, NotPrincipal                  json.RawMessage
		Action, NotAction, Resource, NotResource stringList
		Condition                                map[string]map[string]stringList
	}
	var stmts []statement
	if json.Unmarshal(doc.Statement, &stmts) != nil {
		var one statement
		if json.Unmarshal(doc.Statement, &one) != nil {
			return "", false
		}
		stmts = []statement{one}
	}
	var keys []string
	for _, st := range stmts {
		if st.Principal != nil || st.NotPrincipal != nil {
			return "", false
		}
		var conds []string
		for op, byKey := range st.Condition {
			for k, vals := range byKey {
				conds = append(conds, op+"|"+strings.ToLower(k)+"|"+set(vals, same))
			}
		}
		keys = append(keys, statementKey(st.Effect, set(st.Action, strings.ToLower), set(st.NotAction, strings.ToLower),
			set(st.Resource, same), set(st.NotResource, same), conds))
	}
	return documentKey(keys), len(keys) > 0
}

// stringList is a policy element that is one string or a list of them.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*l = stringList{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

func same(s string) string { return s }

// set is the sorted, deduplicated set of values, each passed through norm.
func set(vals []string, norm func(string) string) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = norm(v)
	}
	slices.Sort(out)
	return strings.Join(slices.Compact(out), ",")
}

func statementKey(effect, action, notAction, resource, notResource string, conds []string) string {
	slices.Sort(conds)
	return strings.Join([]string{effect, action, notAction, resource, notResource, strings.Join(conds, ";")}, "\x1f")
}

func documentKey(stmts []string) string {
	slices.Sort(stmts)
	return strings.Join(slices.Compact(stmts), "\x1e")
}

// twinKey writes what a document grants in one canonical string.
func twinKey(doc *model.Document) (string, bool) {
	if doc == nil || doc.Unknown || doc.StatementsUnknown || len(doc.Statements) == 0 {
		return "", false
	}
	var stmts []string
	for _, st := range doc.Statements {
		if st.Principal != nil || st.NotPrincipal != nil || !st.Effect.IsKnown() || st.Condition.Unknown {
			return "", false
		}
		var lists [4][]string
		for i, vs := range []model.Values{st.Action, st.NotAction, st.Resource, st.NotResource} {
			texts, ok := knownTexts(vs)
			if !ok {
				return "", false
			}
			lists[i] = texts
		}
		var conds []string
		for _, c := range st.Condition.Items {
			vals, ok := knownTexts(c.Values)
			if !ok || !c.Key.IsKnown() || !c.Operator.IsKnown() {
				return "", false
			}
			conds = append(conds, c.Operator.Text+"|"+strings.ToLower(c.Key.Text)+"|"+set(vals, same))
		}
		stmts = append(stmts, statementKey(st.Effect.Text, set(lists[0], strings.ToLower), set(lists[1], strings.ToLower),
			set(lists[2], same), set(lists[3], same), conds))
	}
	return documentKey(stmts), true
}

// knownTexts is the texts of a fully known list.
func knownTexts(vs model.Values) ([]string, bool) {
	if vs.Unknown {
		return nil, false
	}
	out := make([]string, 0, len(vs.Items))
	for _, v := range vs.Items {
		if !v.IsKnown() {
			return nil, false
		}
		out = append(out, v.Text)
	}
	return out, true
}
