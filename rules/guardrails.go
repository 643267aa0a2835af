package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// What the organization's guardrails in the scan take away from a finding:
// the finding still stands (nothing is hidden), says which SCP or RCP
// blocks it, and its rule documents the severity it then has.

// scpDenies reports whether the SCPs of a principal's account take away
// every one of the actions, and names the levels whose SCPs do.
func scpDenies(pass *Pass, p *iam.Permissions, actions []*iam.Action) (string, bool) {
	l := access.SCPLimit(pass.IAM(), p)
	if l == nil || len(actions) == 0 {
		return "", false
	}
	for _, a := range actions {
		if l.Allowed.Has(a) {
			return "", false
		}
	}
	return "the SCPs attached to " + strings.Join(l.Levels, ", "), true
}

// outsidersDenied are the callers a public grant reaches that an RCP of a
// data perimeter turns away: anonymous ones, and those signed by an
// account of another organization.
var outsidersDenied = []map[string]string{
	nil,
	{"aws:PrincipalOrgID": "o-another-organization", "aws:PrincipalAccount": "000000000000", "aws:PrincipalIsAWSService": "false"},
}

// maxRCPActions bounds the actions of one public statement asked of the
// engine; a statement naming more is not judged against RCPs.
const maxRCPActions = 200

// rcpDeniesOutsiders reports whether the RCPs of the resource's account
// deny a public statement's every action, on each resource it names, to
// every caller outside the organization, and names the RCPs that do.
func rcpDeniesOutsiders(pass *Pass, st *model.Statement) (string, bool) {
	an := pass.IAM()
	if !an.Inventory.HasOrgPolicies(model.RCP) || st.NotResource.Set || !st.Resource.AllKnown() || len(st.Resource.Items) == 0 {
		return "", false
	}
	s := an.Statement(st)
	if s == nil || s.UnknownActions {
		return "", false
	}
	set := an.Actions(s)
	if set.Len() == 0 || set.Len() > maxRCPActions {
		return "", false
	}
	rcps := map[string]bool{}
	var names []string
	for a := range an.Catalog.Actions(set) {
		for _, res := range st.Resource.Items {
			if res.Text == "*" {
				return "", false // the resource's ARN is not written here
			}
			for _, keys := range outsidersDenied {
				var ctx access.Context
				for k, v := range keys {
					ctx.Add(k, v)
				}
				ans := access.Anonymous(an, access.Request{Action: a, Resource: res.Text, Context: ctx})
				if ans.Verdict != access.Denied {
					return "", false
				}
				blocked := false
				for _, d := range ans.Deciding {
					if d.Part == string(access.StepRCP) {
						blocked = true
						if !rcps[d.Where] {
							rcps[d.Where] = true
							names = append(names, d.Where)
						}
					}
				}
				if !blocked {
					return "", false
				}
			}
		}
	}
	return fmt.Sprintf("the RCP in %s denies it to every caller outside the organization", strings.Join(names, "; ")), true
}
