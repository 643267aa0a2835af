package cloudformation

import (
	"runtime"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/iacscan/iacscan/internal/synth"
)

// BenchmarkParse3000Roles loads a generated template with 3,000 roles; the
// target is within 2× of BenchmarkYAMLNode3000Roles, a bare yaml.v3 node
// decode of the same file. retained-MB is the heap the result keeps alive.
func BenchmarkParse3000Roles(b *testing.B) {
	data := synth.CFNRoles(3000, false)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		inv, errs := Parse("roles.yaml", data, Options{})
		if len(errs) > 0 || len(inv.Identities) != 3000 {
			b.Fatalf("%d identities, errors %v", len(inv.Identities), errs)
		}
	}
	b.StopTimer()
	before := heapMB(nil)
	inv, _ := Parse("roles.yaml", data, Options{})
	b.ReportMetric(heapMB(inv)-before, "retained-MB")
}

func BenchmarkYAMLNode3000Roles(b *testing.B) {
	data := synth.CFNRoles(3000, false)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	before := heapMB(nil)
	var n yaml.Node
	_ = yaml.Unmarshal(data, &n)
	b.ReportMetric(heapMB(&n)-before, "retained-MB")
}

// heapMB returns the live heap, in MB, while v is kept alive.
func heapMB(v any) float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	runtime.KeepAlive(v)
	return float64(m.HeapAlloc) / (1 << 20)
}

// BenchmarkParseFlow300Roles loads a template written on one line of flow
// YAML: its cost must be linear in the line's length, as for block YAML.
func BenchmarkParseFlow300Roles(b *testing.B) {
	data := synth.CFNRoles(300, true)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		inv, errs := Parse("roles.yaml", data, Options{})
		if len(errs) > 0 || len(inv.Identities) != 300 {
			b.Fatalf("%d identities, errors %v", len(inv.Identities), errs)
		}
	}
}
