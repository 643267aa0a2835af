package custom

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/iacscan/iacscan/export"
	"github.com/iacscan/iacscan/parsers"
)

// viaTree is the conversion jsonValue stands for.
func viaTree(t testing.TB, data []byte) ast.Value {
	var x any
	if err := util.UnmarshalJSON(data, &x); err != nil {
		t.Fatal(err)
	}
	v, err := ast.InterfaceToValue(x)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestJSONValue(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		`{}`, `[]`, `null`, `true`, `"x"`, `0`, `-1.5e3`, `12345678901234567890`,
		`{"a": [1, "b", null, false, {"c": {}}], "d": [], "é\u0000": "\ud83d\ude00"}`,
		`[{"z": 1, "a": 2}, {"a": 2, "z": 1}]`,
		`{"a":1,"b":2,"a":3}`, manyKeys(40),
	} {
		got, err := jsonValue([]byte(doc))
		if err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		if want := viaTree(t, []byte(doc)); got.Compare(want) != 0 || got.String() != want.String() {
			t.Errorf("%s: got %v, want %v", doc, got, want)
		}
	}
	for _, bad := range []string{``, `{`, `[1,]`, `{"a" 1}`, `1 2`, `{1: 2}`} {
		if _, err := jsonValue([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestJSONValueExport holds jsonValue to the tree conversion on the
// export of the examples' demo input.
func TestJSONValueExport(t *testing.T) {
	t.Parallel()
	inv, _ := parsers.Load([]string{"../examples/policies/demo", "../fixtures"}, parsers.Options{})
	data, err := json.Marshal(export.Build(inv, export.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := jsonValue(data)
	if err != nil {
		t.Fatal(err)
	}
	if want := viaTree(t, data); got.Compare(want) != 0 {
		t.Errorf("the export converts to another value")
	}
}

// FuzzJSONValue: what encoding/json calls valid, jsonValue converts to
// the value the tree conversion gives; what it calls invalid, jsonValue
// rejects. (OPA's util.UnmarshalJSON is no oracle for rejection: it reads
// the first value and ignores what follows, as in "0null00".)
func FuzzJSONValue(f *testing.F) {
	for _, s := range []string{`{"a": [1, "b\\n", null, true, {"c": -0.5e-3}]}`, `[]`, `"\ud83d"`, `{"a":1,"a":2}`, "\"\xff\"", "0null00", "1E100000"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := jsonValue(data)
		if !json.Valid(data) {
			if err == nil {
				t.Fatalf("%q: converted to %v, but it is not valid JSON", data, got)
			}
			return
		}
		var x any
		treeErr := util.UnmarshalJSON(data, &x)
		var want ast.Value
		if treeErr == nil {
			want, treeErr = ast.InterfaceToValue(x)
		}
		switch {
		case err != nil && treeErr != nil:
			return // valid JSON neither conversion can hold (1E100000)
		case err != nil:
			t.Fatalf("%q: %v, but the tree conversion gives %v", data, err, want)
		case treeErr != nil:
			return // a value only jsonValue can hold
		}
		if got.Compare(want) != 0 {
			t.Fatalf("%q: got %v, want %v", data, got, want)
		}
	})
}

func BenchmarkJSONValue(b *testing.B) {
	inv, _ := parsers.Load([]string{"../fixtures"}, parsers.Options{})
	data, err := json.Marshal(export.Build(inv, export.Options{}))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d bytes", len(data))
	b.Run("one-pass", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := jsonValue(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tree", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			viaTree(b, data)
		}
	})
}

// manyKeys is an object of n keys, each twice, the first half again last.
func manyKeys(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, `"k%d": %d, `, i, i)
	}
	for i := range n / 2 {
		fmt.Fprintf(&b, `"k%d": "again", `, i)
	}
	b.WriteString(`"last": null}`)
	return b.String()
}
