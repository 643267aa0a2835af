package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// shellBlock is a fenced shell example of the documentation.
var shellBlock = regexp.MustCompile("(?s)```(?:sh|console|shell|bash)\n(.*?)```")

// placeholder is a word a reader replaces (PATH..., DIR, [flags]).
var placeholder = regexp.MustCompile(`^\[|^[A-Z][A-Z_]*(?:\.\.\.|\]|$)|\|`)

// TestDocumentedCommands runs, as written, every iacscan command of the
// README's and docs/'s shell examples that runs offline on a clean clone.
// Each example block is a session in a fresh directory holding what the
// examples name: infra/ (fixtures/demo), plan.json (a plan with its
// configuration) and policies/ (examples/policies); a block's commands
// run in order, `> FILE` writes the file the next command may read. Each
// command must exit as wantExit says: a command added to the docs is
// added there, which is where it is checked.
func TestDocumentedCommands(t *testing.T) {
	wantExit := map[string]int{}
	for line, code := range documentedExits {
		wantExit[line] = code
	}
	seen := map[string]bool{}
	var docs []string
	for _, pattern := range []string{"../../README.md", "../../docs/*.md", "../../docs/*/*.md"} {
		m, _ := filepath.Glob(pattern)
		docs = append(docs, m...)
	}
	type example struct{ doc, line string }
	var blocks [][]example
	for _, doc := range docs {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range shellBlock.FindAllStringSubmatch(string(text), -1) {
			var block []example
			for _, line := range strings.Split(strings.ReplaceAll(m[1], "\\\n", " "), "\n") {
				line = strings.TrimPrefix(strings.TrimSpace(line), "$ ")
				if line == "iacscan" || strings.HasPrefix(line, "iacscan ") {
					block = append(block, example{filepath.Base(doc), line})
				}
			}
			if len(block) > 0 {
				blocks = append(blocks, block)
			}
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, block := range blocks {
		dir := t.TempDir()
		copyTree(t, filepath.Join(root, "fixtures/demo"), filepath.Join(dir, "infra"))
		copyTree(t, filepath.Join(root, "diff/testdata/admin-grant/after"), dir)
		copyTree(t, filepath.Join(root, "examples/policies"), filepath.Join(dir, "policies"))
		t.Chdir(dir)
		for _, ex := range block {
			args, out, why := commandOf(ex.line)
			if why != "" {
				t.Logf("%s: not run (%s): %s", ex.doc, why, ex.line)
				continue
			}
			key := ex.line
			if i := strings.Index(key, " #"); i >= 0 {
				key = strings.TrimSpace(key[:i])
			}
			code, known := wantExit[key]
			seen[key] = true
			stdout, stderr, got := runCLI(args[1:]...)
			ran++
			if !known || got != code {
				t.Errorf("%s: %s\nexit %d, want %d (known: %t)\nstderr: %s", ex.doc, ex.line, got, code, known, stderr)
			}
			if out != "" {
				if err := os.WriteFile(out, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for line := range wantExit {
		if !seen[line] {
			t.Errorf("documentedExits has %q, which no example runs", line)
		}
	}
	if ran < 10 {
		t.Errorf("ran %d documented commands, want at least 10", ran)
	}
}

// documentedExits are the exit codes of the documented commands in the
// directory TestDocumentedCommands sets up: 1 where the demo has
// findings at or above --fail-on.
var documentedExits = map[string]int{
	"iacscan init":                                      0,
	"iacscan rules":                                     0,
	"iacscan explain IAM201":                            0,
	"iacscan diff plan.json":                            0,
	"iacscan version":                                   0,
	"iacscan --fail-on high plan.json":                  1,
	"iacscan --fail-on high infra/":                     1,
	"iacscan baseline . > .iacscan-baseline.json":       0,
	"iacscan --baseline .iacscan-baseline.json .":       0,
	"iacscan .":                                         1,
	"iacscan diff --fail-on-new high plan.json":         1,
	"iacscan --policy policies .":                       1,
	"iacscan rules --policy policies":                   0,
	"iacscan test-policies policies":                    0,
	"iacscan can aws_iam_user.ci iam:CreateUser infra/": 0,
	"iacscan can arn:aws:iam::123456789012:role/deploy s3:PutObject --resource arn:aws:s3:::site/index.html infra/": 0,
	"iacscan who-can iam:PassRole infra/ -f json":                                                                   0,
}

// commandOf is a documented line as arguments, with the file a `>`
// redirection writes, or why it is not run.
func commandOf(line string) (args []string, out, why string) {
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	words := strings.Fields(line)
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == ">" && i+1 < len(words):
			out = words[i+1]
			i++
		case w == ">>" || w == "|" || strings.ContainsAny(w, "$`"):
			return nil, "", "a shell construct"
		case placeholder.MatchString(w):
			return nil, "", "a placeholder"
		default:
			args = append(args, strings.Trim(w, `"'`))
		}
	}
	switch {
	case len(args) > 1 && args[1] == "plan":
		return nil, "", "runs terraform"
	case len(args) > 2 && args[1] == "diff" && strings.Contains(line, "--base"):
		return nil, "", "needs the git history of a clone"
	}
	return args, out, ""
}

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
