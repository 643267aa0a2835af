package cloudformation

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iacscan/iacscan/internal/safefile"
)

// CDKStack is a stack of a CDK cloud assembly (cdk.out): its synthesized
// template and the construct path of each logical ID, from the assembly
// manifest.
type CDKStack struct {
	Template   string
	Constructs map[string]string // logical ID → construct path
}

// cdkManifest is the part of a cloud assembly manifest (manifest.json) that
// names the stack templates and nested assemblies (CDK stages).
type cdkManifest struct {
	Artifacts map[string]struct {
		Type       string `json:"type"`
		Properties struct {
			TemplateFile  string `json:"templateFile"`
			DirectoryName string `json:"directoryName"`
		} `json:"properties"`
		Metadata map[string][]struct {
			Type string `json:"type"`
			Data any    `json:"data"`
		} `json:"metadata"`
	} `json:"artifacts"`
}

// maxAssemblyDepth bounds nested assemblies (stages within stages).
const maxAssemblyDepth = 8

// CDKStacks lists the stacks of the cloud assembly in dir (a cdk.out
// directory holding manifest.json), nested assemblies included, in a
// stable order.
func CDKStacks(dir string) ([]CDKStack, error) {
	// Manifests and nested assemblies are read only inside the assembly.
	files := safefile.NewRoot(dir, maxManifestSize)
	return cdkStacks(files, dir, 0, make(map[string]bool))
}

// maxManifestSize bounds a manifest: real ones are kilobytes.
const maxManifestSize = 64 << 20

// cdkStacks lists the stacks of the assembly in dir unless visited holds
// it: each assembly is read once, however many manifests name it (an
// assembly nesting itself k times would otherwise be read k^depth times).
func cdkStacks(files safefile.Root, dir string, depth int, visited map[string]bool) ([]CDKStack, error) {
	key := filepath.Clean(dir)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		key = real
	}
	if visited[key] {
		return nil, nil
	}
	visited[key] = true
	path := filepath.Join(dir, "manifest.json")
	data, err := files.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m cdkManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: not a CDK cloud assembly manifest: %w", path, err)
	}
	names := make([]string, 0, len(m.Artifacts))
	for name := range m.Artifacts {
		names = append(names, name)
	}
	sort.Strings(names)
	var stacks []CDKStack
	for _, name := range names {
		a := m.Artifacts[name]
		switch a.Type {
		case "aws:cloudformation:stack":
			if a.Properties.TemplateFile == "" || !local(a.Properties.TemplateFile) {
				continue
			}
			s := CDKStack{Template: filepath.Join(dir, a.Properties.TemplateFile), Constructs: map[string]string{}}
			for path, entries := range a.Metadata {
				for _, e := range entries {
					if id, ok := e.Data.(string); ok && e.Type == "aws:cdk:logicalId" {
						s.Constructs[id] = strings.TrimPrefix(path, "/")
					}
				}
			}
			stacks = append(stacks, s)
		case "cdk:cloud-assembly":
			if a.Properties.DirectoryName == "" || !local(a.Properties.DirectoryName) || depth >= maxAssemblyDepth {
				continue
			}
			nested, err := cdkStacks(files, filepath.Join(dir, a.Properties.DirectoryName), depth+1, visited)
			if err != nil {
				return stacks, err
			}
			stacks = append(stacks, nested...)
		}
	}
	return stacks, nil
}

// local reports whether a path from a manifest stays inside its directory.
func local(p string) bool { return filepath.IsLocal(p) }
