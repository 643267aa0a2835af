// Package action_test runs the GitHub Action's shell steps locally, as the
// runner would: with a fake RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH and
// GITHUB_STEP_SUMMARY, against the repository's fixtures.
package action_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
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
	return newRunnerIn(t, t.TempDir())
}

// newRunnerIn is newRunner with its files in dir.
func newRunnerIn(t *testing.T, dir string) *runner {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
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

// built is the iacscan that the action's install steps build, once per
// test binary (TestMain removes it): building is the slow step, and one
// build serves every test that runs the action.
var built struct {
	once sync.Once
	dir  string // the runner's files, the binary among them
	bin  string // "" when the build failed
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// installed returns the iacscan the install steps build, building it on
// the first call (its failure fails the test that asked first; later ones
// fail without building again).
func installed(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "iacscan-action-")
		if err != nil {
			t.Fatal(err)
		}
		built.dir = dir
		built.bin = newRunnerIn(t, dir).install()
	})
	if built.bin == "" {
		t.Fatal("the install steps did not build iacscan (see the first test that ran them)")
	}
	return built.bin
}

// install runs the action's install steps as they run for a ref that is no
// release (a branch): the release step passes, the build step builds. It
// returns the binary, which is on no PATH.
func (r *runner) install() string {
	r.t.Helper()
	code, log := r.step("install.sh", "INSTALL_STEP=release", "ACTION_REF=main")
	if code != 0 || !strings.Contains(log, "iacscan main: not a release; it will be built from the action's source") {
		r.t.Fatalf("install.sh release exited %d:\n%s", code, log)
	}
	if r.outputs()["iacscan"] != "" || len(r.outputs()["cache-key"]) != 64 {
		r.t.Fatalf("release step outputs %v, want a cache key and no binary", r.outputs())
	}
	// The test's own Go caches, rather than the fresh ones of a runner.
	caches, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		r.t.Fatal(err)
	}
	dirs := strings.Fields(string(caches))
	code, log = r.step("install.sh", "INSTALL_STEP=build", "GOCACHE="+dirs[0], "GOMODCACHE="+dirs[1])
	if code != 0 || !strings.Contains(log, "iacscan ") {
		r.t.Fatalf("install.sh build exited %d:\n%s", code, log)
	}
	bin := r.outputs()["iacscan"]
	if bin == "" {
		r.t.Fatalf("no iacscan output:\n%s", log)
	}
	r.checkPathUntouched()
	os.Remove(filepath.Join(r.dir, "output"))
	return bin
}

// checkPathUntouched: the caller's PATH stays as it was.
func (r *runner) checkPathUntouched() {
	r.t.Helper()
	if data, err := os.ReadFile(filepath.Join(r.dir, "path")); err == nil && len(data) > 0 {
		r.t.Errorf("GITHUB_PATH changed: %q", data)
	}
}

