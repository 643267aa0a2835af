package model

// Share is an AWS RAM resource share, or one association that adds a
// principal or a resource to a share declared apart (Terraform's
// aws_ram_principal_association and aws_ram_resource_association). RAM
// writes no policy document: each principal of the share may use each of
// its resources as far as the share's RAM permissions allow.
type Share struct {
	Meta
	// Of is, for an association, the share it adds to; unset on a share.
	Of  Ref
	ARN Value // the share's ARN, when the input states it (a plan's prior state)
	// External is whether principals outside the organization may be
	// named (allow_external_principals, AllowExternalPrincipals), with the
	// format's default when the input leaves it out.
	External Value
	// Principals are who it is shared with, as written: account IDs,
	// organization and OU ARNs, IAM role and user ARNs, service principals.
	Principals Values
	Resources  Values // ARNs of the shared resources
	// Permissions are the RAM permission ARNs; none means the default
	// managed permission of each resource type.
	Permissions Values
}

// IsAssociation reports whether the element adds to a share declared apart.
func (s *Share) IsAssociation() bool { return s.Of.IsSet() }

// ShareOf returns the share an association adds to, nil when it is not in
// the scan (or names it by a value not known before deploy).
func (inv *Inventory) ShareOf(a *Share) *Share { return inv.graph().shareOf[a] }

// ShareAssociations returns the associations that add to a share.
func (inv *Inventory) ShareAssociations(s *Share) []*Share { return inv.graph().shareParts[s] }

// linkShares joins associations to their shares, by ID (a reference) or ARN
// (a plan's known value), within the association's scope.
func (inv *Inventory) linkShares(l *links) {
	l.shareOf = make(map[*Share]*Share)
	l.shareParts = make(map[*Share][]*Share)
	shares := make(map[scoped]*Share)
	for _, s := range inv.Shares {
		if s.IsAssociation() {
			continue
		}
		shares[scoped{s.Scope, s.ID}] = s
		if s.ARN.IsKnown() {
			shares[scoped{s.Scope, s.ARN.Text}] = s
		}
	}
	for _, a := range inv.Shares {
		if !a.IsAssociation() {
			continue
		}
		key := a.Of.ID
		if key == "" && a.Of.Value.IsKnown() {
			key = a.Of.Value.Text
		}
		if s := shares[scoped{a.Scope, key}]; key != "" && s != nil {
			l.shareOf[a] = s
			l.shareParts[s] = append(l.shareParts[s], a)
		}
	}
}
