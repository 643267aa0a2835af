package rules_test

import (
	"fmt"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// BenchmarkScanFixtures is a whole scan of the repository's fixtures (every
// format, every rule): loading, linking, the IAM analysis and all rules.
func BenchmarkScanFixtures(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		inv, _ := parsers.Load([]string{"../fixtures"}, parsers.Options{})
		rules.Run(inv, rules.All, nil)
	}
}

// BenchmarkRulesOnFixtures is the rules alone, on an inventory loaded once
// (each run recomputes the shared IAM analysis, as a scan does).
func BenchmarkRulesOnFixtures(b *testing.B) {
	inv, _ := parsers.Load([]string{"../fixtures"}, parsers.Options{})
	b.ReportAllocs()
	for b.Loop() {
		rules.Run(inv, rules.All, nil)
	}
}

// BenchmarkRulesManyUsers runs every rule on n users that each have a
// console password, an access key and a group the scan does not declare.
// The time per user should stay flat as n grows: rules that compared every
// login profile with every key, or every user with every membership, made
// large identity plans quadratic.
func BenchmarkRulesManyUsers(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			inv := manyUsers(n)
			b.ReportAllocs()
			for b.Loop() {
				rules.Run(inv, rules.All, nil)
			}
		})
	}
}

func manyUsers(n int) *model.Inventory {
	inv := &model.Inventory{}
	for i := range n {
		name := fmt.Sprintf("user%d", i)
		user := fmt.Sprintf("aws_iam_user.u%d", i)
		ref := model.Ref{ID: user, Value: model.Known(name, model.Location{})}
		inv.Identities = append(inv.Identities, &model.Identity{Meta: model.Meta{ID: user}, Kind: model.User, Name: model.Known(name, model.Location{})})
		inv.LoginProfiles = append(inv.LoginProfiles, &model.LoginProfile{Meta: model.Meta{ID: fmt.Sprintf("aws_iam_user_login_profile.u%d", i)}, User: ref})
		inv.AccessKeys = append(inv.AccessKeys, &model.AccessKey{Meta: model.Meta{ID: fmt.Sprintf("aws_iam_access_key.u%d", i)}, User: ref})
		inv.Memberships = append(inv.Memberships, &model.Membership{Meta: model.Meta{ID: fmt.Sprintf("aws_iam_user_group_membership.u%d", i)},
			User: ref, Group: model.Ref{Value: model.Known(fmt.Sprintf("team%d", i), model.Location{})}})
	}
	inv.Link()
	return inv
}