// A release version installs the release archive for the runner, verified
// against checksums.txt; a mismatch fails; a release without the archive
// falls back to the build.
func TestActionInstallRelease(t *testing.T) {
	t.Parallel()
	r := newRunner(t)
	releases := filepath.Join(r.dir, "releases")
	dir := filepath.Join(releases, "v9.9.9")
	stage := filepath.Join(r.dir, "stage")
	for _, d := range []string{dir, stage} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(stage, "iacscan"), []byte("#!/bin/sh\necho iacscan 9.9.9\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	const archive = "iacscan_9.9.9_linux_amd64.tar.gz"
	if out, err := exec.Command("tar", "-czf", filepath.Join(dir, archive), "-C", stage, "iacscan").CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, archive))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	checksums := fmt.Sprintf("%x  %s\n%x  iacscan_9.9.9_darwin_arm64.tar.gz\n", sum, archive, sha256.Sum256(nil))
	if err := os.WriteFile(filepath.Join(dir, "checksums.txt"), []byte(checksums), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"INSTALL_STEP=release", "RELEASES_URL=file://" + releases, "RUNNER_OS=Linux", "RUNNER_ARCH=X64"}

	code, log := r.step("install.sh", append(env, "INPUT_VERSION=v9.9.9", "ACTION_REF=main")...)
	bin := r.outputs()["iacscan"]
	if code != 0 || bin != filepath.Join(r.dir, "tmp", "iacscan-bin", "iacscan") ||
		!strings.Contains(log, fmt.Sprintf("iacscan v9.9.9: release archive %s (sha256 %x)\niacscan 9.9.9\n", archive, sum)) {
		t.Errorf("install.sh exited %d, iacscan %q:\n%s", code, bin, log)
	}
	r.checkPathUntouched()

	// The action's ref is the version when no version input is given.
	os.Remove(filepath.Join(r.dir, "output"))
	if code, log = r.step("install.sh", append(env, "ACTION_REF=v9.9.9")...); code != 0 || r.outputs()["iacscan"] == "" {
		t.Errorf("install.sh at ref v9.9.9 exited %d:\n%s", code, log)
	}

	// A release with no archive for this runner: the build step builds.
	os.Remove(filepath.Join(r.dir, "output"))
	code, log = r.step("install.sh", append(env, "INPUT_VERSION=v9.9.8")...)
	if code != 0 || r.outputs()["iacscan"] != "" || r.outputs()["cache-key"] == "" ||
		!strings.Contains(log, "iacscan v9.9.8: no release archive for this runner; it will be built from the action's source") {
		t.Errorf("install.sh of a missing release exited %d, outputs %v:\n%s", code, r.outputs(), log)
	}

	// An archive that does not match its checksum is never run.
	os.Remove(filepath.Join(r.dir, "output"))
	if err := os.WriteFile(filepath.Join(dir, archive), append(data, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	code, log = r.step("install.sh", append(env, "INPUT_VERSION=v9.9.9")...)
	if code != 1 || r.outputs()["iacscan"] != "" ||
		!strings.Contains(log, "::error title=iacscan::v9.9.9: "+archive+" does not match its checksum in checksums.txt; not installed") {
		t.Errorf("install.sh of a tampered archive exited %d, outputs %v:\n%s", code, r.outputs(), log)
	}
}

func TestAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds iacscan")
	}
	t.Parallel()
	r := newRunner(t)

	bin := filepath.Dir(installed(t))
	iacscan := "IACSCAN=" + filepath.Join(bin, "iacscan")

	// Findings: the step succeeds (so SARIF is uploaded), the result step fails.
	code, log := r.step("scan.sh", iacscan, "INPUT_PATHS=fixtures/IAM201/policy fixtures/IAM201/cloudformation",
		"INPUT_FAIL_ON=high", "INPUT_CATEGORY=iacscan/test/")
	if code != 0 {
		t.Fatalf("scan.sh exited %d:\n%s", code, log)
	}
	// The log is compact lines, which the action's problem matcher turns
	// into annotations.
	if !strings.Contains(log, "::add-matcher::"+r.repo+"/scripts/action/problem-matcher.json\n") {
		t.Errorf("scan.sh registers no problem matcher:\n%s", log)
	}
	matched := matchProblems(t, log)
	want := problem{severity: "error", file: "fixtures/IAM201/policy/bad.json", line: "4", column: "5", code: "IAM201"}
	if !slices.Contains(matched, want) || !slices.Contains(matched, problem{"warning", "fixtures/IAM201/cloudformation/bad.yaml", "47", "3", "IAM404"}) {
		t.Errorf("the problem matcher finds %+v in the log, want %+v among them:\n%s", matched, want, log)
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
	t.Parallel()
	r := newRunner(t)
	iacscan := "IACSCAN=" + installed(t)
	plan := "INPUT_PLAN=diff/testdata/admin-grant/after/plan.json"

	code, log := r.step("diff.sh", iacscan, plan, "INPUT_FAIL_ON_NEW=high")
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

// problem is what a problem matcher takes from a line.
type problem struct{ severity, file, line, column, code string }

// matchProblems applies problem-matcher.json to each line as the runner
// does (its expressions are JavaScript's; these read the same in Go).
func matchProblems(t *testing.T, log string) []problem {
	t.Helper()
	var m struct {
		ProblemMatcher []struct {
			Owner, Severity string
			Pattern         []struct {
				Regexp                            string
				File, Line, Column, Code, Message int
			}
		}
	}
	data, err := os.ReadFile("problem-matcher.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var found []problem
	for _, line := range strings.Split(log, "\n") {
		for _, pm := range m.ProblemMatcher {
			p := pm.Pattern[0]
			g := regexp.MustCompile(p.Regexp).FindStringSubmatch(line)
			if g == nil {
				continue
			}
			if g[p.Message] == "" {
				t.Errorf("%s matches %q without a message", pm.Owner, line)
			}
			found = append(found, problem{pm.Severity, g[p.File], g[p.Line], g[p.Column], g[p.Code]})
		}
	}
	return found
}
