package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// managedHeader is the first line of managed-policies.tsv (see iam/load.go).
const managedHeader = "iacscan-aws-managed-policies\t1"

type managedPolicy struct {
	ARN             string `json:"arn"`
	LatestVersionID string `json:"latestVersionId"`
	Versions        map[string]struct {
		Document json.RawMessage `json:"document"`
	} `json:"versions"`
	LastUpdatedDate string `json:"lastUpdatedDate"`
}

// buildManaged keeps the default (latest) version of each AWS managed
// policy, as compact JSON. It also returns the newest update date, which
// dates the package's data.
func buildManaged(files map[string][]byte) ([]byte, string, int, error) {
	var policies map[string]managedPolicy
	if err := decode(files, "dist/managedPolicies.json", &policies); err != nil {
		return nil, "", 0, err
	}
	type row struct{ arn, name, version, doc string }
	var rows []row
	var newest string
	for name, p := range policies {
		v, ok := p.Versions[p.LatestVersionID]
		if !ok {
			return nil, "", 0, fmt.Errorf("managed policy %s: default version %s is missing", name, p.LatestVersionID)
		}
		if !strings.HasPrefix(p.ARN, "arn:aws:iam::aws:policy/") || !strings.HasSuffix(p.ARN, "/"+name) {
			return nil, "", 0, fmt.Errorf("managed policy %s: unexpected ARN %q", name, p.ARN)
		}
		var doc bytes.Buffer
		if err := json.Compact(&doc, v.Document); err != nil {
			return nil, "", 0, fmt.Errorf("managed policy %s: %w", name, err)
		}
		rows = append(rows, row{p.ARN, name, p.LatestVersionID, doc.String()})
		newest = max(newest, p.LastUpdatedDate)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].arn < rows[j].arn })
	var b tsv
	b.WriteString(managedHeader + "\n")
	for _, r := range rows {
		b.line(strings.TrimPrefix(r.arn, "arn:aws:iam::aws:policy/"), r.version, r.doc)
	}
	return b.Bytes(), newest, len(rows), b.err
}
