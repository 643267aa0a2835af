package iam

import (
	"iter"
	"math/bits"
	"strings"
)

// ActionSet is a set of catalog actions. Small sets (one action named
// outright, the usual case) are a short sorted list; large ones (wildcards)
// a bitmap over the catalog. The zero value is empty. Sets are values:
// operations return new sets and never change their operands.
type ActionSet struct {
	ids   []int32  // sorted, when small
	words []uint64 // bitmap, when large (ids is nil then)
}

const smallSet = 64

// Has reports whether the set holds a.
func (s ActionSet) Has(a *Action) bool {
	if a == nil {
		return false
	}
	return s.has(a.index)
}

func (s ActionSet) has(i int) bool {
	if s.words != nil {
		return i/64 < len(s.words) && s.words[i/64]&(1<<(i%64)) != 0
	}
	for _, id := range s.ids { // sorted (setBuilder.set)
		if int(id) >= i {
			return int(id) == i
		}
	}
	return false
}

// Len is the number of actions in the set.
func (s ActionSet) Len() int {
	if s.words == nil {
		return len(s.ids)
	}
	n := 0
	for _, w := range s.words {
		n += bits.OnesCount64(w)
	}
	return n
}

// IsEmpty reports whether the set holds no action.
func (s ActionSet) IsEmpty() bool {
	if s.words == nil {
		return len(s.ids) == 0
	}
	for _, w := range s.words {
		if w != 0 {
			return false
		}
	}
	return true
}

// indexes yields the positions of the set's actions, in catalog order.
func (s ActionSet) indexes() iter.Seq[int] {
	return func(yield func(int) bool) {
		if s.words == nil {
			for _, id := range s.ids {
				if !yield(int(id)) {
					return
				}
			}
			return
		}
		for wi, w := range s.words {
			for w != 0 {
				b := bits.TrailingZeros64(w)
				if !yield(wi*64 + b) {
					return
				}
				w &^= 1 << b
			}
		}
	}
}

// Actions yields the set's actions in catalog order (by service, then name).
func (c *Catalog) Actions(s ActionSet) iter.Seq[*Action] {
	return func(yield func(*Action) bool) {
		var svc *Service // the decoded service of the last index
		for i := range s.indexes() {
			if i >= len(c.actions) {
				continue
			}
			if svc == nil || i < svc.base || i >= svc.base+len(svc.slots) {
				svc = c.serviceAt(i)
			}
			if !yield(c.actions[i]) {
				return
			}
		}
	}
}

// HoldsService reports whether the set holds an action of the service with
// the prefix (case-insensitive), without decoding the service: rules that
// look up actions of many services ask first whether a principal is
// allowed anything of one.
func (c *Catalog) HoldsService(s ActionSet, prefix string) bool {
	svc := c.byPrefix[strings.ToLower(prefix)]
	if svc == nil {
		return false
	}
	lo, hi := svc.base, svc.base+len(svc.slots)
	if s.words == nil {
		for _, id := range s.ids {
			if lo <= int(id) && int(id) < hi {
				return true
			}
		}
		return false
	}
	for i := lo; i < hi; {
		w := i / 64
		if w >= len(s.words) {
			return false
		}
		// The bits of word w from i to hi.
		bits := s.words[w] >> (i % 64)
		if n := hi - i; n < 64-i%64 {
			bits &= 1<<n - 1
		}
		if bits != 0 {
			return true
		}
		i = (w + 1) * 64
	}
	return false
}

// setBuilder accumulates a set.
type setBuilder struct {
	n     int // catalog size
	ids   []int32
	words []uint64
}

func (c *Catalog) builder() *setBuilder { return &setBuilder{n: len(c.actions)} }

func (b *setBuilder) add(i int) {
	if b.words == nil {
		if len(b.ids) < smallSet {
			b.ids = append(b.ids, int32(i))
			return
		}
		b.words = make([]uint64, (b.n+63)/64)
		for _, id := range b.ids {
			b.words[id/64] |= 1 << (id % 64)
		}
		b.ids = nil
	}
	b.words[i/64] |= 1 << (i % 64)
}

func (b *setBuilder) addSet(s ActionSet) {
	if s.words != nil && b.words == nil {
		b.words = make([]uint64, (b.n+63)/64)
		for _, id := range b.ids {
			b.words[id/64] |= 1 << (id % 64)
		}
		b.ids = nil
	}
	if s.words != nil {
		for i, w := range s.words {
			b.words[i] |= w
		}
		return
	}
	for _, id := range s.ids {
		b.add(int(id))
	}
}

