package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/iacscan/iacscan/iam/internal/twin"
)

// managedHeader is the first line of managed-policies.tsv (see iam/load.go).
const managedHeader = "iacscan-aws-managed-policies\t2"

type managedPolicy struct {
	ARN             string `json:"arn"`
	LatestVersionID string `json:"latestVersionId"`
	Versions        map[string]struct {
		Document json.RawMessage `json:"document"`
	} `json:"versions"`
	LastUpdatedDate string `json:"lastUpdatedDate"`
}

// managedData is what buildManaged writes: the index of the AWS managed
// policies (managed-policies.tsv) and their documents
// (managed-documents.jsonl), with the newest update date, which dates the
// package's data, and the number of policies.
type managedData struct {
	index, documents []byte
	newest           string
	count            int
}

// buildManaged keeps the default (latest) version of each AWS managed
// policy. The documents are compact JSON, one a line; the index line of
// each gives its name, version, twin hash and length, so that iam finds a
// document without reading the others (see iam/load.go).
func buildManaged(files map[string][]byte) (managedData, error) {
	var policies map[string]managedPolicy
	if err := decode(files, "dist/managedPolicies.json", &policies); err != nil {
		return managedData{}, err
	}
	type row struct{ arn, name, version, doc string }
	var rows []row
	var newest string
	for name, p := range policies {
		v, ok := p.Versions[p.LatestVersionID]
		if !ok {
			return managedData{}, fmt.Errorf("managed policy %s: default version %s is missing", name, p.LatestVersionID)
		}
		if !strings.HasPrefix(p.ARN, "arn:aws:iam::aws:policy/") || !strings.HasSuffix(p.ARN, "/"+name) {
			return managedData{}, fmt.Errorf("managed policy %s: unexpected ARN %q", name, p.ARN)
		}
		var doc bytes.Buffer
		if err := json.Compact(&doc, v.Document); err != nil {
			return managedData{}, fmt.Errorf("managed policy %s: %w", name, err)
		}
		rows = append(rows, row{p.ARN, name, p.LatestVersionID, doc.String()})
		newest = max(newest, p.LastUpdatedDate)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].arn < rows[j].arn })
	var index, docs tsv
	index.WriteString(managedHeader + "\n")
	for _, r := range rows {
		index.line(strings.TrimPrefix(r.arn, "arn:aws:iam::aws:policy/"), r.version, twinHash(r.doc), strconv.Itoa(len(r.doc)))
		docs.line(r.doc)
	}
	return managedData{index.Bytes(), docs.Bytes(), newest, len(rows)}, errors.Join(index.err, docs.err)
}

// twinHash is the hash of the document's twin key (twin.KeyJSON) in hex,
// or "-" when it has none.
func twinHash(doc string) string {
	key, ok := twin.KeyJSON(doc)
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%016x", twin.Hash(key))
}
