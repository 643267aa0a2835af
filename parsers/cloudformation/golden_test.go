package cloudformation

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/model/modeltest"
	"github.com/iacscan/iacscan/syntax"
)

var update = flag.Bool("update", false, "rewrite the .golden files of TestGolden")

// TestGolden maps each template of testdata and compares the inventory,
// element by element with values and locations, and the errors, with
// testdata/NAME.golden. Run with -update to rewrite them after checking
// the difference.
func TestGolden(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*.yaml")
	jsonFiles, _ := filepath.Glob("testdata/*.json")
	for _, file := range append(files, jsonFiles...) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Constructs: map[string]string{"HandlerServiceRoleDefaultPolicyCBD0CC91": "AppStack/Handler/ServiceRole/DefaultPolicy/Resource"}}
			var inv *model.Inventory
			var errs []error
			if strings.HasSuffix(file, ".json") {
				root, err := syntax.ParseJSON(file, data)
				if err != nil {
					t.Fatal(err)
				}
				inv, errs = FromJSON(file, root, opts)
			} else {
				inv, errs = Parse(file, data, opts)
			}
			var b strings.Builder
			for _, err := range errs {
				b.WriteString("error " + err.Error() + "\n")
			}
			b.WriteString(modeltest.Dump(inv))
			golden := strings.TrimSuffix(file, filepath.Ext(file)) + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("inventory differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}
