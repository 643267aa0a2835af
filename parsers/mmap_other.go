//go:build !unix

package parsers

import "os"

// mapFile reads a file; memory mapping is used on Unix only.
func mapFile(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}
