package terraform

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzScan scans arbitrary configuration: it may be reported as broken but
// must never panic or hang.
func FuzzScan(f *testing.F) {
	seeds, _ := filepath.Glob("../../fixtures/*/terraform/*/main.tf")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`locals { a = local.a }`))
	f.Add([]byte(`resource "aws_iam_role" "r" { for_each = var.x; name = each.key }`))
	f.Add([]byte("resource \"aws_iam_policy\" \"p\" {\n  policy = <<EOF\n{\"Statement\": [${x}]}\nEOF\n}\n"))
	f.Add([]byte(`module "m" { source = "./" }`))
	f.Add([]byte(`data "aws_iam_policy_document" "d" { source_policy_documents = [data.aws_iam_policy_document.d.json] }`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		Scan([]string{dir}, Options{Root: dir})
	})
}
