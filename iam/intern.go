package iam

import "slices"

// setTable shares equal action sets. Principals with the same policies
// (every role of a module instantiated thousands of times, every member of
// a group) have equal effective sets: kept once, a plan with tens of
// thousands of principals holds one bitmap per distinct set, not one per
// principal. Sets are never modified once built, so sharing is safe.
type setTable map[uint64][]ActionSet

// intern returns the set equal to s already in the table, else adds s. A
// nil table (the analysis is built) shares nothing.
func (t setTable) intern(s ActionSet) ActionSet {
	if t == nil || s.IsEmpty() {
		return s
	}
	h := s.hash()
	for _, o := range t[h] {
		if slices.Equal(o.words, s.words) && slices.Equal(o.ids, s.ids) && (o.words == nil) == (s.words == nil) {
			return o
		}
	}
	t[h] = append(t[h], s)
	return s
}

// hash is FNV-1a over the set's representation.
func (s ActionSet) hash() uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	if s.words != nil {
		h ^= 1
		for _, w := range s.words {
			h = (h ^ w) * prime
		}
		return h
	}
	for _, id := range s.ids {
		h = (h ^ uint64(id)) * prime
	}
	return h
}
