package rules_test

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/config"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// The fixture harness. Every rule has fixtures/<ID>/<format>/ with cases: a
// file, or a directory scanned as one input (a directory holding plan.json
// is scanned through that plan). Expected findings are marked where they
// occur:
//
//   - "# want IAM201" (or "// want IAM201") at the end of a line of HCL or
//     YAML: one finding of that rule starting on that line (repeat the ID for
//     more than one);
//   - a sidecar X.want beside a JSON file X: lines "IAM201 12" (a finding on
//     line 12 of X), "IAM201 aws_iam_role.app" (a finding on that resource,
//     wherever it is), or "error 7" (an input error on line 7 of X).
//
// An ID may carry the severity the finding must have, for rules whose
// severity follows what they find: "# want IAM204:low", "IAM204:high 12".
//
// A directory case may hold a .iacscan.yml: its settings (org_ids,
// trusted_accounts, require_boundaries) are what the rule reads.
//
// Only the fixture's own rule runs, and its findings must match the markers
// exactly: nothing missing, nothing extra. Good cases simply have no markers.
const fixtureRoot = "../fixtures"

var wantMarker = regexp.MustCompile(`(?:#|//)\s*want((?:\s+IAM\d{3}(?::[a-z]+)?)+)\s*$`)

func TestFixtures(t *testing.T) {
	t.Parallel()
	for _, r := range rules.All {
		dir := filepath.Join(fixtureRoot, r.ID)
		formats, err := os.ReadDir(dir)
		if err != nil {
			t.Errorf("%s has no fixtures: %v", r.ID, err)
			continue
		}
		var bad, good int
		for _, f := range formats {
			if !f.IsDir() {
				continue
			}
			cases, err := os.ReadDir(filepath.Join(dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				if strings.HasSuffix(c.Name(), ".want") {
					continue
				}
				path := filepath.Join(dir, f.Name(), c.Name())
				want, err := expectations(r.ID, path)
				if err != nil {
					t.Fatal(err)
				}
				if len(want) > 0 {
					bad++
				} else {
					good++
				}
				t.Run(r.ID+"/"+f.Name()+"/"+c.Name(), func(t *testing.T) { checkCase(t, r, path, want) })
			}
		}
		if bad == 0 || good == 0 {
			t.Errorf("%s needs at least one bad and one good fixture (has %d bad, %d good)", r.ID, bad, good)
		}
	}
}

// checkCase scans one case and compares its findings with want.
func checkCase(t *testing.T, r *rules.Rule, path string, want []string) {
	t.Helper()
	input := path
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "plan.json")); err == nil {
			input = filepath.Join(path, "plan.json")
		}
	}
	var cfg *rules.Config
	if isDir(path) {
		if c, err := config.Load(filepath.Join(path, config.FileName)); err == nil {
			cfg = c.RuleConfig()
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	inv, errs := parsers.Load([]string{input}, parsers.Options{})
	var got []string
	for _, err := range errs {
		got = append(got, describeError(err))
	}
	for _, f := range rules.Run(inv, []*rules.Rule{r}, cfg) {
		// A finding is named the way its expectation names it: by line or
		// by resource, with or without its severity.
		byLine := fmt.Sprintf("%s:%d", filepath.ToSlash(f.Loc.File), f.Loc.StartLine)
		name := f.Rule.ID + " " + byLine
		for _, id := range []string{f.Rule.ID, f.Rule.ID + ":" + f.Rule.Severity.String()} {
			for _, where := range []string{byLine, f.Resource} {
				if slices.Contains(want, id+" "+where) {
					name = id + " " + where
				}
			}
		}
		got = append(got, name)
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings differ (-want +got):\n%s", diff)
		for _, f := range rules.Run(inv, []*rules.Rule{r}, cfg) {
			t.Logf("%s: %s: %s", f.Loc, f.Rule.ID, f.Message)
		}
	}
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

func describeError(err error) string {
	if ie, ok := err.(*model.InputError); ok {
		return fmt.Sprintf("error %s:%d", filepath.ToSlash(ie.Loc.File), ie.Loc.StartLine)
	}
	return "error " + err.Error()
}

// expectations reads the markers and sidecars of every file in the case.
func expectations(id, path string) ([]string, error) {
	var want []string
	if err := readSidecar(id, path+".want", &want); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	err := filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".want") {
			return readSidecar(id, p, &want)
		}
		return readMarkers(id, p, &want)
	})
	return want, err
}

func readMarkers(id, file string, want *[]string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		m := wantMarker.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		for _, got := range strings.Fields(m[1]) {
			if ruleOf(got) == id {
				*want = append(*want, fmt.Sprintf("%s %s:%d", got, filepath.ToSlash(file), line))
			}
		}
	}
	return sc.Err()
}

func readSidecar(id, sidecar string, want *[]string) error {
	data, err := os.ReadFile(sidecar)
	if err != nil {
		return err
	}
	target := filepath.ToSlash(strings.TrimSuffix(sidecar, ".want"))
	for i, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 2 {
			return fmt.Errorf("%s:%d: want \"ID LINE\", \"ID ADDRESS\" or \"error LINE\"", sidecar, i+1)
		}
		kind, where := fields[0], fields[1]
		if ruleOf(kind) != id && kind != "error" {
			continue
		}
		if _, err := strconv.Atoi(where); err == nil {
			where = target + ":" + where
		}
		*want = append(*want, kind+" "+where)
	}
	return nil
}

// ruleOf is the rule ID of an expectation's "IAM204" or "IAM204:low".
func ruleOf(want string) string {
	id, _, _ := strings.Cut(want, ":")
	return id
}
