package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// consoleBlock is a README example: a command and its output.
var consoleBlock = regexp.MustCompile("(?s)```console\n\\$ iacscan ([^\n]*)\n(.*?)```")

// TestOrganizationExample runs every command of
// examples/organization/README.md from that directory and demands the
// output shown there, byte for byte, and exit 0.
func TestOrganizationExample(t *testing.T) {
	readme, err := os.ReadFile("../../examples/organization/README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := consoleBlock.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 7 {
		t.Fatalf("%d examples in the README, want at least 7", len(blocks))
	}
	t.Chdir("../../examples/organization")
	for _, b := range blocks {
		t.Run(b[1], func(t *testing.T) {
			stdout, stderr, code := runCLI(strings.Fields(b[1])...)
			if code != 0 || stderr != "" {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
			if stdout != b[2] {
				t.Errorf("output differs from the README:\n--- got\n%s--- README\n%s", stdout, b[2])
			}
		})
	}
}
