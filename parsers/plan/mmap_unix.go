//go:build unix

package plan

import (
	"syscall"

	"github.com/iacscan/iacscan/internal/safefile"
)

// mapFile maps a large file into memory read-only. A plan can be hundreds
// of megabytes: mapped, its bytes are not part of the Go heap, so the
// garbage collector does not size the heap to twice their size. Small files
// are read. release, nil for a file that was read, hands the pages of a
// range back to the system (see releasePages).
func mapFile(files safefile.Root, path string) (data []byte, release func(start, end int), unmap func(), err error) {
	f, err := files.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, nil, err
	}
	size := info.Size()
	if size < 4<<20 || size != int64(int(size)) {
		data, err := safefile.ReadAll(f, files.MaxSize())
		return data, nil, func() {}, err
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		data, err := safefile.ReadAll(f, files.MaxSize())
		return data, nil, func() {}, err
	}
	return data, releasePages(data), func() { syscall.Munmap(data) }, nil
}
