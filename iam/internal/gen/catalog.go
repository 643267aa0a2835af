package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// catalogHeader is the first line of catalog.tsv, catalogIndexHeader that
// of catalog-index.tsv; iam/load.go reads the same formats (documented
// there).
const (
	catalogHeader      = "iacscan-iam-catalog\t1"
	catalogIndexHeader = "iacscan-iam-catalog-index\t1"
)

type iamAction struct {
	Name          string `json:"name"`
	AccessLevel   string `json:"accessLevel"`
	ResourceTypes []struct {
		Name          string   `json:"name"`
		Required      bool     `json:"required"`
		ConditionKeys []string `json:"conditionKeys"`
	} `json:"resourceTypes"`
	ConditionKeys []string `json:"conditionKeys"`
}

type iamResourceType struct {
	Key           string   `json:"key"`
	ARN           string   `json:"arn"`
	ConditionKeys []string `json:"conditionKeys"`
}

type iamConditionKey struct {
	Key  string `json:"key"`
	Type string `json:"type"`
}

// levelCodes maps the package's access levels to one-letter codes. AWS now
// lists permissions-management and tagging actions as also "Write"; the
// policy summary and the rules use the specific level.
var levelCodes = map[string]string{
	"List":                          "L",
	"Read":                          "R",
	"Write":                         "W",
	"Permissions management, Write": "P",
	"Permissions management":        "P",
	"Tagging, Write":                "T",
	"Tagging":                       "T",
}

// buildCatalog turns the iam-data package into catalog.tsv.
func buildCatalog(files map[string][]byte) ([]byte, stats, error) {
	var st stats
	var services []string
	if err := decode(files, "data/services.json", &services); err != nil {
		return nil, st, err
	}
	var names map[string]string
	if err := decode(files, "data/serviceNames.json", &names); err != nil {
		return nil, st, err
	}
	globals, err := globalKeys(files["dist/cjs/globalConditionKeys.js"])
	if err != nil {
		return nil, st, err
	}
	var b tsv
	b.WriteString(catalogHeader + "\n")
	for _, g := range globals {
		b.line("G", g.Key, g.Type)
	}
	sort.Strings(services)
	for _, svc := range services {
		n, err := writeService(&b, files, svc, names[svc])
		if err != nil {
			return nil, st, err
		}
		st.Services++
		st.Actions += n
	}
	return b.Bytes(), st, b.err
}

// indexCatalog writes catalog-index.tsv for a catalog.tsv: each service's
// prefix and name, the byte offset and line of its S record, and its number
// of actions, so that iam finds a service without reading the others.
func indexCatalog(catalog []byte) ([]byte, error) {
	var b tsv
	b.WriteString(catalogIndexHeader + "\n")
	var svc []string // the fields of the service being counted
	actions := 0
	flush := func() {
		if svc != nil {
			b.line(append(svc, strconv.Itoa(actions))...)
		}
	}
	off := 0
	for n, line := range strings.SplitAfter(string(catalog), "\n") {
		kind, rest, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		switch kind {
		case "S":
			flush()
			prefix, name, _ := strings.Cut(rest, "\t")
			svc, actions = []string{prefix, name, strconv.Itoa(off), strconv.Itoa(n + 1)}, 0
		case "A":
			actions++
		}
		off += len(line)
	}
	flush()
	return b.Bytes(), b.err
}

func writeService(b *tsv, files map[string][]byte, svc, name string) (int, error) {
	var (
		actions   map[string]iamAction
		resources map[string]iamResourceType
		keys      map[string]iamConditionKey
	)
	for path, v := range map[string]any{"actions": &actions, "resourceTypes": &resources, "conditionKeys": &keys} {
		if err := decode(files, "data/"+path+"/"+svc+".json", v); err != nil {
			return 0, err
		}
	}
	if name == "" {
		name = svc
	}
	b.line("S", svc, name)
	for _, k := range sortedKeys(resources) {
		r := resources[k]
		b.line("T", r.Key, r.ARN, strings.Join(sortedUnique(r.ConditionKeys), ","))
	}
	for _, k := range sortedKeys(keys) {
		b.line("K", keys[k].Key, keys[k].Type)
	}
	for _, k := range sortedKeys(actions) {
		a := actions[k]
		level, ok := levelCodes[a.AccessLevel]
		if !ok {
			return 0, fmt.Errorf("%s:%s: unknown access level %q", svc, a.Name, a.AccessLevel)
		}
		var types, ckeys []string
		ckeys = append(ckeys, a.ConditionKeys...)
		for _, rt := range a.ResourceTypes {
			if _, ok := resources[strings.ToLower(rt.Name)]; !ok {
				return 0, fmt.Errorf("%s:%s: unknown resource type %q", svc, a.Name, rt.Name)
			}
			t := rt.Name
			if rt.Required {
				t += "!"
			}
			types = append(types, t)
			ckeys = append(ckeys, rt.ConditionKeys...)
		}
		b.line("A", a.Name, level, strings.Join(sortedUnique(types), ","), strings.Join(sortedUnique(ckeys), ","))
	}
	return len(actions), nil
}

// globalKeyEntry matches one element of the package's global condition key
// table, which it ships as JavaScript rather than JSON.
var globalKeyEntry = regexp.MustCompile(`key: '([^']+)',\s*category: '[^']*',\s*type: '([^']+)'`)

// globalKeys reads the global condition keys. The table's placeholder
// "tag-key" becomes ${TagKey}, as in the per-service data.
func globalKeys(js []byte) ([]iamConditionKey, error) {
	matches := globalKeyEntry.FindAllSubmatch(js, -1)
	if len(matches) == 0 || len(matches) != bytes.Count(js, []byte("key: '")) {
		return nil, fmt.Errorf("globalConditionKeys.js: found %d entries in %d keys; the file's shape changed",
			len(matches), bytes.Count(js, []byte("key: '")))
	}
	seen := make(map[string]bool)
	var out []iamConditionKey
	for _, m := range matches {
		key := strings.Replace(string(m[1]), "/tag-key", "/${TagKey}", 1)
		if seen[strings.ToLower(key)] {
			continue
		}
		seen[strings.ToLower(key)] = true
		out = append(out, iamConditionKey{Key: key, Type: string(m[2])})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Key) < strings.ToLower(out[j].Key) })
	return out, nil
}

func decode(files map[string][]byte, path string, v any) error {
	data, ok := files[path]
	if !ok {
		return fmt.Errorf("%s: not in the package", path)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// tsv builds tab-separated records. A field holding a tab or newline would
// break the format: the first one is kept as the error.
type tsv struct {
	bytes.Buffer
	err error
}

func (b *tsv) line(fields ...string) {
	for i, f := range fields {
		if strings.ContainsAny(f, "\t\n") && b.err == nil {
			b.err = fmt.Errorf("field %q holds a tab or newline", f)
		}
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(f)
	}
	b.WriteByte('\n')
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedUnique(s []string) []string {
	seen := make(map[string]bool, len(s))
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}
