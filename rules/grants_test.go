package rules

import (
	"testing"

	"github.com/iacscan/iacscan/model"
)

func TestNarrowing(t *testing.T) {
	t.Parallel()
	known := func(s string) model.Value { return model.Known(s, model.Location{}) }
	unknown := model.Unresolved("var.x", model.Location{})
	cond := func(op, key model.Value, values ...model.Value) model.Condition {
		return model.Condition{Operator: op, Key: key, Values: model.Values{Items: values, Set: true}}
	}
	boundary := known("iam:PermissionsBoundary")
	tests := []struct {
		name string
		cond model.Condition
		want bool
	}{
		{"positive", cond(known("StringEquals"), boundary, known("arn:aws:iam::123456789012:policy/b")), true},
		{"positive, value unknown", cond(known("StringEquals"), boundary, unknown), true},
		{"wildcard value", cond(known("StringLike"), boundary, known("*")), false},
		{"no values", cond(known("StringEquals"), boundary), false},
		{"IfExists", cond(known("StringEqualsIfExists"), boundary, known("arn:aws:iam::123456789012:policy/b")), false},
		// Negated, IfExists and Null conditions narrow nothing, whatever
		// value they turn out to have.
		{"IfExists, value unknown", cond(known("StringEqualsIfExists"), boundary, unknown), false},
		{"negated, value unknown", cond(known("StringNotEquals"), boundary, unknown), false},
		{"Null, value unknown", cond(known("Null"), boundary, unknown), false},
		{"operator unknown", cond(unknown, boundary, known("x")), true},
		{"key unknown", cond(known("StringEquals"), unknown, known("x")), true},
		{"other key", cond(known("StringEquals"), known("aws:SourceIp"), known("10.0.0.0/8")), false},
		{"other key, operator unknown", cond(unknown, known("aws:SourceIp"), known("10.0.0.0/8")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &model.Statement{Condition: model.Conditions{Items: []model.Condition{tt.cond}, Set: true}}
			if _, got := narrowing(st, delegationKey); got != tt.want {
				t.Errorf("narrowing = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestJudgeWeakOperatorWithUnknownValues: an operator that lets requests
// through whatever its values (IfExists, Not…, Null, ForAllValues) is weak
// even when its values are only known at deploy, so it cannot hide a grant.
func TestJudgeWeakOperatorWithUnknownValues(t *testing.T) {
	t.Parallel()
	unknown := model.Values{Items: []model.Value{model.Unresolved("var.org", model.Location{})}, Set: true}
	for _, op := range []string{"StringNotEquals", "StringEqualsIfExists", "Null", "ForAllValues:StringEquals"} {
		st := &model.Statement{Condition: model.Conditions{Set: true, Items: []model.Condition{{
			Operator: model.Known(op, model.Location{}),
			Key:      model.Known("aws:PrincipalOrgID", model.Location{}),
			Values:   unknown,
		}}}}
		v := judge(st, []string{"aws:PrincipalOrgID"}, nil)
		if v.Unknown || v.Constrained() || len(v.Weak) != 1 {
			t.Errorf("%s with an unknown value: %+v, want one weak condition", op, v)
		}
	}
	st := &model.Statement{Condition: model.Conditions{Set: true, Items: []model.Condition{{
		Operator: model.Known("StringEquals", model.Location{}),
		Key:      model.Known("aws:PrincipalOrgID", model.Location{}),
		Values:   unknown,
	}}}}
	if v := judge(st, []string{"aws:PrincipalOrgID"}, nil); !v.Unknown {
		t.Errorf("StringEquals with an unknown value: %+v, want unknown (no finding)", v)
	}
}
