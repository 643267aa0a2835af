package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// hostileNames are file names written by whoever opened the pull request:
// a GitHub workflow command, a newline that starts a workflow command on
// the next line, a terminal escape that clears the line, a carriage return.
var hostileNames = []string{
	"::warning title=Fake::All clear.tf",
	"x\n::error title=Fake::Injected.tf",
	"e\x1b[2K\rvil.tf",
}

// hostileTerraform is a configuration whose strings carry the same: the
// user's name and the statement's Sid.
const hostileTerraform = `resource "aws_iam_user" "deployer" {
  name = "deployer\n::error title=Fake::name\u001b[31m"
}

resource "aws_iam_user_policy" "deployer" {
  user   = aws_iam_user.deployer.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "::warning::sid\r\n::error::again"
      Effect   = "Allow"
      Action   = ["iam:PassRole", "s3:*"]
      Resource = "*"
    }]
  })
}
`

// hostileRule is a custom rule from the repository whose metadata and
// messages carry them too.
const hostileRule = `# METADATA
# title: "::error title=Fake::Title\u001b[2K"
# description: "Line one.\n::warning::Description\r"
# custom:
#   id: ORG001
#   severity: high
#   remediation: "::notice::fix\u001b]0;x\u0007"
package org.hostile

deny contains {"element": "principals/0", "message": "::error::message\n::warning::second\u001b[31m"}
`

// hostileRepo writes the hostile inputs into a git repository (the base
// of diff --base is its first commit, with one input fewer) and returns
// its directory, with the configuration in infra/ and the rule in
// policies/.
func hostileRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Skip(err) // a file system that refuses the name
		}
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write("infra/main.tf", "resource \"aws_iam_user\" \"base\" {\n  name = \"base\"\n}\n")
	write("policies/hostile.rego", hostileRule)
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	write("infra/user.tf", hostileTerraform)
	for _, name := range hostileNames {
		write(filepath.Join("infra", name), "resource \"aws_iam_user\" \"broken\" {\n")
	}
	write(filepath.Join("infra", "policy\n::error::x.json"), `{"Version": "2012-10-17", "Statement": [{"Sid": "::warning::json", "Effect": "Allow", "Action": "*", "Resource": "*"}]}`)
	return repo
}

// TestHostileOutputs runs every command in every format over hostile file
// names and policy strings: no output may hold a control character taken
// from the input (a line break is iacscan's own), nor a line that GitHub's
// runner would read as a workflow command (its first non-blank characters
// "::").
func TestHostileOutputs(t *testing.T) {
	repo := hostileRepo(t)
	t.Chdir(repo)
	t.Setenv("NO_COLOR", "1")
	const user = "deployer\n::error title=Fake::name\x1b[31m"
	var runs [][]string
	for _, f := range []string{"text", "json", "sarif", "junit", "markdown"} {
		runs = append(runs, []string{"scan", "--policy", "policies", "-f", f, "infra"})
	}
	for _, f := range []string{"text", "json", "markdown"} {
		runs = append(runs, []string{"summary", "-f", f, "infra"})
		runs = append(runs, []string{"summary", "--full", "-f", f, "infra"})
		runs = append(runs, []string{"diff", "--base", "HEAD", "-f", f, "infra"})
	}
	for _, f := range []string{"text", "json"} {
		runs = append(runs, []string{"can", "-f", f, user, "iam:PassRole", "infra"})
		runs = append(runs, []string{"can", "-f", f, "aws_iam_user.deployer", "s3:GetObject", "infra"})
		runs = append(runs, []string{"who-can", "-f", f, "iam:PassRole", "infra"})
		runs = append(runs, []string{"who-can", "-f", f, "s3:GetObject", "infra"})
	}
	runs = append(runs,
		[]string{"export", "infra"},
		[]string{"baseline", "infra"},
		[]string{"explain", "--policy", "policies", "ORG001"},
		[]string{"rules", "--policy", "policies"},
		[]string{"test-policies", "policies"},
		[]string{"scan", "infra/" + hostileNames[0]},
		[]string{"scan", "infra/" + hostileNames[1]},
	)
	for _, args := range runs {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, code := runCLI(args...)
			if code != exitOK && code != exitFindings && code != exitError {
				t.Errorf("exit %d", code)
			}
			checkClean(t, "stdout", stdout)
			checkClean(t, "stderr", stderr)
		})
	}
}

// afterLineBreak are the texts of the inputs that follow a line break in
// them: no line of an output may start with one, escaped or not (the line
// break must have been escaped where the value was written).
var afterLineBreak = []string{
	"::error title=Fake::Injected", "::error::x.json", "::error title=Fake::name",
	"::error::again", "::warning::second", "::warning::Description",
}

// checkClean fails on a control character other than a line break, a
// line whose first non-blank characters are "::", or a line that starts
// with what follows a line break in an input.
func checkClean(t *testing.T, name, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		start := strings.TrimLeft(line, " \t")
		if strings.HasPrefix(start, "::") {
			t.Errorf("%s line %d is a workflow command: %q", name, i+1, line)
		}
		for _, after := range afterLineBreak {
			if strings.HasPrefix(strings.TrimPrefix(start, `\x3a`), after) {
				t.Errorf("%s line %d starts after a line break of the input: %q", name, i+1, line)
			}
		}
		if j := strings.IndexFunc(line, func(r rune) bool { return r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) }); j >= 0 {
			t.Errorf("%s line %d holds %q: %q", name, i+1, line[j:j+1], line)
		}
	}
}
