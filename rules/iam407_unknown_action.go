package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/levenshtein"
	"github.com/iacscan/iacscan/model"
)

// UnknownAction finds action entries that name no AWS action.
var UnknownAction = &Rule{
	ID:       "IAM407",
	Name:     "unknown-action",
	Title:    "Unknown action",
	Severity: High,
	Practice: "Validate your policies",
	Description: "IAM accepts a policy that names an action that does not exist — a typo such as " +
		"`s3:GetObjects`, a made-up service prefix, a retired action — and the statement then " +
		"silently grants (or denies) nothing. In a `Deny` or a `NotAction` that is worse: the " +
		"protection the author meant is not there.\n\n" +
		"Entries are checked against the embedded catalog of AWS actions (`iacscan version` " +
		"prints its date). A wildcard must match at least one action where it protects or " +
		"inverts something — in a `Deny`, or in `NotAction` — while in an `Allow`'s `Action` a " +
		"wildcard of a known service that matches nothing (`eks:Get*`) only grants nothing and is " +
		"not reported. Values not known before " +
		"deploy are not checked, nor are the actions of SAM policy templates, which are AWS's " +
		"text (`SQSPollerPolicy` lists the batch APIs, which are not actions).",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::reports/*"}]
}`},
	},
	Fix: "correct the action name",
	Remediation: "Correct the action name; the message suggests the closest existing action. The " +
		"Service Authorization Reference lists every service's actions.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
	},
	Since: "0.1.0",
	Check: checkUnknownAction,
}

func checkUnknownAction(pass *Pass) {
	an := pass.IAM()
	for pol, st := range pass.Statements() {
		if pol.Template != "" {
			continue // the template's own text, which the author cannot fix
		}
		// An Allow's Action wildcard that matches nothing grants nothing;
		// in a Deny or a NotAction it silently drops a protection or
		// inverts a set.
		lists := []struct {
			values    model.Values
			grantOnly bool
		}{{st.Action, st.Allows()}, {st.NotAction, false}}
		suggest := maxSuggestions
		for _, list := range lists {
			for _, v := range list.values.Items {
				if !v.IsKnown() {
					continue
				}
				if problem := actionProblem(an, v.Text, list.grantOnly, &suggest); problem != "" {
					pass.Reportf(&pol.Meta, v.Loc, "%s: %s in %s", policyLabel(pol), problem, statementLabel(st))
				}
			}
		}
	}
}

// maxSuggestions bounds the unknown actions of one statement that get a
// suggestion: each compares the name with every action of its service, and
// a statement of thousands of made-up actions (20,000 took 47 s) holds no
// typo worth that.
const maxSuggestions = 100

// actionProblem says what is wrong with an action entry, or "". Wildcards
// of a known service that match nothing are not reported when grantOnly.
// An action that is not one of its service's gets the closest as a
// suggestion while *suggest, which it decrements, is above zero.
func actionProblem(an *iam.Analysis, entry string, grantOnly bool, suggest *int) string {
	if entry == "*" || !an.Match(entry).IsEmpty() {
		return ""
	}
	prefix, name, ok := strings.Cut(entry, ":")
	switch {
	case !ok:
		return fmt.Sprintf("`%s` is not an action (expected `service:Action`)", entry)
	case !strings.ContainsAny(prefix, "*?") && an.Catalog.Service(prefix) == nil:
		return fmt.Sprintf("`%s` names an unknown service prefix `%s`", entry, prefix)
	case strings.ContainsAny(entry, "*?") && grantOnly:
		return ""
	case strings.ContainsAny(entry, "*?"):
		return fmt.Sprintf("`%s` matches no action", entry)
	}
	svc := an.Catalog.Service(prefix)
	msg := fmt.Sprintf("`%s` is not an action of %s", entry, svc.Name)
	if *suggest <= 0 {
		return msg
	}
	*suggest--
	if near := closestAction(svc, name); near != "" {
		msg += fmt.Sprintf(" (did you mean `%s:%s`?)", svc.Prefix, near)
	}
	return msg
}

// closestAction returns the service's action nearest to name by edit
// distance, if it is near enough to be a likely typo.
func closestAction(svc *iam.Service, name string) string {
	best, bestDist := "", len(name)/3+1
	for _, a := range svc.Actions {
		if d := levenshtein.Distance(strings.ToLower(name), strings.ToLower(a.Name)); d < bestDist {
			best, bestDist = a.Name, d
		}
	}
	return best
}
