package model

import (
	"slices"
	"strings"
)

// Coverage says how much of the inputs the inventory stands for, so that a
// report can say what was not checked.
type Coverage struct {
	// Inputs is the number of inputs (files, standard input, Terraform
	// configurations) a format took: none means nothing was scanned.
	Inputs int
	// Resources is the number of resources (instances, template
	// resources, policy files) read.
	Resources int
	// NotAnalysed counts, by resource type, resources that carry a policy
	// document but whose type iacscan does not model: their policies are
	// not judged. Parsers fill it from the types they do not know, so
	// modelling a type takes it off the list.
	NotAnalysed map[string]int
}

// NotAnalysedType records one resource of a policy-bearing type that is not
// modelled.
func (c *Coverage) NotAnalysedType(typ string) {
	if c.NotAnalysed == nil {
		c.NotAnalysed = make(map[string]int)
	}
	c.NotAnalysed[typ]++
}

func (c *Coverage) merge(o Coverage) {
	c.Inputs += o.Inputs
	c.Resources += o.Resources
	for t, n := range o.NotAnalysed {
		if c.NotAnalysed == nil {
			c.NotAnalysed = make(map[string]int)
		}
		c.NotAnalysed[t] += n
	}
}

// NotAnalysedTypes returns the types of NotAnalysed, sorted.
func (c *Coverage) NotAnalysedTypes() []string {
	out := make([]string, 0, len(c.NotAnalysed))
	for t := range c.NotAnalysed {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// Elements is the number of IAM elements the inventory models: identities,
// policies, attachments, memberships, keys, login profiles, password
// policies, trails, OIDC providers, instance profiles and exposures.
func (inv *Inventory) Elements() int { return len(inv.metas()) }

// IsPolicyProperty reports whether a property or attribute name is one that
// conventionally holds a policy document (policy, assume_role_policy,
// access_policies, PolicyDocument, KeyPolicy, ResourcePolicy, …), for
// recognising policy-bearing resource types that are not modelled.
func IsPolicyProperty(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	for _, s := range []string{"policy", "policies", "policydocument", "policyjson", "policytext"} {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}
