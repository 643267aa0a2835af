//go:build !unix

package plan

import "github.com/iacscan/iacscan/internal/safefile"

// mapFile reads a file; memory mapping is used on Unix only.
func mapFile(files safefile.Root, path string) (data []byte, release func(start, end int), unmap func(), err error) {
	data, err = files.ReadFile(path)
	return data, nil, func() {}, err
}
