// Package twin writes what an identity-policy document grants as one
// canonical key: the same effects, actions, resources and conditions give
// the same key, whatever the order of statements and values, the Sids and
// the case of action names and condition keys. Package iam reads it from
// the model to find the AWS managed policy a customer policy copies; the
// data generator (iam/internal/gen) reads it from the managed policies'
// JSON, and embeds each one's Hash, so that the lookup decodes only the
// managed documents whose hash matches.
package twin

import (
	"encoding/json"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Key is the key of a document read into the model. Only fully known
// documents without principals have one.
func Key(doc *model.Document) (string, bool) {
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

// KeyJSON is the key of a document's JSON text, as AWS stores a managed
// policy's.
func KeyJSON(text string) (string, bool) {
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

// Hash is the 64-bit FNV-1a hash of a key. Equal keys have equal hashes;
// a lookup by hash still compares the keys.
func Hash(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()
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
