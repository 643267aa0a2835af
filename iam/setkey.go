package iam

import "encoding/binary"

// Key returns a string that is equal for equal sets, whatever their
// representation: a bitmap over the catalog, trailing zero words trimmed.
// Callers use it to compute what depends only on the set once per set.
func (s ActionSet) Key() string {
	words := s.words
	if words == nil {
		if len(s.ids) == 0 {
			return ""
		}
		words = make([]uint64, int(s.ids[len(s.ids)-1])/64+1)
		for _, id := range s.ids {
			words[id/64] |= 1 << (id % 64)
		}
	}
	for len(words) > 0 && words[len(words)-1] == 0 {
		words = words[:len(words)-1]
	}
	b := make([]byte, 8*len(words))
	for i, w := range words {
		binary.LittleEndian.PutUint64(b[8*i:], w)
	}
	return string(b)
}
