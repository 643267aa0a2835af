package model

import "testing"

func TestCallerAddress(t *testing.T) {
	tests := []struct{ in, want string }{
		{"module.irsa.aws_iam_policy.x", "aws_iam_policy.x"},
		{`module.a["k.1"].module.b.aws_iam_policy.x[0]`, `module.a["k.1"].aws_iam_policy.x[0]`},
		{"aws_iam_policy.x", ""},
		{"module.a", ""},
	}
	for _, tt := range tests {
		got, ok := callerAddress(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("callerAddress(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// A reference links to one instance of a resource whose count was unknown
// (the symbolic element), and to a caller's resource passed into a module;
// never to an element of another scope.
func TestLookupInstance(t *testing.T) {
	sym := &Policy{Meta: Meta{ID: "module.m.aws_iam_policy.this", Scope: "a", MayApply: true}}
	plain := &Policy{Meta: Meta{ID: "aws_iam_policy.extra", Scope: "a"}}
	counted := &Policy{Meta: Meta{ID: "aws_iam_policy.fixed", Scope: "a"}}
	m := map[scoped]*Policy{}
	for _, p := range []*Policy{sym, plain, counted} {
		m[scoped{p.Scope, p.ID}] = p
	}
	tests := []struct {
		ref  Ref
		want *Policy
	}{
		{Ref{ID: "module.m.aws_iam_policy.this[0]", Scope: "a"}, sym},
		{Ref{ID: "module.m.aws_iam_policy.extra", Scope: "a"}, plain},
		{Ref{ID: "aws_iam_policy.fixed[0]", Scope: "a"}, nil}, // not symbolic: [0] is another instance
		{Ref{ID: "module.m.aws_iam_policy.this[0]", Scope: "b"}, nil},
	}
	for _, tt := range tests {
		got, _ := lookupInstance(m, tt.ref)
		if got != tt.want {
			t.Errorf("lookupInstance(%v) = %v, want %v", tt.ref, got, tt.want)
		}
	}
}
