package cloudformation

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/internal/synth"
)

// TestCDKNestedAssembliesOnce reads a manifest whose nested assemblies are
// the assembly itself, three times over: each assembly is read once and
// its stack listed once (on main: 3^8 reads, and the stack 9,841 times).
func TestCDKNestedAssembliesOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := synth.CDKNestedAssemblies(dir, 3); err != nil {
		t.Fatal(err)
	}
	stacks, err := CDKStacks(filepath.Join(dir, "cdk.out"))
	if err != nil {
		t.Fatal(err)
	}
	if len(stacks) != 1 || stacks[0].Template != filepath.Join(dir, "cdk.out", "Stack.template.json") {
		t.Errorf("%d stacks, want the one Stack.template.json", len(stacks))
	}
}

// FuzzCDKManifest reads arbitrary cloud assembly manifests: they may be
// rejected, never panic or hang, and the templates they list stay in the
// assembly's directory.
func FuzzCDKManifest(f *testing.F) {
	f.Add([]byte(`{"version": "36.0.0", "artifacts": {"App": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "App.template.json"}, "metadata": {"/App/Role/Resource": [{"type": "aws:cdk:logicalId", "data": "Role1ABCC5F0"}]}}}}`))
	f.Add([]byte(`{"artifacts": {"A": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "."}}, "B": {"type": "cdk:cloud-assembly", "properties": {"directoryName": "./"}}}}`))
	f.Add([]byte(`{"artifacts": {"A": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "../../etc/passwd"}}}}`))
	dir := f.TempDir()
	out := filepath.Join(dir, "cdk.out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, manifest []byte) {
		if err := os.WriteFile(filepath.Join(out, "manifest.json"), manifest, 0o644); err != nil {
			t.Fatal(err)
		}
		stacks, _ := CDKStacks(out)
		for _, s := range stacks {
			if rel, err := filepath.Rel(out, s.Template); err != nil || !filepath.IsLocal(rel) {
				t.Errorf("template %s is outside the assembly", s.Template)
			}
		}
	})
}