func (b *setBuilder) set() ActionSet {
	if b.words != nil {
		return ActionSet{words: b.words}
	}
	ids := sortedUnique(b.ids)
	return ActionSet{ids: ids}
}

func sortedUnique(ids []int32) []int32 {
	if len(ids) < 2 {
		return ids
	}
	// Insertion sort: the lists are at most smallSet long.
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	out := ids[:1]
	for _, id := range ids[1:] {
		if id != out[len(out)-1] {
			out = append(out, id)
		}
	}
	return out
}

// All returns the set of every action.
func (c *Catalog) All() ActionSet { return c.all }

// Union returns the actions in any of the sets.
func (c *Catalog) Union(sets ...ActionSet) ActionSet {
	b := c.builder()
	for _, s := range sets {
		b.addSet(s)
	}
	return b.set()
}

// Minus returns the actions of s that are not in t.
func (c *Catalog) Minus(s, t ActionSet) ActionSet {
	if t.IsEmpty() {
		return s
	}
	if s.words != nil && t.words != nil {
		return wordwise(s, t, func(x, y uint64) uint64 { return x &^ y })
	}
	if s.words != nil {
		out := append([]uint64(nil), s.words...)
		for _, id := range t.ids {
			out[id/64] &^= 1 << (id % 64)
		}
		return ActionSet{words: out}
	}
	b := c.builder()
	for i := range s.indexes() {
		if !t.has(i) {
			b.add(i)
		}
	}
	return b.set()
}

// Intersect returns the actions in both sets.
func (c *Catalog) Intersect(s, t ActionSet) ActionSet {
	if s.words != nil && t.words != nil {
		return wordwise(s, t, func(x, y uint64) uint64 { return x & y })
	}
	if s.words != nil {
		s, t = t, s // iterate the small one
	}
	b := c.builder()
	for i := range s.indexes() {
		if t.has(i) {
			b.add(i)
		}
	}
	return b.set()
}

// wordwise combines two bitmaps of the same catalog word by word.
func wordwise(s, t ActionSet, op func(x, y uint64) uint64) ActionSet {
	out := make([]uint64, len(s.words))
	for i := range out {
		out[i] = op(s.words[i], t.words[i])
	}
	return ActionSet{words: out}
}

// SubsetOf reports whether every action of s is in t.
func (s ActionSet) SubsetOf(t ActionSet) bool {
	for i := range s.indexes() {
		if !t.has(i) {
			return false
		}
	}
	return true
}

// Match returns the actions an Action element entry names: "s3:GetObject",
// "s3:Get*", "*:Get*", "*". Matching ignores case; '*' matches any run of
// characters and '?' one. An entry that names no known action (a typo, a
// service the catalog does not know) gives the empty set.
func (c *Catalog) Match(entry string) ActionSet {
	if entry == "*" {
		return c.All()
	}
	prefix, name, ok := strings.Cut(entry, ":")
	if !ok {
		return ActionSet{}
	}
	b := c.builder()
	for _, svc := range c.matchServices(prefix) {
		if !strings.ContainsAny(name, "*?") {
			if a := svc.Action(name); a != nil {
				b.add(a.index)
			}
			continue
		}
		p := globPattern(strings.ToLower(name))
		for _, a := range svc.Actions {
			if p.match(a.lower, false) {
				b.add(a.index)
			}
		}
	}
	return b.set()
}

// MatchNot returns the actions a NotAction element leaves: every action
// that none of the entries names.
func (c *Catalog) MatchNot(entries []string) ActionSet {
	var sets []ActionSet
	for _, e := range entries {
		sets = append(sets, c.Match(e))
	}
	return c.Minus(c.All(), c.Union(sets...))
}

func (c *Catalog) matchServices(prefix string) []*Service {
	if !strings.ContainsAny(prefix, "*?") {
		if s := c.Service(prefix); s != nil {
			return []*Service{s}
		}
		return nil
	}
	p := globPattern(strings.ToLower(prefix))
	var out []*Service
	for _, s := range c.services {
		if p.match(s.lower, false) {
			s.load()
			out = append(out, s)
		}
	}
	return out
}

// ServiceActions returns the set of a service's actions at an access level
// (every level when level is 0).
func (c *Catalog) ServiceActions(svc *Service, level AccessLevel) ActionSet {
	b := c.builder()
	for _, a := range svc.Actions {
		if level == 0 || a.Level == level {
			b.add(a.index)
		}
	}
	return b.set()
}
