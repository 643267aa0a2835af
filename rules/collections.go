package rules

import (
	"slices"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// OpenSearch Serverless policies (model.CollectionPolicy) as the rules on
// resource policies judge them: a data access rule grants its principals
// aoss permissions on the collections and indexes it names; a network
// rule with AllowFromPublic lets the internet reach the collections it
// names. IAM304 reports data access open to everyone, IAM308 principals of
// other accounts.

// collectionsOf returns the collection name patterns a rule names, as
// written, and the aoss permissions it grants on them (known ones);
// unknown is set when a pattern is not known before deploy.
func collectionsOf(r model.CollectionRule) (collections []string, perms []model.Value, unknown bool) {
	for _, res := range r.Resources {
		c, ok := res.Collection()
		unknown = unknown || !res.Pattern.IsKnown()
		if ok && !slices.Contains(collections, c) {
			collections = append(collections, c)
		}
		for _, p := range res.Permissions.Items {
			if p.IsKnown() && !slices.ContainsFunc(perms, func(q model.Value) bool { return q.Text == p.Text }) {
				perms = append(perms, p)
			}
		}
	}
	return collections, perms, unknown
}

// publicNetworkPolicy returns a network policy of the scope whose rule
// lets the internet reach (AllowFromPublic true) a collection one of the
// patterns can name, or nil.
func publicNetworkPolicy(inv *model.Inventory, scope string, collections []string) *model.CollectionPolicy {
	for _, p := range inv.CollectionPolicies {
		if !p.Network || p.Scope != scope {
			continue
		}
		for _, r := range p.Rules {
			if !r.Public.Is("true") {
				continue
			}
			for _, res := range r.Resources {
				c, ok := res.Collection()
				if ok && slices.ContainsFunc(collections, func(d string) bool { return iam.PatternsOverlap(c, d) }) {
					return p
				}
			}
		}
	}
	return nil
}

// collectionText names what a data access rule grants: its permissions on
// its collections.
func collectionText(collections []string, perms []model.Value) string {
	what := "its permissions"
	if len(perms) > 0 {
		what = quoteList(perms, 3)
	}
	on := "its collections"
	if len(collections) > 0 {
		on = "collection " + commas.list(quoted(collections), 3)
	}
	return what + " on " + on
}

// collectionLabel names an OpenSearch Serverless policy for messages.
func collectionLabel(p *model.CollectionPolicy) string {
	kind := "data access"
	if p.Network {
		kind = "network"
	}
	return "OpenSearch Serverless " + kind + " policy `" + p.ID + "`"
}

// checkPublicCollections is IAM304 on OpenSearch Serverless: a data access
// rule granting everyone ("*"). Reachable from the internet by a network
// policy of the scan, it is the rule's critical case; otherwise only
// callers the network policies let in (a VPC endpoint, a service) can use
// it, and it is reported at high.
func checkPublicCollections(pass *Pass) {
	for _, p := range pass.Inventory.CollectionPolicies {
		if p.Network {
			continue
		}
		for _, r := range p.Rules {
			i := slices.IndexFunc(r.Principals.Items, func(v model.Value) bool { return v.Is("*") })
			if i < 0 {
				continue
			}
			collections, perms, unknown := collectionsOf(r)
			net := publicNetworkPolicy(pass.Inventory, p.Scope, collections)
			reach := "; no network policy of the scan lets the internet reach it, so only callers its network policies let in can use this"
			if unknown {
				reach = "; whether a network policy lets the internet reach it is not known before deploy"
			}
			if net != nil {
				reach = ", and " + collectionLabel(net) + " lets the internet reach it (`AllowFromPublic`)"
			}
			f := pass.Reportf(&p.Meta, r.Principals.Items[i].Loc, "%s grants %s to everyone (`*`)%s",
				collectionLabel(p), collectionText(collections, perms), reach)
			if net == nil {
				pass.Lower(f, High)
			}
		}
	}
}
