package model

// SetScope gives every element without a scope the given one. Parsers call
// it once per unit of input (a file, a Terraform root module).
func (inv *Inventory) SetScope(scope string) {
	for _, m := range inv.metas() {
		if m.Scope == "" {
			m.Scope = scope
		}
	}
}

// metas lists the Meta of every element.
func (inv *Inventory) metas() []*Meta {
	var out []*Meta
	for _, k := range kinds {
		for i := range k.Len(inv) {
			out = append(out, k.Meta(inv, i))
		}
	}
	return out
}

// scopeRefs stamps every reference with the scope of the element holding
// it, so that resolution by ID stays inside that scope.
func (inv *Inventory) scopeRefs() {
	for _, k := range kinds {
		k.eachRef(inv, func(holder *Meta, r *Ref) { r.Scope = holder.Scope })
	}
}

// scoped is the key of an element in its scope.
type scoped struct{ scope, id string }
