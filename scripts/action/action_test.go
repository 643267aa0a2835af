// Package action_test runs the GitHub Action's shell steps locally, as the
// runner would: with a fake RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH and
// GITHUB_STEP_SUMMARY, against the repository's fixtures.
package action_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runner is a fake GitHub runner: its files, and the environment steps see.
type runner struct {
	t    *testing.T
	dir  string
	repo string // the repository root (the action's checkout)
	env  []string
}

func newRunner(t *testing.T) *runner {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := &runner{t: t, dir: dir, repo: repo}
	r.env = append(os.Environ(),
		"ACTION_PATH="+repo,
		"RUNNER_TEMP="+filepath.Join(dir, "tmp"),
		"GITHUB_OUTPUT="+filepath.Join(dir, "output"),
		"GITHUB_PATH="+filepath.Join(dir, "path"),
		"GITHUB_STEP_SUMMARY="+filepath.Join(dir, "summary.md"),
		"NO_COLOR=1",
	)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	return r
}

// step runs one script with extra environment and returns its exit code and
// combined output.
func (r *runner) step(script string, env ...string) (int, string) {
	r.t.Helper()
	cmd := exec.Command("bash", filepath.Join(r.repo, "scripts/action", script))
	cmd.Dir = r.repo
	cmd.Env = append(append([]string{}, r.env...), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		r.t.Fatalf("%s: %v", script, err)
	}
	return 0, out.String()
}

// outputs reads GITHUB_OUTPUT as the runner does (name=value lines).
func (r *runner) outputs() map[string]string {
	data, _ := os.ReadFile(filepath.Join(r.dir, "output"))
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

func (r *runner) file(name string) string {
	data, err := os.ReadFile(filepath.Join(r.dir, name))
	if err != nil {
		r.t.Fatal(err)
	}
	return string(data)
}

func TestAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds iacscan")
	}
	r := newRunner(t)

	code, log := r.step("build.sh")
	if code != 0 {
		t.Fatalf("build.sh exited %d:\n%s", code, log)
	}
	bin := strings.TrimSpace(r.file("path"))
	iacscan := "IACSCAN=" + filepath.Join(bin, "iacscan")
	if !strings.Contains(log, "iacscan ") {
		t.Errorf("build.sh log has no version:\n%s", log)
	}

	// Findings: the step succeeds (so SARIF is uploaded), the result step fails.
	code, log = r.step("scan.sh", iacscan, "INPUT_PATHS=fixtures/IAM201/policy fixtures/IAM201/cloudformation",
		"INPUT_FAIL_ON=high", "INPUT_CATEGORY=iacscan/test/")
	if code != 0 {
		t.Fatalf("scan.sh exited %d:\n%s", code, log)
	}
	if !strings.Contains(log, "CRITICAL  IAM201") {
		t.Errorf("the log has no text report:\n%s", log)
	}
	out := r.outputs()
	if out["exit-code"] != "1" {
		t.Errorf("exit-code = %q, want 1", out["exit-code"])
	}
	sarif, err := os.ReadFile(out["sarif"])
	if err != nil || !bytes.Contains(sarif, []byte(`"id": "iacscan/test/`)) || !bytes.Contains(sarif, []byte(`"ruleId": "IAM201"`)) {
		t.Errorf("SARIF %s: %v\n%.400s", out["sarif"], err, sarif)
	}

	code, log = r.step("summary.sh", "REPORT="+out["markdown"])
	if code != 0 {
		t.Fatalf("summary.sh exited %d:\n%s", code, log)
	}
	summary := r.file("summary.md")
	for _, want := range []string{"## iacscan", "| Critical |", "[IAM201](https://github.com/iacscan/iacscan/blob/main/docs/rules/IAM201.md)"} {
		if !strings.Contains(summary, want) {
			t.Errorf("job summary lacks %q:\n%s", want, summary)
		}
	}

	if code, log = r.step("fail.sh", "EXIT_CODE="+out["exit-code"]); code != 1 || !strings.Contains(log, "::error title=iacscan::findings") {
		t.Errorf("fail.sh exited %d, want 1:\n%s", code, log)
	}
	if code, _ = r.step("fail.sh", "EXIT_CODE=0"); code != 0 {
		t.Errorf("fail.sh with exit code 0 exited %d", code)
	}
	if code, _ = r.step("fail.sh", "EXIT_CODE=2"); code != 2 {
		t.Errorf("fail.sh with exit code 2 exited %d", code)
	}

	// A baseline of today's findings: the job passes.
	base := filepath.Join(r.dir, "baseline.json")
	cmd := exec.Command(filepath.Join(bin, "iacscan"), "baseline", "-o", base, "fixtures/IAM201/policy", "fixtures/IAM201/cloudformation")
	cmd.Dir = r.repo
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("iacscan baseline: %v\n%s", err, msg)
	}
	os.Remove(filepath.Join(r.dir, "output"))
	code, log = r.step("scan.sh", iacscan, "INPUT_PATHS=fixtures/IAM201/policy\nfixtures/IAM201/cloudformation",
		"INPUT_BASELINE="+base)
	if code != 0 || r.outputs()["exit-code"] != "0" {
		t.Errorf("scan.sh with a baseline: step exit %d, exit-code %q, want 0:\n%s", code, r.outputs()["exit-code"], log)
	}

	// Paths that hold no input: the scan is incomplete, unless allow-empty.
	empty := filepath.Join(r.dir, "no-iac")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ allow, want string }{{"", "2"}, {"true", "0"}} {
		os.Remove(filepath.Join(r.dir, "output"))
		code, log = r.step("scan.sh", iacscan, "INPUT_PATHS="+empty, "INPUT_ALLOW_EMPTY="+tt.allow)
		if code != 0 || r.outputs()["exit-code"] != tt.want {
			t.Errorf("scan.sh of nothing, allow-empty %q: step exit %d, exit-code %q, want %s:\n%s", tt.allow, code, r.outputs()["exit-code"], tt.want, log)
		}
	}

	// A usage error writes no report: the step itself fails.
	os.Remove(filepath.Join(r.dir, "output"))
	os.RemoveAll(filepath.Join(r.dir, "tmp", "iacscan"))
	code, log = r.step("scan.sh", iacscan, "INPUT_PATHS=fixtures/demo", "INPUT_FAIL_ON=severe")
	if code != 2 || !strings.Contains(log, "unknown severity") || r.outputs()["exit-code"] != "2" {
		t.Errorf("scan.sh with a bad fail-on exited %d (exit-code %q), want 2:\n%s", code, r.outputs()["exit-code"], log)
	}
}

