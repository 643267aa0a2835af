package terraform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/iacscan/iacscan/internal/synth"
	"github.com/iacscan/iacscan/model"
)

// writeRepository writes a synthetic repository of 1,000 .tf files: ten
// shared modules of five files, and 190 root modules of five files that
// call them with count and for_each.
func writeRepository(tb testing.TB) (string, []string) {
	tb.Helper()
	root := tb.TempDir()
	write := func(path, content string) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	var dirs []string
	for m := range 10 {
		dir := filepath.Join(root, "modules", fmt.Sprintf("svc%d", m))
		dirs = append(dirs, dir)
		write(filepath.Join(dir, "variables.tf"), "variable \"name\" { type = string }\nvariable \"buckets\" {\n  type    = list(string)\n  default = [\"a\", \"b\"]\n}\n")
		write(filepath.Join(dir, "role.tf"), `resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}
`)
		write(filepath.Join(dir, "policy.tf"), `data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.buckets
    content {
      actions   = ["s3:GetObject", "s3:PutObject"]
      resources = ["arn:aws:s3:::${statement.value}/*"]
    }
  }
}
resource "aws_iam_role_policy" "this" {
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}
`)
		write(filepath.Join(dir, "attach.tf"), `resource "aws_iam_role_policy_attachment" "ro" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`)
		write(filepath.Join(dir, "outputs.tf"), "output \"arn\" { value = aws_iam_role.this.arn }\n")
	}
	for r := range 190 {
		dir := filepath.Join(root, "stacks", fmt.Sprintf("stack%03d", r))
		dirs = append(dirs, dir)
		write(filepath.Join(dir, "main.tf"), fmt.Sprintf(`module "svc" {
  source   = "../../modules/svc%d"
  for_each = toset(["api", "worker"])
  name     = "stack%d-${each.key}"
}
`, r%10, r))
		write(filepath.Join(dir, "variables.tf"), "variable \"env\" { default = \"prod\" }\nlocals { prefix = \"${var.env}-app\" }\n")
		write(filepath.Join(dir, "users.tf"), `resource "aws_iam_user" "u" {
  count = 3
  name  = "${local.prefix}-${count.index}"
}
resource "aws_iam_user_group_membership" "m" {
  count  = 3
  user   = aws_iam_user.u[count.index].name
  groups = ["developers"]
}
`)
		write(filepath.Join(dir, "policy.tf"), `resource "aws_iam_policy" "p" {
  name = "${local.prefix}-policy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "arn:aws:sqs:eu-west-1:111122223333:${var.env}-q" },
      { Effect = "Allow", Action = "s3:*", Resource = "${aws_s3_bucket.b.arn}/*" },
    ]
  })
}
resource "aws_s3_bucket" "b" { bucket = "${local.prefix}-bucket" }
`)
		write(filepath.Join(dir, "outputs.tf"), "output \"roles\" { value = [for m in module.svc : m.arn] }\n")
	}
	return root, dirs
}

// BenchmarkScan scans the synthetic repository of 1,000 files and reports
// files per second and the peak resident memory of the process.
func BenchmarkScan(b *testing.B) {
	root, dirs := writeRepository(b)
	b.ReportAllocs()
	b.ResetTimer()
	var files int
	for b.Loop() {
		inv, errs := Scan(dirs, Options{Root: root})
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		files = len(inv.Files)
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}

// BenchmarkScanRepositories scans n generated copies of a repository of
// twenty root modules and five local modules (internal/synth): cost per
// copy should not grow with the number of copies.
func BenchmarkScanRepositories(b *testing.B) {
	for _, n := range []int{4, 16} {
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			root := b.TempDir()
			if err := synth.TerraformRepositories(root, n); err != nil {
				b.Fatal(err)
			}
			benchmarkScanDir(b, root)
		})
	}
}

// BenchmarkScanCorpusCopies scans n copies of the shared corpus's
// terraform-aws-iam, as one repository holding them would be scanned; it
// skips when the corpus is absent.
func BenchmarkScanCorpusCopies(b *testing.B) {
	src := corpusDir(b, "terraform/terraform-aws-iam")
	for _, n := range []int{4, 16} {
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			root := b.TempDir()
			for i := range n {
				if err := os.CopyFS(filepath.Join(root, fmt.Sprintf("copy%02d", i)), os.DirFS(src)); err != nil {
					b.Fatal(err)
				}
			}
			benchmarkScanDir(b, root)
		})
	}
}

// benchmarkScanDir scans the configuration under root, reporting files per
// second and the peak resident memory of the process.
func benchmarkScanDir(b *testing.B, root string) {
	dirs := configDirs(b, root)
	b.ReportAllocs()
	b.ResetTimer()
	var files int
	for b.Loop() {
		inv, errs := Scan(dirs, Options{Root: root})
		for _, err := range errs {
			if !isWarning(err) {
				b.Fatal(err)
			}
		}
		files = len(inv.Files)
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}

// corpusDir finds rel in the shared corpus next to the repository (or next
// to the worktree holding it), skipping when there is none.
func corpusDir(tb testing.TB, rel string) string {
	tb.Helper()
	for _, shared := range []string{"../../../shared", "../../../../shared"} {
		dir := filepath.Join(shared, "corpus", filepath.FromSlash(rel))
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
	}
	tb.Skip("no shared corpus")
	return ""
}

func isWarning(err error) bool {
	ie, ok := errors.AsType[*model.InputError](err)
	return ok && ie.Warning
}
