package diff

import (
	"bufio"
	"bytes"
	"cmp"
	"context"

	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Tree is the tree of a git commit written out to a temporary directory,
// read object by object (git ls-tree, git cat-file): the repository's work
// tree, index and HEAD are never touched, and .gitattributes
// (export-ignore, export-subst, filters) change nothing of what is
// compared.
type Tree struct {
	Dir    string // the temporary directory; Close removes it
	Commit string // the full commit ID the ref named
	// Skipped are the entries of the tree not written: symbolic links
	// (a link could point outside the tree) and submodules.
	Skipped []Skipped
}

// Skipped is an entry of a base tree that is not written out.
type Skipped struct {
	Path string // slash-separated, from the top of the tree
	Why  string // "a symbolic link to ../x", "a submodule"
}

// maxTreeBytes bounds what ExportRef writes: a tree larger than this is
// not a configuration to diff.
const maxTreeBytes = 2 << 30

// maxLinkTarget bounds the target of a symbolic link read to name it: no
// system takes a longer one (PATH_MAX), and a commit can hold a "link" of
// any size.
const maxLinkTarget = 4096

// ExportRef writes the tree of ref (a branch, tag, commit, HEAD~1…) of the
// repository at repo into a new temporary directory, and removes it again
// when it fails or ctx is cancelled before it is done. The caller Closes
// the tree.
func ExportRef(ctx context.Context, repo, ref string) (*Tree, error) {
	if strings.HasPrefix(ref, "-") {
		return nil, fmt.Errorf("git ref %q: a ref cannot start with -", ref)
	}
	out, err := git(ctx, repo, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("git ref %q: no such commit", ref)
	}
	commit := strings.TrimSpace(string(out))
	dir, err := os.MkdirTemp("", "iacscan-base-")
	if err != nil {
		return nil, err
	}
	t := &Tree{Dir: dir, Commit: commit}
	if err := t.write(ctx, repo); err != nil {
		t.Close()
		return nil, fmt.Errorf("reading the tree of %s: %w", ref, cmp.Or(ctx.Err(), err))
	}
	return t, nil
}

// Close removes the temporary directory.
func (t *Tree) Close() error { return os.RemoveAll(t.Dir) }

// entry is one line of git ls-tree -r -l -z: a file of the tree.
type entry struct {
	mode, kind, object string
	size               int64 // "-" for a submodule: 0
	path               string
}

// write lists the tree of the commit and writes its files under t.Dir.
func (t *Tree) write(ctx context.Context, repo string) error {
	out, err := git(ctx, repo, "ls-tree", "-r", "-l", "-z", "--full-tree", t.Commit)
	if err != nil {
		return err
	}
	entries, err := parseTree(out)
	if err != nil {
		return err
	}
	var files []entry
	var total int64
	for _, e := range entries {
		switch {
		case e.mode == "120000" && e.size > maxLinkTarget:
			t.Skipped = append(t.Skipped, Skipped{Path: e.path, Why: fmt.Sprintf("a symbolic link (to a target of %d bytes)", e.size)})
		case e.mode == "120000":
			target, err := git(ctx, repo, "cat-file", "blob", e.object)
			if err != nil {
				return err
			}
			t.Skipped = append(t.Skipped, Skipped{Path: e.path, Why: "a symbolic link to " + strconv.Quote(string(target))})
		case e.kind == "commit":
			t.Skipped = append(t.Skipped, Skipped{Path: e.path, Why: "a submodule"})
		case e.kind == "blob":
			total += e.size
			if total > maxTreeBytes {
				return fmt.Errorf("the tree is larger than %d bytes", maxTreeBytes)
			}
			files = append(files, e)
		}
	}
	return t.writeBlobs(ctx, repo, files)
}

// parseTree reads the output of git ls-tree -r -l -z: "MODE TYPE OBJECT
// SIZE\tPATH\x00" per entry. A path that would leave the tree is an error.
func parseTree(out []byte) ([]entry, error) {
	var entries []entry
	for len(out) > 0 {
		line, rest, _ := bytes.Cut(out, []byte{0})
		out = rest
		meta, path, ok := bytes.Cut(line, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if !ok || len(fields) != 4 {
			return nil, fmt.Errorf("git ls-tree: unexpected line %q", line)
		}
		e := entry{mode: fields[0], kind: fields[1], object: fields[2], path: string(path)}
		if fields[3] != "-" {
			size, err := strconv.ParseInt(fields[3], 10, 64)
			if err != nil || size < 0 {
				return nil, fmt.Errorf("git ls-tree: unexpected size in %q", line)
			}
			e.size = size
		}
		if !filepath.IsLocal(filepath.FromSlash(e.path)) {
			return nil, fmt.Errorf("%q is outside the tree", e.path)
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// writeBlobs streams the files' contents from one git cat-file --batch
// and writes each under t.Dir.
func (t *Tree) writeBlobs(ctx context.Context, repo string, files []entry) error {
	var ids strings.Builder
	for _, f := range files {
		ids.WriteString(f.object)
		ids.WriteByte('\n')
	}
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = repo
	cmd.Stdin = strings.NewReader(ids.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	r := bufio.NewReader(pipe)
	for _, f := range files {
		if err = readBlob(r, f, filepath.Join(t.Dir, filepath.FromSlash(f.path))); err != nil {
			break
		}
	}
	_, _ = io.Copy(io.Discard, r) // let git finish writing
	if werr := cmd.Wait(); werr != nil && err == nil {
		err = fmt.Errorf("git cat-file: %s", cmp.Or(strings.TrimSpace(stderr.String()), werr.Error()))
	}
	return err
}

// readBlob reads one "OBJECT blob SIZE\n<content>\n" of git cat-file
// --batch into path.
func readBlob(r *bufio.Reader, f entry, path string) error {
	header, err := r.ReadString('\n')
	if err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	fields := strings.Fields(header)
	if len(fields) != 3 || fields[0] != f.object || fields[1] != "blob" || fields[2] != strconv.FormatInt(f.size, 10) {
		return fmt.Errorf("git cat-file: unexpected header %q for %s", strings.TrimSpace(header), f.path)
	}
	if err := writeFile(path, io.LimitReader(r, f.size)); err != nil {
		return err
	}
	if b, err := r.ReadByte(); err != nil || b != '\n' {
		return fmt.Errorf("git cat-file: %s is shorter than its size", f.path)
	}
	return nil
}

// git runs a git command in dir and returns its output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
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