// Diff mode: the Markdown of what a plan grants goes to the job summary,
// and fail-on-new decides the result.
func TestActionDiff(t *testing.T) {
	if testing.Short() {
		t.Skip("builds iacscan")
	}
	r := newRunner(t)
	code, log := r.step("build.sh")
	if code != 0 {
		t.Fatalf("build.sh exited %d:\n%s", code, log)
	}
	iacscan := "IACSCAN=" + filepath.Join(strings.TrimSpace(r.file("path")), "iacscan")
	plan := "INPUT_PLAN=diff/testdata/admin-grant/after/plan.json"

	code, log = r.step("diff.sh", iacscan, plan, "INPUT_FAIL_ON_NEW=high")
	if code != 0 {
		t.Fatalf("diff.sh exited %d:\n%s", code, log)
	}
	if !strings.Contains(log, "role aws_iam_role.app (diff/testdata/admin-grant/after/main.tf:2) changed [escalation]") {
		t.Errorf("the log has no text diff:\n%s", log)
	}
	out := r.outputs()
	if out["exit-code"] != "1" {
		t.Errorf("exit-code = %q, want 1 (a new high finding)", out["exit-code"])
	}
	summary := r.file("summary.md")
	for _, want := range []string{"## iacscan: what this change grants", "<details open><summary><b>escalation</b> · role <code>aws_iam_role.app</code>"} {
		if !strings.Contains(summary, want) {
			t.Errorf("job summary lacks %q:\n%s", want, summary)
		}
	}
	if data, err := os.ReadFile(out["json"]); err != nil || !bytes.Contains(data, []byte(`"schema": 1`)) {
		t.Errorf("JSON %s: %v", out["json"], err)
	}

	os.Remove(filepath.Join(r.dir, "output"))
	if code, _ = r.step("diff.sh", iacscan, plan, "INPUT_FAIL_ON_NEW=critical"); code != 0 || r.outputs()["exit-code"] != "0" {
		t.Errorf("fail-on-new critical: step %d, exit-code %q, want 0", code, r.outputs()["exit-code"])
	}
	// Neither plan nor base: the step fails with a message.
	if code, log = r.step("diff.sh", iacscan); code != 2 || !strings.Contains(log, "needs plan") {
		t.Errorf("no plan or base: exited %d:\n%s", code, log)
	}
}
