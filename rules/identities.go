package rules

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// heldPolicies is what the scanned code shows an identity holds: its inline
// and attached customer managed policies, and for a user those of its
// groups.
type heldPolicies struct {
	Policies []*model.Policy
	// AWSManaged are attached AWS managed policies by ARN; their documents
	// are in package iam, not the inventory.
	AWSManaged []model.Value
	// Unknown is set when some of them cannot be known before deploy: an
	// attachment or membership by a reference that did not resolve, or a
	// document that is not known.
	Unknown bool
}

// policiesHeld collects the policies of an identity (and of its groups).
func policiesHeld(inv *model.Inventory, id *model.Identity) heldPolicies {
	var h heldPolicies
	holders := []*model.Identity{id}
	if id.Kind == model.User {
		holders = append(holders, inv.Groups(id)...)
		h.Unknown = hasUnresolvedMembership(inv, id)
	}
	for _, holder := range holders {
		h.Policies = append(h.Policies, inv.InlinePolicies(holder)...)
		for _, a := range inv.AttachmentsOf(holder) {
			switch p := inv.ManagedPolicy(a.Policy); {
			case p != nil:
				h.Policies = append(h.Policies, p)
			case isAWSManagedARN(a.Policy.Value):
				h.AWSManaged = append(h.AWSManaged, a.Policy.Value)
			default:
				h.Unknown = true
			}
		}
	}
	for _, p := range h.Policies {
		if p.Document == nil || p.Document.Unknown || p.Document.StatementsUnknown {
			h.Unknown = true
		}
	}
	return h
}

// hasUnresolvedMembership reports whether the user is put in a group the
// inventory cannot resolve (so its policies are not all known).
func hasUnresolvedMembership(inv *model.Inventory, user *model.Identity) bool {
	return inv.InUnresolvedGroup(user)
}

// isAWSManagedARN reports whether a known policy ARN is an AWS managed
// policy (arn:aws:iam::aws:policy/…, in any partition).
func isAWSManagedARN(v model.Value) bool {
	if !v.IsKnown() {
		return false
	}
	parts := strings.SplitN(v.Text, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[4] == "aws" && strings.HasPrefix(parts[5], "policy/")
}

// holdersOf returns the users and groups (of kind) that hold a policy:
// owners of an inline policy, targets of a managed policy's attachments.
func holdersOf(inv *model.Inventory, p *model.Policy, kinds ...model.IdentityKind) []*model.Identity {
	var out []*model.Identity
	add := func(id *model.Identity) {
		if id == nil {
			return
		}
		for _, k := range kinds {
			if id.Kind == k {
				out = appendIdentity(out, id)
			}
		}
	}
	switch p.Kind {
	case model.Inline:
		for _, o := range p.Owners {
			add(inv.Identity(o, ""))
		}
	case model.Managed:
		for _, a := range inv.AttachmentsTo(p) {
			add(inv.Identity(a.Identity, a.IdentityKind))
		}
	}
	return out
}

func appendIdentity(list []*model.Identity, id *model.Identity) []*model.Identity {
	for _, x := range list {
		if x == id {
			return list
		}
	}
	return append(list, id)
}

// identityLabel names an identity in messages: "user `alice` (aws_iam_user.alice)".
func identityLabel(id *model.Identity) string {
	if id.Name.IsKnown() && id.Name.Text != id.ID {
		return string(id.Kind) + " `" + id.Name.Text + "` (" + id.ID + ")"
	}
	return string(id.Kind) + " `" + id.ID + "`"
}

// userText names the user a reference points to, resolved when possible.
func userText(pass *Pass, ref model.Ref) string {
	if u := pass.Inventory.Identity(ref, model.User); u != nil {
		return identityLabel(u)
	}
	return "user `" + ref.String() + "`"
}
