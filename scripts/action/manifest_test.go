package action_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// action.yml declares the inputs the README documents, runs only scripts
// that exist and are executable, and passes inputs through the environment
// (never interpolated into shell code).
func TestActionManifest(t *testing.T) {
	t.Parallel()
	var action struct {
		Inputs map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"inputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	readYAML(t, "../../action.yml", &action)
	var inputs []string
	for name := range action.Inputs {
		inputs = append(inputs, name)
	}
	slices.Sort(inputs)
	if want := []string{"allow-empty", "base", "baseline", "config", "fail-on", "fail-on-new", "mode", "paths", "plan", "sarif-category", "upload-sarif", "version"}; !slices.Equal(inputs, want) {
		t.Errorf("inputs %v, want %v", inputs, want)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q", action.Runs.Using)
	}
	script := regexp.MustCompile(`^'?"\$ACTION_PATH/(scripts/action/[a-z]+\.sh)"'?$`)
	var uses []string
	for _, st := range action.Runs.Steps {
		if st.Uses != "" {
			uses = append(uses, st.Uses)
			continue
		}
		m := script.FindStringSubmatch(strings.TrimSpace(st.Run))
		if m == nil {
			t.Errorf("step runs %q: steps must be scripts of scripts/action", st.Run)
			continue
		}
		info, err := os.Stat(filepath.Join("../..", m[1]))
		if err != nil || info.Mode()&0o111 == 0 {
			t.Errorf("%s: missing or not executable (%v)", m[1], err)
		}
		if strings.Contains(st.Run, "${{") {
			t.Errorf("step %s interpolates an expression into shell code", m[1])
		}
	}
	// Go comes from the runner and goes on no PATH of the caller's: no
	// setup-go, whose Go would stay on it for the rest of the job.
	if slices.Contains(uses, "actions/setup-go@v5") || !slices.Contains(uses, "actions/cache@v4") || !slices.Contains(uses, "github/codeql-action/upload-sarif@v3") {
		t.Errorf("uses %v", uses)
	}
}

// The pre-commit hook runs iacscan --only-files on the files it can read.
func TestPreCommitHook(t *testing.T) {
	t.Parallel()
	var hooks []struct {
		ID       string `yaml:"id"`
		Entry    string `yaml:"entry"`
		Language string `yaml:"language"`
		Files    string `yaml:"files"`
	}
	readYAML(t, "../../.pre-commit-hooks.yaml", &hooks)
	if len(hooks) != 1 || hooks[0].ID != "iacscan" || hooks[0].Language != "golang" || hooks[0].Entry != "iacscan --only-files --allow-empty" {
		t.Fatalf("hooks = %+v", hooks)
	}
	files := regexp.MustCompile(hooks[0].Files)
	for _, f := range []string{"main.tf", "infra/x.tf.json", "stack.yaml", "t.yml", "policy.json", "app.template"} {
		if !files.MatchString(f) {
			t.Errorf("hook skips %s", f)
		}
	}
	for _, f := range []string{"main.go", "README.md", "terraform.tfstate.backup"} {
		if files.MatchString(f) {
			t.Errorf("hook runs on %s", f)
		}
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
