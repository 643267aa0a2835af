package parsers

import (
	"os"
	"path/filepath"
	"testing"
)

// TestYAMLDocuments reports the documents after the first of a YAML file,
// which were silently ignored, and reads a .yaml file that starts with "{"
// as YAML (a flow mapping with unquoted keys is not invalid JSON).
func TestYAMLDocuments(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	multi := write("multi.yaml", "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  First:\n    Type: AWS::IAM::Role\n"+
		"    Properties:\n      AssumeRolePolicyDocument: {Statement: []}\n---\nResources:\n  Second:\n    Type: AWS::IAM::Role\n")
	write("trailing.yaml", "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  Third:\n    Type: AWS::IAM::Role\n---\n")
	write("flow.yaml", "{AWSTemplateFormatVersion: 2010-09-09, Resources: {Flow: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Statement: []}}}}}\n")
	write("json.yml", `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Json": {"Type": "AWS::IAM::Role"}}}`)

	for _, paths := range [][]string{{dir}, {multi}} {
		inv, errs := Load(paths, Options{})
		want := multi + ":7: a second YAML document: a template is one document; iacscan scans the first, and what follows this line is not scanned"
		if len(errs) != 1 || errs[0].Error() != want {
			t.Errorf("Load(%v) errors = %v, want %s", paths, errs, want)
		}
		var ids []string
		for _, id := range inv.Identities {
			ids = append(ids, id.ID)
		}
		if len(paths) == 1 && paths[0] == dir && !equalSets(ids, []string{"First", "Third", "Flow", "Json"}) {
			t.Errorf("identities = %v", ids)
		}
	}
}

func equalSets(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
