//go:build linux

package plan_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/internal/proctime"
	"github.com/iacscan/iacscan/internal/synth"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/parsers/plan"
)

// The benchmarks read a generated plan of about 100 MB with 50,000
// resources (synth.PlanMixed): a module called with for_each 5,000 times,
// ten resources each (IAM roles, policies and attachments among S3 buckets,
// instances, security groups, Lambda functions), with the module's .tf
// beside it. The whole CLI on generated plans is measured in cmd/iacscan
// (BenchmarkScanPlan).
//
// BenchmarkProcess runs whole processes, as a pipeline would: iacscan's
// loader (parsers.Load) against a bare encoding/json decode of the same file
// into map[string]any, and reports wall time and peak memory (max RSS):
//
//	go test ./parsers/plan -run '^$' -bench Process -benchtime 3x

const (
	benchInstances = 5000 // module instances; ten resources each
	childEnv       = "IACSCAN_PLAN_BENCH_CHILD"
)

func BenchmarkParse(b *testing.B) {
	file := generatePlan(b)
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, errs := plan.Parse(file, data, plan.Options{}); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

func BenchmarkDecodeMap(b *testing.B) {
	data, err := os.ReadFile(generatePlan(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProcess(b *testing.B) {
	file := generatePlan(b)
	info, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	size := float64(info.Size())
	var load, decode proctime.Usage
	for b.Loop() {
		load.Add(runChild(b, "load", file))
		decode.Add(runChild(b, "decode", file))
	}
	n := float64(b.N)
	b.ReportMetric(size/1e6, "file-MB")
	b.ReportMetric(load.Wall.Seconds()/n, "iacscan-s")
	b.ReportMetric(decode.Wall.Seconds()/n, "decode-s")
	b.ReportMetric(load.Wall.Seconds()/decode.Wall.Seconds(), "time-ratio")
	// CPU time is steadier than wall time on a shared machine.
	b.ReportMetric(load.CPU.Seconds()/decode.CPU.Seconds(), "cpu-ratio")
	b.ReportMetric(float64(load.Peak)/1e6, "iacscan-peak-MB")
	b.ReportMetric(float64(decode.Peak)/1e6, "decode-peak-MB")
	b.ReportMetric(float64(load.Peak)/size, "iacscan-peak/file")
}

// runChild runs this test binary as a child process doing one job, and
// returns what it used.
func runChild(b *testing.B, job, file string) proctime.Usage {
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchChild$")
	cmd.Env = append(os.Environ(), childEnv+"="+job, "IACSCAN_PLAN_BENCH_FILE="+file)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	u, err := proctime.Run(cmd)
	if err != nil {
		b.Fatalf("%s: %v\n%s", job, err, out.String())
	}
	return u
}

// TestBenchChild is the child process of BenchmarkProcess; it does nothing
// in a normal test run.
func TestBenchChild(t *testing.T) {
	t.Parallel()
	file := os.Getenv("IACSCAN_PLAN_BENCH_FILE")
	switch os.Getenv(childEnv) {
	case "load":
		inv, errs := parsers.Load([]string{file}, parsers.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		fmt.Println(len(inv.Identities), len(inv.Policies))
	case "decode":
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		fmt.Println(len(v))
	}
}

// generatePlan writes the benchmark plan and its configuration once per
// process, under a temporary directory.
func generatePlan(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("iacscan-bench-plan-%d", os.Getpid()))
	file := filepath.Join(dir, "plan.json")
	if _, err := os.Stat(file); err == nil {
		return file
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	file, err := synth.PlanMixed(dir, benchInstances)
	if err != nil {
		b.Fatal(err)
	}
	return file
}
