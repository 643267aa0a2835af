//go:build linux

package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/internal/proctime"
	"github.com/iacscan/iacscan/internal/synth"
)

// The scan benchmarks run the whole CLI (iacscan --exit-zero -f json PLAN:
// read, map, rules, grouping, the JSON report) on generated Terraform plans
// (internal/synth), against a bare encoding/json decode of the same file
// into map[string]any, the yardstick of issue #12:
//
//	plan-mixed: synth.PlanMixed, a for_each module of ten resources (IAM
//	    and others) with its configuration; 2,500 instances are ~50 MB.
//	plan-identity: synth.PlanIdentity, users, groups, memberships, keys,
//	    roles and policies with unique names; 400 teams are ~7.5 MB and
//	    8,000 findings.
//
// BenchmarkScanPlan runs each as a separate process, as a pipeline would
// (iacscan is this test binary, put on PATH by TestMain; the decode is a
// program of its own, built with the go command, so that it carries none of
// iacscan's code), and reports wall and CPU time and peak resident memory (max RSS), with
// their ratios to the bare decode:
//
//	go test ./cmd/iacscan -run '^$' -bench 'ScanPlan$' -benchtime 1x
//	go test ./cmd/iacscan -run '^$' -bench 'ScanPlan$/mixed-200MB' -benchtime 3x
//
// BenchmarkScanPlanInProcess runs the same command in the test process, for
// profiles:
//
//	go test ./cmd/iacscan -run '^$' -bench 'ScanPlanInProcess/identity-30MB' -benchtime 1x \
//	    -cpuprofile cpu.out -memprofile mem.out
//	go tool pprof -top -sample_index=alloc_space mem.out
var scanPlanCases = []struct {
	name  string
	write func(dir string) (string, error) // returns the plan's path
}{
	{"mixed-50MB", mixedPlan(2500)},
	{"mixed-100MB", mixedPlan(5000)},
	{"mixed-200MB", mixedPlan(10000)},
	{"identity-7MB", identityPlan(400)},
	{"identity-18MB", identityPlan(1000)},
	{"identity-30MB", identityPlan(1600)},
	{"identity-60MB", identityPlan(3200)},
}

func mixedPlan(instances int) func(string) (string, error) {
	return func(dir string) (string, error) { return synth.PlanMixed(dir, instances) }
}

func identityPlan(teams int) func(string) (string, error) {
	return func(dir string) (string, error) { return synth.PlanIdentityFile(dir, teams) }
}

func BenchmarkScanPlan(b *testing.B) {
	decoder := buildDecoder(b)
	for _, c := range scanPlanCases {
		b.Run(c.name, func(b *testing.B) {
			file, err := c.write(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			info, err := os.Stat(file)
			if err != nil {
				b.Fatal(err)
			}
			size := float64(info.Size())
			var scan, decode proctime.Usage
			for b.Loop() {
				scan.Add(runProcess(b, "iacscan", "--exit-zero", "-f", "json", file))
				decode.Add(runProcess(b, decoder, file))
			}
			n := float64(b.N)
			b.ReportMetric(size/1e6, "file-MB")
			b.ReportMetric(scan.Wall.Seconds()/n, "scan-s")
			b.ReportMetric(scan.CPU.Seconds()/n, "scan-cpu-s")
			b.ReportMetric(decode.CPU.Seconds()/n, "decode-cpu-s")
			// CPU time is steadier than wall time on a shared machine.
			b.ReportMetric(scan.CPU.Seconds()/decode.CPU.Seconds(), "cpu-ratio")
			b.ReportMetric(float64(scan.Peak)/1e6, "scan-peak-MB")
			b.ReportMetric(float64(decode.Peak)/1e6, "decode-peak-MB")
			b.ReportMetric(float64(scan.Peak)/size, "scan-peak/file")
		})
	}
}

func BenchmarkScanPlanInProcess(b *testing.B) {
	for _, c := range scanPlanCases {
		b.Run(c.name, func(b *testing.B) {
			file, err := c.write(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			var stderr strings.Builder
			for b.Loop() {
				if code := run(context.Background(), []string{"iacscan", "--exit-zero", "-f", "json", file}, nil, io.Discard, &stderr); code != exitOK {
					b.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
		})
	}
}

// runProcess runs a command, its output thrown away, and returns what it
// used.
func runProcess(b *testing.B, name string, args ...string) proctime.Usage {
	cmd := exec.Command(name, args...)
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	u, err := proctime.Run(cmd)
	if err != nil {
		b.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return u
}

// decodeProgram is the bare decode the scan is compared with.
const decodeProgram = `package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		panic(err)
	}
	fmt.Println(len(v))
}
`

// buildDecoder builds decodeProgram and returns the executable's path.
func buildDecoder(b *testing.B) string {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(decodeProgram), 0o644); err != nil {
		b.Fatal(err)
	}
	exe := filepath.Join(dir, "jsondecode")
	cmd := exec.Command("go", "build", "-o", exe, "main.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("building the decoder: %v\n%s", err, out)
	}
	return exe
}
