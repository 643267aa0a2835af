package terraform

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/iacscan/iacscan/internal/synth"
	"github.com/iacscan/iacscan/model/modeltest"
)

// maxScanTime is how long one fuzz input may take: the evaluation bounds
// keep every input under a few seconds, so an input beyond this one is a
// hang, and the fuzzer records it as a failure with the stacks of the scan.
const maxScanTime = 30 * time.Second

// TestMain shortens the fuzzer's minimization of each new input to 5s,
// unless -fuzzminimizetime is given. Minimizing an input of a few kilobytes
// (the fixtures are the seeds) takes the whole default of 60s, and until it
// ends the fuzzer counts none of the worker's executions: it reports
// "0 execs/sec" as if it hung (golang/go#48820).
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.fuzzminimizetime" })
	if !given {
		if err := flag.Set("test.fuzzminimizetime", "5s"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

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
	// hashicorp/hcl#809: hcl's parser overflows the Go stack.
	f.Add(synth.NestedBrackets(70_000))
	f.Add([]byte("locals {\n  a = [for x in range(1000) : [for y in range(1000) : y]]\n  b = \"${local.c}${local.c}\"\n  c = 1e9999\n}\n"))
	// One directory for all inputs: Scan only reads it, and a new
	// directory per input would cost more than most scans.
	dir := f.TempDir()
	main := filepath.Join(dir, "main.tf")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(main, data, 0o644); err != nil {
			t.Fatal(err)
		}
		watchdog := time.AfterFunc(maxScanTime, func() {
			stacks := make([]byte, 1<<20)
			stacks = stacks[:runtime.Stack(stacks, true)]
			panic(fmt.Sprintf("Scan took more than %v on this input:\n%s", maxScanTime, stacks))
		})
		defer watchdog.Stop()
		Scan([]string{dir}, Options{Root: dir})
	})
}

// FuzzTFVars reads arbitrary terraform.tfvars beside a module that uses its
// variables: reported or used, never a panic or a hang.
func FuzzTFVars(f *testing.F) {
	f.Add([]byte("name = \"app\"\nactions = [\"s3:GetObject\"]\n"))
	f.Add([]byte("actions = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"))
	f.Add([]byte("name = \"${1e100000000}\"\n"))
	f.Add([]byte("actions = [for i in range(100000) : \"s3:${i}\"]\n"))
	dir := f.TempDir()
	main := `variable "name" { default = "x" }
variable "actions" { default = [] }
resource "aws_iam_user_policy" "p" {
  user   = var.name
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }] })
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644); err != nil {
		f.Fatal(err)
	}
	vars := filepath.Join(dir, "terraform.tfvars")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(vars, data, 0o644); err != nil {
			t.Fatal(err)
		}
		watchdog := time.AfterFunc(maxScanTime, func() { panic("Scan hung on these tfvars") })
		defer watchdog.Stop()
		Scan([]string{dir}, Options{Root: dir})
	})
}

// FuzzSketch scans arbitrary configuration in a directory beside two
// others it may call, all three given as roots, with components found from
// the sketch and from the parse: the sketch is a guess the parse checks, so
// however the text fools it (a called directory is not a root of its own),
// the scan's inventory and errors are the same both ways.
func FuzzSketch(f *testing.F) {
	f.Add([]byte("module \"a\" {\n  source = \"./a\"\n}\nmodule \"b\" { source = \"./b\" }\n"))
	f.Add([]byte("module \"a\" { # the app\n  source=\"./a\"\n  name = \"x\"\n}\n"))
	f.Add([]byte("module \"t\" {\n  source = \"./${var.x}\"\n}\n"))
	f.Add([]byte("module \"a\" {\n  source = \"./${\"a\"}\"\n}\n"))
	f.Add([]byte("locals {\n  doc = <<EOT\nmodule \"b\" {\n  source = \"./b\"\n}\nEOT\n}\nmodule \"a\" {\n  source = \"./a\"\n}\n"))
	f.Add([]byte("module \"a\" {\n  source = \"./a\"\n}\nmodule \"a\" {\n  source = \"./b\"\n}\n"))
	f.Add([]byte("module \"me\" {\n  source = \"./\"\n}\n"))
	dir := f.TempDir()
	for name, text := range map[string]string{
		"a/main.tf": "variable \"name\" {\n  default = \"a\"\n}\nresource \"aws_iam_role\" \"r\" {\n  name               = var.name\n  assume_role_policy = \"{}\"\n}\n",
		"b/main.tf": "module \"inner\" {\n  source = \"../a\"\n}\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	main := filepath.Join(dir, "main.tf")
	scan := func(opts Options) string {
		opts.Root = dir
		inv, errs := Scan([]string{dir, filepath.Join(dir, "a"), filepath.Join(dir, "b")}, opts)
		var b strings.Builder
		b.WriteString(modeltest.Dump(inv))
		for _, f := range inv.Files {
			fmt.Fprintf(&b, "file %s\n", f)
		}
		for _, err := range errs {
			fmt.Fprintln(&b, err)
		}
		return b.String()
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(main, data, 0o644); err != nil {
			t.Fatal(err)
		}
		watchdog := time.AfterFunc(2*maxScanTime, func() { panic("Scan hung on this input") })
		defer watchdog.Stop()
		if sketched, parsed := scan(Options{}), scan(Options{parsedLayout: true}); sketched != parsed {
			t.Errorf("components from the sketch:\n%s\nfrom the parse:\n%s", sketched, parsed)
		}
	})
}

// FuzzNesting scans a resource argument nesting the recursive constructs
// of HCL expressions its input names (see constructs), many times over,
// in native syntax or in a .tf.json template: the scan never overflows the
// stack, the guard refuses what nests more than maxNesting levels, and
// accepts what nests less than a third of that (no construct adds more
// than three levels).
func FuzzNesting(f *testing.F) {
	for kinds := range constructs {
		f.Add(string(kinds), uint32(200_000), false)
		f.Add(string(kinds), uint32(200), true)
	}
	f.Add("!?(", uint32(100_000), false)
	f.Add("tIF[", uint32(60_000), true)
	f.Add("+i*.", uint32(300), false)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, kinds string, n uint32, json bool) {
		if len(kinds) > 8 {
			kinds = kinds[:8]
		}
		expr, levels := deepExpression(kinds, int(n%300_000))
		if len(expr) > 4<<20 {
			t.Skip("more text than a fuzz run should write")
		}
		name, text := deepFile(expr, json)
		for _, old := range []string{"deep.tf", "deep.tf.json"} {
			os.Remove(filepath.Join(dir, old))
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		watchdog := time.AfterFunc(maxScanTime, func() { panic("Scan hung on this input") })
		defer watchdog.Stop()
		_, errs := Scan([]string{dir}, Options{Root: dir})
		refused := false
		for _, err := range errs {
			refused = refused || strings.Contains(err.Error(), "nested too deeply")
		}
		// The file's blocks and the template add up to four levels.
		if levels > maxNesting && !refused {
			t.Errorf("%d levels of %q accepted", levels, kinds)
		}
		if 3*levels+4 < maxNesting && refused {
			t.Errorf("%d levels of %q refused: %v", levels, kinds, errs)
		}
	})
}
