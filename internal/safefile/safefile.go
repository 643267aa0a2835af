package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// DefaultMaxSize is the size limit of one input file when none is given:
// above the largest real Terraform plans (hundreds of megabytes).
const DefaultMaxSize = 1 << 30

// Reasons a file is refused. Errors wrap them; their text never quotes the
// target of a link or the file's content.
var (
	// ErrOutsideRoot: the path, its symbolic links resolved, lies outside
	// the scan root.
	ErrOutsideRoot = errors.New("a symbolic link to a file outside the scanned directory")
	// ErrNotRegular: a directory, device, FIFO or socket.
	ErrNotRegular = errors.New("not a regular file (a device, FIFO, socket or directory)")
	// ErrTooLarge: larger than the size limit.
	ErrTooLarge = errors.New("larger than the size limit")
)

// Skipped reports whether err says a file was refused on purpose (outside
// the root, not a regular file): a warning, where a file too large to read
// or unreadable is an input not analysed.
func Skipped(err error) bool {
	return errors.Is(err, ErrOutsideRoot) || errors.Is(err, ErrNotRegular)
}

// Root is a directory that reads stay within, with the size limit of one
// file. The zero Root has no directory bound (standard input) and the
// default size limit.
type Root struct {
	dir     string // absolute, symbolic links resolved
	maxSize int64
	overlay Overlay
}

// Overlay is content that reads return instead of a file's on disk: the
// unsaved buffers of an editor. Keys are real paths (absolute, symbolic
// links resolved). Only files that exist are overlaid, and a read keeps
// to the root and the size limit as it would on disk. An Overlay is not
// changed once a Root holds it.
type Overlay map[string][]byte

// WithOverlay returns r reading o's content instead of the files'.
func (r Root) WithOverlay(o Overlay) Root {
	r.overlay = o
	return r
}

// Overlay is what r reads instead of the files; nil for none.
func (r Root) Overlay() Overlay { return r.overlay }

// Overlaid returns the overlay's content for path, when it has some and
// path resolves inside the root. A read still checks its size.
func (r Root) Overlaid(path string) ([]byte, bool) {
	if len(r.overlay) == 0 {
		return nil, false
	}
	real, err := r.Resolve(path)
	if err != nil {
		return nil, false
	}
	data, ok := r.overlay[real]
	return data, ok
}

// fromOverlay returns the overlay's content for the real path of path.
func (r Root) fromOverlay(path, real string) ([]byte, bool, error) {
	data, ok := r.overlay[real]
	if !ok {
		return nil, false, nil
	}
	if int64(len(data)) > r.MaxSize() {
		return nil, true, &fs.PathError{Op: "read", Path: path, Err: tooLarge(r.MaxSize())}
	}
	return slices.Clone(data), true, nil
}

// NewRoot returns the root for dir; maxSize <= 0 means DefaultMaxSize.
func NewRoot(dir string, maxSize int64) Root {
	return Root{dir: realDir(dir), maxSize: maxSize}
}

func realDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return filepath.Clean(dir)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

// Limit returns a Root with no directory bound (for standard input) and
// the given size limit.
func Limit(maxSize int64) Root { return Root{maxSize: maxSize} }

// Dir is the root directory, absolute with its symbolic links resolved.
func (r Root) Dir() string { return r.dir }

// MaxSize is the size limit of one file.
func (r Root) MaxSize() int64 {
	if r.maxSize <= 0 {
		return DefaultMaxSize
	}
	return r.maxSize
}

// Resolve returns the real path of path (its symbolic links resolved), or
// ErrOutsideRoot when it lies outside the root.
func (r Root) Resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	if r.dir != "" && !Within(r.dir, real) {
		return "", &fs.PathError{Op: "read", Path: path, Err: ErrOutsideRoot}
	}
	return real, nil
}

// Contains reports whether path, resolved, is inside the root.
func (r Root) Contains(path string) bool {
	_, err := r.Resolve(path)
	return err == nil
}

