package model

import "testing"

func TestParseOperator(t *testing.T) {
	tests := map[string]Operator{
		"StringEquals":                    {Name: "StringEquals"},
		"BoolIfExists":                    {Name: "Bool", IfExists: true},
		"ForAllValues:StringLikeIfExists": {Qualifier: "ForAllValues", Name: "StringLike", IfExists: true},
		"IfExists":                        {Name: "IfExists"},
	}
	for in, want := range tests {
		if got := ParseOperator(in); got != want {
			t.Errorf("ParseOperator(%q) = %+v, want %+v", in, got, want)
		}
	}
}
