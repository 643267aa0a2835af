package summary

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestGolden(t *testing.T) {
	t.Parallel()
	inv, errs := parsers.Load([]string{"testdata/input"}, parsers.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	cases := map[string]*Summary{
		"summary":       Build(iam.Analyze(inv, iam.Default())),
		"empty-summary": Build(iam.Analyze(&model.Inventory{}, iam.Default())),
	}
	for name, s := range cases {
		for ext, format := range map[string]string{".txt": "text", "-full.txt": "text", ".json": "json", ".md": "markdown"} {
			t.Run(name+ext, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, s, format, Options{Full: ext == "-full.txt"}); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", name+ext)
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), buf.String()); diff != "" {
					t.Errorf("%s differs (-want +got; go test ./summary -update):\n%s", golden, diff)
				}
			})
		}
	}
}

func TestLevels(t *testing.T) {
	t.Parallel()
	inv, _ := parsers.Load([]string{"testdata/input/deployer.json"}, parsers.Options{})
	s := Build(iam.Analyze(inv, iam.Default()))
	got := map[string]Level{}
	for _, svc := range s.Principals[0].Services {
		for _, l := range svc.Levels {
			got[svc.Prefix+" "+l.Level] = l
		}
	}
	c := iam.Default()
	s3List := c.ServiceActions(c.Service("s3"), iam.List).Len()
	tests := []struct {
		key  string
		want Level
	}{
		{"s3 List", Level{Level: "List", Access: "full", Actions: s3List, Total: s3List, AllResources: true}},
		{"iam Write", Level{Level: "Write", Access: "limited", Actions: 1, Total: c.ServiceActions(c.Service("iam"), iam.Write).Len(), Conditioned: true, AllResources: true}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, got[tt.key]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.key, diff)
		}
	}
	if l := got["s3 Read"]; l.Actions != 1 || l.AllResources {
		t.Errorf("s3 Read = %+v, want one action on some resources", l)
	}
	if l := got["ecs Write"]; l.Access != "limited" || l.Actions == 0 {
		t.Errorf("ecs Write = %+v, want limited by the Deny of ecs:Delete*", l)
	}
	if err := Write(&bytes.Buffer{}, s, "yaml", Options{}); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestPermissionSets: IAM Identity Center permission sets are principals
// of the summary, with what their inline and managed policies grant.
func TestPermissionSets(t *testing.T) {
	t.Parallel()
	inv, errs := parsers.Load([]string{"../fixtures/IAM108/cloudformation/bad_permission_set.yaml"}, parsers.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := Build(iam.Analyze(inv, iam.Default()))
	if len(s.Principals) != 1 {
		t.Fatalf("got %d principals, want the permission set", len(s.Principals))
	}
	p := s.Principals[0]
	if p.ID != "AdminPermissionSet" || p.Kind != "permission-set" || len(p.Incomplete) > 0 {
		t.Errorf("principal = %s %s (incomplete %v), want permission-set AdminPermissionSet, complete", p.Kind, p.ID, p.Incomplete)
	}
	levels := map[string]string{}
	for _, svc := range p.Services {
		for _, l := range svc.Levels {
			levels[svc.Prefix+" "+l.Level] = l.Access
		}
	}
	// ReadOnlyAccess: reading S3, but writing nothing.
	if levels["s3 Read"] == "" || levels["s3 Write"] != "" {
		t.Errorf("s3 levels = Read %q, Write %q; want some Read and no Write", levels["s3 Read"], levels["s3 Write"])
	}
}

// TestAccessSets: the sets Build computes a summary from say, of every
// allowed action of every principal of the fixtures, what evaluating the
// action with Permissions.Access says (granted, Free, on every resource):
// boundaries, conditioned Denies, NotAction and NotResource included.
func TestAccessSets(t *testing.T) {
	t.Parallel()
	inv, _ := parsers.Load([]string{"../fixtures", "testdata/input"}, parsers.Options{})
	an := iam.Analyze(inv, iam.Default())
	b := builder{an: an, c: an.Catalog, totals: make(map[levelKey]int)}
	checked, boundaries, conditioned := 0, 0, 0
	for _, p := range an.Principals() {
		granted, free, everywhere := b.accessSets(p)
		if p.Boundary != nil {
			boundaries++
		}
		for a := range an.Catalog.Actions(p.Allowed()) {
			acc := p.Access(a)
			if got, want := granted.Has(a), acc.Allowed(); got != want {
				t.Fatalf("%s %s: granted %v, Access says %v", p.Label(), a, got, want)
			}
			if !acc.Allowed() {
				continue
			}
			if got, want := free.Has(a), acc.Free(); got != want {
				t.Fatalf("%s %s: free %v, Access says %v", p.Label(), a, got, want)
			}
			if !acc.Free() {
				conditioned++
			}
			if got, want := everywhere.Has(a), onEveryResource(acc); got != want {
				t.Fatalf("%s %s: on every resource %v, Access says %v", p.Label(), a, got, want)
			}
			checked++
		}
	}
	if checked < 10000 || boundaries == 0 || conditioned == 0 {
		t.Errorf("the fixtures exercise too little: %d actions, %d boundaries, %d conditioned", checked, boundaries, conditioned)
	}
}

func onEveryResource(acc iam.Access) bool {
	for _, g := range acc.Grants {
		if g.NotResource.Set || g.Resource.Has("*") {
			return true
		}
	}
	return false
}
