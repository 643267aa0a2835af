package summary

import (
	"bufio"
	"encoding/json"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
)

// SchemaVersion is the version of the JSON form (schema/v1.json).
const SchemaVersion = 1

// jsonDocument is the JSON form: each distinct list of services once,
// under "permissions", and each principal naming its list by id. Principals
// holding the same permissions (every member of a team, every role with
// one policy) would otherwise repeat hundreds of services each: a 1,000
// team plan's summary was 940 MB. writeJSON streams this document; the
// type is what it writes, for tests to hold it to.
type jsonDocument struct {
	SchemaVersion int               `json:"schema_version"`
	DataVersion   string            `json:"data_version"`
	Principals    []jsonPrincipal   `json:"principals"`
	Permissions   []jsonPermissions `json:"permissions"`
}

type jsonPrincipal struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Incomplete []string `json:"incomplete"`
	Within     []string `json:"within"`
	// Permissions is the id of its entry of the document's permissions.
	Permissions string `json:"permissions"`
}

type jsonPermissions struct {
	ID       string    `json:"id"`
	Services []Service `json:"services"`
}

func (p Principal) jsonForm(permissions string) jsonPrincipal {
	if p.Within == nil {
		p.Within = []string{}
	}
	return jsonPrincipal{ID: p.ID, Kind: p.Kind, File: p.File, Line: p.Line, Incomplete: p.Incomplete, Within: p.Within, Permissions: permissions}
}

// document builds the whole JSON form (what writeJSON streams).
func (s *Summary) document() jsonDocument {
	doc := jsonDocument{SchemaVersion: SchemaVersion, DataVersion: s.DataVersion, Principals: []jsonPrincipal{}, Permissions: []jsonPermissions{}}
	var lists serviceLists
	for _, p := range s.Principals {
		i, isNew := lists.index(p.Services)
		if isNew {
			doc.Permissions = append(doc.Permissions, jsonPermissions{ID: permissionsID(i), Services: p.Services})
		}
		doc.Principals = append(doc.Principals, p.jsonForm(permissionsID(i)))
	}
	return doc
}

// writeJSON writes the document jsonDocument describes, indented as
// json.MarshalIndent would, a principal at a time.
func writeJSON(w io.Writer, s *Summary) error {
	bw := bufio.NewWriter(w)
	version, err := json.Marshal(s.DataVersion)
	if err != nil {
		return err
	}
	bw.WriteString("{\n  \"schema_version\": " + strconv.Itoa(SchemaVersion) + ",\n  \"data_version\": ")
	bw.Write(version)
	bw.WriteString(",\n  \"principals\": ")
	var lists serviceLists
	var distinct [][]Service
	err = writeArray(bw, len(s.Principals), func(k int) any {
		p := s.Principals[k]
		i, isNew := lists.index(p.Services)
		if isNew {
			distinct = append(distinct, p.Services)
		}
		return p.jsonForm(permissionsID(i))
	})
	if err != nil {
		return err
	}
	bw.WriteString(",\n  \"permissions\": ")
	err = writeArray(bw, len(distinct), func(k int) any {
		return jsonPermissions{ID: permissionsID(k), Services: distinct[k]}
	})
	if err != nil {
		return err
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// writeArray writes n elements as a JSON array at the document's second
// level of indentation.
func writeArray(bw *bufio.Writer, n int, elem func(int) any) error {
	if n == 0 {
		_, err := bw.WriteString("[]")
		return err
	}
	bw.WriteString("[\n    ")
	for k := range n {
		b, err := json.MarshalIndent(elem(k), "    ", "  ")
		if err != nil {
			return err
		}
		if k > 0 {
			bw.WriteString(",\n    ")
		}
		bw.Write(b)
	}
	_, err := bw.WriteString("\n  ]")
	return err
}

func permissionsID(i int) string { return "p" + strconv.Itoa(i+1) }

// serviceLists numbers distinct lists of services in the order they are
// first seen.
type serviceLists struct {
	seed   maphash.Seed
	byHash map[uint64][]int
	lists  [][]Service
	// byList numbers the lists seen by their backing array: principals
	// that share a list (Build makes one for equal permissions) are
	// numbered without hashing it again.
	byList map[listID]int
}

// listID is a list of services by identity: its first element and length.
type listID struct {
	first *Service
	n     int
}

// index returns the number of svcs's list, and whether it is new.
func (l *serviceLists) index(svcs []Service) (int, bool) {
	if l.byHash == nil {
		l.seed, l.byHash, l.byList = maphash.MakeSeed(), make(map[uint64][]int), make(map[listID]int)
	}
	if len(svcs) == 0 {
		return l.byContent(svcs)
	}
	id := listID{&svcs[0], len(svcs)}
	if i, ok := l.byList[id]; ok {
		return i, false
	}
	i, isNew := l.byContent(svcs)
	l.byList[id] = i
	return i, isNew
}

func (l *serviceLists) byContent(svcs []Service) (int, bool) {
	var h maphash.Hash
	h.SetSeed(l.seed)
	for _, s := range svcs {
		h.WriteString(s.Prefix)
		h.WriteByte(0)
		for _, lv := range s.Levels {
			maphash.WriteComparable(&h, lv)
		}
		h.WriteByte(1)
	}
	sum := h.Sum64()
	for _, i := range l.byHash[sum] {
		if slices.EqualFunc(l.lists[i], svcs, sameService) {
			return i, false
		}
	}
	l.byHash[sum] = append(l.byHash[sum], len(l.lists))
	l.lists = append(l.lists, svcs)
	return len(l.lists) - 1, true
}

func sameService(a, b Service) bool {
	return a.Prefix == b.Prefix && a.Name == b.Name && a.everything == b.everything && slices.Equal(a.Levels, b.Levels)
}
