package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/internal/safefile"
)

// sandbox confines the file functions to the scan root: configuration may
// ask for any path, but iacscan reads only files under the directory it was
// asked to scan (following symbolic links before deciding).
type sandbox struct {
	root string // absolute, symbolic links resolved; "" allows nothing
	// read collects the real paths of the files read: their contents are
	// part of the configuration, not inputs of their own.
	read map[string]bool
	// dirs remembers resolveDir's verdicts, by directory.
	dirs map[string]error
	// overlay is read instead of the files (an editor's buffers).
	overlay safefile.Overlay
}

func newSandbox(root string, overlay safefile.Overlay) sandbox {
	abs, err := filepath.Abs(root)
	if err != nil {
		return sandbox{}
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return sandbox{root: abs, read: make(map[string]bool), dirs: make(map[string]error), overlay: overlay}
}

// resolve returns the real path of p (relative to base when not absolute),
// or an error when it lies outside the root.
func (sb sandbox) resolve(base, p string) (string, error) {
	if sb.root == "" {
		return "", fmt.Errorf("no file may be read")
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(base, p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	if !sb.contains(real) {
		return "", fmt.Errorf("%s is outside the scanned directory", p)
	}
	return real, nil
}

// resolveDir checks that a local module's directory lies inside the root,
// once per directory: a module called by many instances or roots would
// otherwise have its path's links resolved at every call.
func (sb sandbox) resolveDir(dir string) error {
	if err, ok := sb.dirs[dir]; ok {
		return err
	}
	_, err := sb.resolve(".", dir)
	if sb.dirs != nil {
		sb.dirs[dir] = err
	}
	return err
}

func (sb sandbox) contains(path string) bool {
	rel, err := filepath.Rel(sb.root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// read returns the contents of a file inside the root.
func (sb sandbox) readFile(base, p string) ([]byte, error) {
	real, err := sb.resolve(base, p)
	if err != nil {
		return nil, err
	}
	const maxFile = 4 << 20 // policies and templates are small; a huge file is not one
	info, err := os.Stat(real)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() > maxFile {
		return nil, fmt.Errorf("%s is not a readable file", p) // a FIFO would block the scan
	}
	if sb.read != nil {
		sb.read[real] = true
	}
	return safefile.NewRoot(sb.root, maxFile).WithOverlay(sb.overlay).ReadFile(real)
}
