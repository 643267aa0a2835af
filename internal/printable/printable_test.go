package printable

import (
	"os"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, with a \\ backslash", "plain text, with a \\ backslash"},
		{"héllo wörld ✓", "héllo wörld ✓"},
		{"a\x1b[2Kb", `a\x1b[2Kb`},
		{"a\\b\nc", `a\\b\nc`},
		{"\u0085\u202e\ufeff", `\u0085\u202e\ufeff`},
		// GitHub workflow commands: a leading "::" loses its first colon.
		{"::warning title=Fake::All clear.tf", `\x3a:warning title=Fake::All clear.tf`},
		{"  ::error::x", `  \x3a:error::x`},
		{"\t::error::x", `\t::error::x`},
		{"a ::error::x", "a ::error::x"},
		{":one colon", ":one colon"},
		{"x\n::error::y", `x\n::error::y`},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLines(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one\ntwo", "one\ntwo"},
		{"one\n::error::two\n  ::warning::three", "one\n\\x3a:error::two\n  \\x3a:warning::three"},
		{"a\x1b[2K\rb\nc", `a\x1b[2K\rb` + "\nc"},
	}
	for _, tt := range tests {
		if got := Lines(tt.in); got != tt.want {
			t.Errorf("Lines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Guard escapes a colon that starts a line, however the writes split the
// text.
func TestGuard(t *testing.T) {
	const in = "::a\n  ::b\n\t:c\nd::e\nok: yes\n:"
	const want = "\\x3a:a\n  \\x3a:b\n\t\\x3ac\nd::e\nok: yes\n\\x3a"
	for size := 1; size <= len(in); size++ {
		var b strings.Builder
		g := Guard(&b)
		for i := 0; i < len(in); i += size {
			n, err := g.Write([]byte(in[i:min(i+size, len(in))]))
			if err != nil || n != min(size, len(in)-i) {
				t.Fatalf("Write = %d, %v", n, err)
			}
		}
		if b.String() != want {
			t.Errorf("writes of %d: %q, want %q", size, b.String(), want)
		}
	}
}

// FuzzString: no escaped text holds a control or format character, or
// starts a line with "::".
func FuzzString(f *testing.F) {
	f.Add("::error::x\n\x1b[2K")
	f.Add("  ::a")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{String(s), Lines(s)} {
			for line := range strings.SplitSeq(out, "\n") {
				if strings.IndexFunc(line, unsafeRune) >= 0 || strings.HasPrefix(strings.TrimLeft(line, " "), "::") {
					t.Fatalf("%q escaped as %q", s, out)
				}
			}
		}
		if strings.Contains(String(s), "\n") {
			t.Fatalf("String(%q) holds a line break", s)
		}
	})
}

// A guarded terminal is still a terminal: Guard keeps the file descriptor.
func TestGuardKeepsFd(t *testing.T) {
	if f, ok := Guard(os.Stderr).(interface{ Fd() uintptr }); !ok || f.Fd() != os.Stderr.Fd() {
		t.Errorf("Guard(os.Stderr) has no Fd of os.Stderr")
	}
	if _, ok := Guard(&strings.Builder{}).(interface{ Fd() uintptr }); ok {
		t.Errorf("Guard(a builder) has an Fd")
	}
}
