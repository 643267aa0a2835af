package access

import (
	"encoding/base64"
	"math/big"
	"net/netip"
	"strings"
	"time"

	"github.com/iacscan/iacscan/model"
)

// holds is what a Condition element (or a resource pattern with policy
// variables) says about a request.
type holds struct {
	v tri
	// needs are the context keys that would decide a maybe.
	needs []string
	// unknown names what is known only after apply, when that decides.
	unknown string
}

var holdsYes = holds{v: yes}

// and combines two parts that must both hold.
func (h holds) and(o holds) holds {
	switch {
	case h.v == no || o.v == no:
		return holds{v: no}
	case h.v == yes:
		return o
	case o.v == yes:
		return h
	}
	out := holds{v: maybe, needs: append(append([]string(nil), h.needs...), o.needs...), unknown: h.unknown}
	if out.unknown == "" {
		out.unknown = o.unknown
	}
	return out
}

// evalConditions evaluates a statement's Condition element: every
// operator/key pair must hold. vars substitutes policy variables in the
// condition values.
func evalConditions(cs model.Conditions, r *Request, vars variables) holds {
	if !cs.Set {
		return holdsYes
	}
	if cs.Unknown {
		return holds{v: maybe, unknown: "a condition known only after apply"}
	}
	out := holdsYes
	for _, c := range cs.Items {
		out = out.and(evalCondition(c, r, vars))
		if out.v == no {
			return out
		}
	}
	return out
}

func evalCondition(c model.Condition, r *Request, vars variables) holds {
	if !c.Operator.IsKnown() || !c.Key.IsKnown() || !c.Values.AllKnown() {
		return holds{v: maybe, unknown: "condition " + text(c.Operator) + " " + text(c.Key) + " known only after apply"}
	}
	op := model.ParseOperator(c.Operator.Text)
	key := c.Key.Text
	values, present, known := r.Context.lookup(key)
	if !known {
		if v, ok := vars.fixed(key); ok {
			values, present, known = []string{v}, true, true
		}
	}
	partial, isPartial := vars.partialPath(key)
	if !known && !isPartial {
		return holds{v: maybe, needs: []string{key}}
	}
	var want []string
	for _, v := range c.Values.Items {
		s, h := vars.substitute(v.Text, r)
		if h.v != yes {
			return h
		}
		want = append(want, s)
	}
	if !known {
		return partial.condition(op.Name, key, want)
	}
	if op.Name == "Null" {
		// Null: true means the key is absent, false that it is present.
		for _, w := range want {
			if strings.EqualFold(w, "true") != present {
				return holds{v: yes}
			}
		}
		return holds{v: no}
	}
	cmp, negated, ok := comparator(op.Name)
	if !ok {
		return holds{v: maybe, unknown: "operator " + c.Operator.Text + " is not one IAM evaluates"}
	}
	if !present || len(values) == 0 {
		switch {
		case op.IfExists:
			return holdsYes
		case op.Qualifier == "ForAllValues":
			return holdsYes // vacuously: no value fails
		case op.Qualifier == "ForAnyValue":
			return holds{v: no}
		case negated:
			return holdsYes // a negated operator holds when the key is missing
		}
		return holds{v: no}
	}
	// matches reports whether one request value matches one of the
	// condition's values, before negation.
	matches := func(value string) bool {
		for _, w := range want {
			if cmp(value, w) {
				return true
			}
		}
		return false
	}
	switch op.Qualifier {
	case "ForAllValues":
		for _, v := range values {
			if matches(v) == negated {
				return holds{v: no}
			}
		}
		return holdsYes
	case "ForAnyValue":
		for _, v := range values {
			if matches(v) != negated {
				return holdsYes
			}
		}
		return holds{v: no}
	}
	// A single-valued key: it matches one of the values (or, negated,
	// none of them).
	for _, v := range values {
		if matches(v) == negated {
			return holds{v: no}
		}
	}
	return holdsYes
}

