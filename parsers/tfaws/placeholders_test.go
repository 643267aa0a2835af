package tfaws

import (
	"strings"
	"testing"
)

func TestWithoutPlaceholders(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`{"Resource": "arn:aws:s3:::${var.b}/*"}`, `{"Resource": "arn:aws:s3:::x/*"}`, true},
		{`{"Resource": "${lookup(var.m, "k")}"}`, `{"Resource": "x"}`, true},
		{`{"Action": ${jsonencode(var.a)}}`, "", false},
		{`{"Sid": "a\"${x}"}`, `{"Sid": "a\"x"}`, true},
		{`{"Resource": "${unclosed`, "", false},
		// a placeholder is atomic: braces and quotes inside it are its own
		{`{"Resource": "${a"}`, `{"Resource": "x`, true},
	}
	for _, tt := range tests {
		got, ok := withoutPlaceholders(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("withoutPlaceholders(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzWithoutPlaceholders(f *testing.F) {
	f.Add(`{"Resource": "arn:aws:s3:::${var.b}/*"}`)
	f.Add(`{"Action": ${jsonencode(var.a)}}`)
	f.Fuzz(func(t *testing.T, text string) {
		out, ok := withoutPlaceholders(text)
		if ok && strings.Contains(out, "${") && !strings.Contains(text, `\${`) {
			// every placeholder inside a string is replaced
			if strings.Count(out, "${") >= strings.Count(text, "${") {
				t.Errorf("placeholders left in %q → %q", text, out)
			}
		}
	})
}
