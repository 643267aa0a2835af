package printable

import "testing"

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, with a \\ backslash", "plain text, with a \\ backslash"},
		{"héllo wörld ✓", "héllo wörld ✓"},
		{"a\x1b[2Kb", `a\x1b[2Kb`},
		{"a\\b\nc", `a\\b\nc`},
		{"\u0085\u202e\ufeff", `\u0085\u202e\ufeff`},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
