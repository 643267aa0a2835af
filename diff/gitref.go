package diff

import (
	"archive/tar"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Tree is the tree of a git commit written out to a temporary directory,
// read with git archive: the repository's work tree, index and HEAD are
// never touched.
type Tree struct {
	Dir    string // the temporary directory; Close removes it
	Commit string // the full commit ID the ref named
}

// maxTreeBytes bounds what ExportRef writes: a tree larger than this is
// not a configuration to diff.
const maxTreeBytes = 2 << 30

// RepoRoot returns the top directory of the git work tree dir is in.
func RepoRoot(dir string) (string, error) {
	out, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// ExportRef writes the tree of ref (a branch, tag, commit, HEAD~1…) of the
// repository at repo into a new temporary directory.
func ExportRef(repo, ref string) (*Tree, error) {
	if strings.HasPrefix(ref, "-") {
		return nil, fmt.Errorf("git ref %q: a ref cannot start with -", ref)
	}
	out, err := git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("git ref %q: no such commit", ref)
	}
	commit := strings.TrimSpace(string(out))
	dir, err := os.MkdirTemp("", "iacscan-base-")
	if err != nil {
		return nil, err
	}
	t := &Tree{Dir: dir, Commit: commit}
	if err := archive(repo, commit, dir); err != nil {
		t.Close()
		return nil, fmt.Errorf("git archive %s: %w", ref, err)
	}
	return t, nil
}

// Close removes the temporary directory.
func (t *Tree) Close() error { return os.RemoveAll(t.Dir) }

// archive streams the tree of a commit from git archive into dir.
func archive(repo, commit, dir string) error {
	cmd := exec.Command("git", "archive", "--format=tar", commit)
	cmd.Dir = repo
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	err = untar(pipe, dir)
	_, _ = io.Copy(io.Discard, pipe) // let git finish writing
	if werr := cmd.Wait(); werr != nil && err == nil {
		err = fmt.Errorf("%s", cmp.Or(strings.TrimSpace(stderr.String()), werr.Error()))
	}
	return err
}

// git runs a git command in dir and returns its output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return stdout.Bytes(), nil
}

// untar writes the regular files and directories of a tar stream under
// dir. Links and special files are left out (a link could point outside
// the tree); names that would leave dir are errors.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	var written int64
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("%q is outside the tree", h.Name)
		}
		path := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(path, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			written += h.Size
			if written > maxTreeBytes {
				return fmt.Errorf("the tree is larger than %d bytes", maxTreeBytes)
			}
			if err := writeFile(path, tr); err != nil {
				return err
			}
		}
	}
}

func writeFile(path string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