// Stat returns the information of the file a path resolves to, when it is
// a regular file inside the root.
func (r Root) Stat(path string) (string, fs.FileInfo, error) {
	real, err := r.Resolve(path)
	if err != nil {
		return "", nil, err
	}
	info, err := os.Stat(real)
	if err != nil {
		return "", nil, err
	}
	if !info.Mode().IsRegular() {
		return "", nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	if info.Size() > r.MaxSize() {
		return "", nil, &fs.PathError{Op: "read", Path: path, Err: tooLarge(r.MaxSize())}
	}
	return real, info, nil
}

// ReadFile reads a regular file inside the root, of at most the size limit.
func (r Root) ReadFile(path string) ([]byte, error) {
	if len(r.overlay) > 0 {
		if real, err := r.Resolve(path); err == nil {
			if data, ok, err := r.fromOverlay(path, real); ok {
				return data, err
			}
		}
	}
	real, _, err := r.Stat(path)
	if err != nil {
		return nil, err
	}
	return r.readReal(path, real)
}

// readReal reads path, whose real path inside the root is real.
func (r Root) readReal(path, real string) ([]byte, error) {
	f, err := os.Open(real)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have been replaced since Stat: check what was opened.
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	data, err := ReadAll(f, r.MaxSize())
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}

// Open opens a regular file inside the root (for a reader that maps it).
// It reads the disk, not the overlay: callers that may be given an
// overlay ask Overlaid first.
func (r Root) Open(path string) (*os.File, error) {
	real, _, err := r.Stat(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() || info.Size() > r.MaxSize() {
		f.Close()
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	return f, nil
}

// ReadAll reads rd to its end, or fails with ErrTooLarge past maxSize bytes
// (standard input has no size to check first). It reads in chunks that
// double up to readChunkMax and are joined at the end, so refusing an
// endless stream holds maxSize bytes, not the 2x of a buffer that grows by
// copying, and an os.File of known size too large is refused unread. A
// regular file is read in one chunk of its size and a byte (to see its
// end), not readChunkMin: the .tf files of a repository are a few kB each,
// and clearing 64 kB for each was a tenth of a small scan's time.
func ReadAll(rd io.Reader, maxSize int64) ([]byte, error) {
	first := int64(readChunkMin)
	if f, ok := rd.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			if info.Size() > maxSize {
				return nil, tooLarge(maxSize)
			}
			if info.Size() > 0 { // else perhaps a file whose size the system does not know
				first = info.Size() + 1
			}
		}
	}
	var (
		chunks [][]byte
		total  int64
	)
	for size := first; ; size = min(2*size, readChunkMax) {
		chunk := make([]byte, min(size, maxSize+1-total))
		n, err := io.ReadFull(rd, chunk)
		chunks = append(chunks, chunk[:n])
		total += int64(n)
		if total > maxSize {
			return nil, tooLarge(maxSize)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	data := make([]byte, 0, total)
	for i, c := range chunks {
		data = append(data, c...)
		chunks[i] = nil // let the collector have it while the rest is copied
	}
	return data, nil
}

// readChunkMin and readChunkMax bound the chunks ReadAll reads in.
const (
	readChunkMin = 64 << 10
	readChunkMax = 64 << 20
)

func tooLarge(maxSize int64) error {
	return fmt.Errorf("%w of %s (--max-file-size); not read", ErrTooLarge, Size(maxSize))
}

// Size writes a byte count as people do: 1 GiB, 512 MiB, 64 KiB, 100 B.
func Size(n int64) string {
	for _, u := range []struct {
		shift int
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.name)
		}
	}
	return fmt.Sprintf("%d B", n)
}

// ParseSize reads a size limit: a number of bytes with an optional unit
// (K, M, G, with or without "iB"/"B"; powers of 1024).
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	shift := 0
	switch {
	case strings.HasSuffix(t, "K"):
		shift = 10
	case strings.HasSuffix(t, "M"):
		shift = 20
	case strings.HasSuffix(t, "G"):
		shift = 30
	}
	if shift > 0 {
		t = strings.TrimSpace(t[:len(t)-1])
	}
	var n int64
	if _, err := fmt.Sscan(t, &n); err != nil || n <= 0 || n > (1<<62)>>shift {
		return 0, fmt.Errorf("invalid size %q (want a number of bytes, e.g. 512M or 2G)", s)
	}
	return n << shift, nil
}

// Within reports whether path is dir or below it (both absolute, clean).
func Within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