// comparator returns how an operator compares a request value with a
// condition value, and whether the operator negates it.
func comparator(name string) (cmp func(value, want string) bool, negated, ok bool) {
	switch name {
	case "StringEquals", "StringNotEquals":
		cmp = func(v, w string) bool { return v == w }
	case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
		cmp = strings.EqualFold
	case "StringLike", "StringNotLike":
		cmp = func(v, w string) bool { return glob(w, v, false) }
	case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike":
		cmp = arnLike // ArnEquals matches wildcards as ArnLike does
	case "Bool":
		cmp = strings.EqualFold
	case "BinaryEquals":
		cmp = binaryEquals
	case "IpAddress", "NotIpAddress":
		cmp = inRange
	case "NumericEquals", "NumericNotEquals":
		cmp = numeric(func(c int) bool { return c == 0 })
	case "NumericLessThan":
		cmp = numeric(func(c int) bool { return c < 0 })
	case "NumericLessThanEquals":
		cmp = numeric(func(c int) bool { return c <= 0 })
	case "NumericGreaterThan":
		cmp = numeric(func(c int) bool { return c > 0 })
	case "NumericGreaterThanEquals":
		cmp = numeric(func(c int) bool { return c >= 0 })
	case "DateEquals", "DateNotEquals":
		cmp = date(func(c int) bool { return c == 0 })
	case "DateLessThan":
		cmp = date(func(c int) bool { return c < 0 })
	case "DateLessThanEquals":
		cmp = date(func(c int) bool { return c <= 0 })
	case "DateGreaterThan":
		cmp = date(func(c int) bool { return c > 0 })
	case "DateGreaterThanEquals":
		cmp = date(func(c int) bool { return c >= 0 })
	default:
		return nil, false, false
	}
	negated = strings.Contains(name, "Not")
	return cmp, negated, true
}

// glob matches IAM's '*' and '?' wildcards, with or without case.
func glob(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case star >= 0:
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// arnLike compares ARNs field by field (a wildcard does not cross the
// colons of the first five), case-sensitively.
func arnLike(value, want string) bool {
	v, w := strings.SplitN(value, ":", 6), strings.SplitN(want, ":", 6)
	if len(w) != 6 {
		return glob(want, value, false)
	}
	if len(v) != 6 {
		return false
	}
	for i := range 6 {
		if !glob(w[i], v[i], false) {
			return false
		}
	}
	return true
}

func binaryEquals(value, want string) bool {
	a, err1 := base64.StdEncoding.DecodeString(value)
	b, err2 := base64.StdEncoding.DecodeString(want)
	return err1 == nil && err2 == nil && string(a) == string(b)
}

// inRange reports whether an address lies in a CIDR block (or is the
// address given).
func inRange(value, want string) bool {
	addr, err := netip.ParseAddr(strings.TrimSpace(value))
	if err != nil {
		return false
	}
	if !strings.Contains(want, "/") {
		w, err := netip.ParseAddr(want)
		return err == nil && w == addr
	}
	prefix, err := netip.ParsePrefix(want)
	return err == nil && prefix.Contains(addr)
}

func numeric(ok func(int) bool) func(value, want string) bool {
	return func(value, want string) bool {
		a, okA := new(big.Rat).SetString(strings.TrimSpace(value))
		b, okB := new(big.Rat).SetString(strings.TrimSpace(want))
		return okA && okB && ok(a.Cmp(b))
	}
}

func date(ok func(int) bool) func(value, want string) bool {
	return func(value, want string) bool {
		a, okA := parseDate(value)
		b, okB := parseDate(want)
		return okA && okB && ok(a.Compare(b))
	}
}

// parseDate reads the date forms IAM accepts: ISO 8601 (with or without
// time) or seconds since the epoch.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if n, ok := new(big.Int).SetString(s, 10); ok && n.IsInt64() {
		return time.Unix(n.Int64(), 0), true
	}
	return time.Time{}, false
}
