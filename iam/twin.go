package iam

import (
	"github.com/iacscan/iacscan/iam/internal/twin"
	"github.com/iacscan/iacscan/model"
)

// ManagedTwin returns the name (with path) of the AWS managed policy whose
// document grants what doc grants, statement for statement: the same
// effects, actions, resources and conditions, whatever the order, the
// Sids and the case of action names. A customer policy that copies one is
// better replaced by the managed policy, which AWS keeps up to date. Only
// fully known identity-policy documents (no principals) have a twin.
func (c *Catalog) ManagedTwin(doc *model.Document) (string, bool) {
	key, ok := twin.Key(doc)
	if !ok || c.managed == nil {
		return "", false
	}
	set, err := c.managed()
	if err != nil {
		return "", false
	}
	// The index holds each managed document's key hashed (worked out when
	// the data was generated): only the documents with the same hash are
	// read, and their keys compared.
	for _, i := range set.byTwin[twin.Hash(key)] {
		if k, ok := twin.KeyJSON(set.doc(i)); ok && k == key {
			return set.names[i], true
		}
	}
	return "", false
}
