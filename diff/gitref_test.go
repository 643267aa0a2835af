package diff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// gitRepo makes a repository in a new directory with files (a value
// starting with "-> " is a symbolic link to the rest) committed.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+repo)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q")
	for name, content := range files {
		path := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "-> "); ok {
			err = os.Symlink(target, path)
		} else {
			err = os.WriteFile(path, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	run("add", "-A")
	run("commit", "-q", "-m", "base")
	return repo
}

// readTree returns every file under dir with its content, and fails on
// anything that is not a regular file or a directory.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			t.Errorf("%s is not a regular file: %v", path, d.Type())
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// The base tree is the commit's objects: .gitattributes neither leaves
// files out (export-ignore) nor rewrites them (export-subst), and a
// symbolic link is not written but reported.
func TestExportRefIgnoresAttributes(t *testing.T) {
	t.Parallel()
	repo := gitRepo(t, map[string]string{
		".gitattributes":     "infra/hidden.tf export-ignore\ninfra/subst.tf export-subst\n",
		"infra/hidden.tf":    "resource \"aws_iam_user\" \"hidden\" {}\n",
		"infra/subst.tf":     "# $Format:%H$\n",
		"infra/main.tf":      "# main\n",
		"infra/link.tf":      "-> ../outside.tf",
		"infra/deep/dir.tf":  "# deep\n",
		"infra/name with ws": "x",
	})
	tree, err := ExportRef(context.Background(), repo, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	want := map[string]string{
		".gitattributes":     "infra/hidden.tf export-ignore\ninfra/subst.tf export-subst\n",
		"infra/hidden.tf":    "resource \"aws_iam_user\" \"hidden\" {}\n",
		"infra/subst.tf":     "# $Format:%H$\n",
		"infra/main.tf":      "# main\n",
		"infra/deep/dir.tf":  "# deep\n",
		"infra/name with ws": "x",
	}
	if diff := cmp.Diff(want, readTree(t, tree.Dir)); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	wantSkipped := []Skipped{{Path: "infra/link.tf", Why: `a symbolic link to "../outside.tf"`}}
	if diff := cmp.Diff(wantSkipped, tree.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if err := tree.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tree.Dir); !os.IsNotExist(err) {
		t.Errorf("Close left %s: %v", tree.Dir, err)
	}
}

// A failed or cancelled export leaves no directory behind.
func TestExportRefCleansUp(t *testing.T) {
	repo := gitRepo(t, map[string]string{"main.tf": "# main\n"})
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ExportRef(ctx, repo, "HEAD"); err == nil {
		t.Error("a cancelled export succeeded")
	}
	if _, err := ExportRef(context.Background(), repo, "no-such-ref"); err == nil || err.Error() != `git ref "no-such-ref": no such commit` {
		t.Errorf("got %v", err)
	}
	if left, _ := os.ReadDir(os.TempDir()); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
}

func TestExportRefRejectsOptions(t *testing.T) {
	t.Parallel()
	if _, err := ExportRef(context.Background(), ".", "--output=/tmp/x"); err == nil || !strings.Contains(err.Error(), "cannot start with -") {
		t.Errorf("got %v", err)
	}
}

func TestParseTree(t *testing.T) {
	t.Parallel()
	got, err := parseTree([]byte("100644 blob 1111 12\ta/b.tf\x00160000 commit 2222       -\tsub\x00"))
	if err != nil {
		t.Fatal(err)
	}
	want := []entry{{mode: "100644", kind: "blob", object: "1111", size: 12, path: "a/b.tf"}, {mode: "160000", kind: "commit", object: "2222", path: "sub"}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(entry{})); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"100644 blob 1 1\t../x\x00", "100644 blob 1 1\t/abs\x00", "100644 blob 1\tx\x00", "100644 blob 1 -5\tx\x00"} {
		if _, err := parseTree([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// FuzzParseTree: any listing is read without panic, and every path it
// accepts stays inside the tree.
func FuzzParseTree(f *testing.F) {
	f.Add([]byte("100644 blob 1111 12\ta/b.tf\x00"))
	f.Add([]byte("120000 blob 1111 2\tl\x00160000 commit 2 -\ts\x00"))
	f.Add([]byte("100644 blob 1 1\t../x\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := parseTree(data)
		if err != nil {
			return
		}
		for _, e := range entries {
			if !filepath.IsLocal(filepath.FromSlash(e.path)) || e.size < 0 {
				t.Fatalf("accepted %+v", e)
			}
		}
	})
}

// A symbolic link whose target is longer than any system takes is named
// without reading its target (a commit can hold a "link" of any size).
func TestExportRefLongLink(t *testing.T) {
	t.Parallel()
	repo := gitRepo(t, map[string]string{"main.tf": "# main\n"})
	git := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Stdin = strings.NewReader(stdin)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+repo)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %v: %v", args, err)
		}
		return strings.TrimSpace(string(out))
	}
	blob := git(strings.Repeat("a/", 5000), "hash-object", "-w", "--stdin")
	git("", "update-index", "--add", "--cacheinfo", "120000,"+blob+",long")
	git("", "commit", "-q", "-m", "long link")
	tree, err := ExportRef(context.Background(), repo, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	want := []Skipped{{Path: "long", Why: "a symbolic link (to a target of 10000 bytes)"}}
	if diff := cmp.Diff(want, tree.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}
