package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/iacscan/iacscan/model"
)

// Provider credentials of a real plan, with its .tf beside it and without.
func TestProviders(t *testing.T) {
	t.Parallel()
	real := "../../fixtures/IAM103/plan/provider/plan.json"
	data, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	alone := filepath.Join(t.TempDir(), "plan.json")
	describe := func(inv *model.Inventory) []string {
		var out []string
		for _, e := range inv.Exposures {
			if e.Kind == model.ExposureProvider {
				out = append(out, fmt.Sprintf("%s %s %s line=%d", e.ID, e.Name, e.Value.String(), e.Value.Loc.StartLine))
			}
		}
		return out
	}
	tests := []struct {
		name, file string
		opts       Options
		want       []string
	}{
		{"with configuration", real, Options{}, []string{
			"provider.aws access_key AKIAZ2QJ4LX7R5VTEHMB line=5",
			"provider.aws secret_key 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 line=6",
			"provider.aws access_key AKIAIOSFODNN7EXAMPLE line=23",
			// The .tf evaluated: the plan has only var.deploy_secret.
			"provider.aws secret_key not-a-key line=24",
		}},
		{"plan alone", alone, Options{}, []string{
			"provider.aws access_key AKIAZ2QJ4LX7R5VTEHMB line=1",
			"provider.aws secret_key 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 line=1",
			"provider.aws access_key AKIAIOSFODNN7EXAMPLE line=1",
			"provider.aws secret_key ${var.deploy_secret} line=1",
		}},
		{"changed only", real, Options{ChangedOnly: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, errs := Parse(tt.file, data, tt.opts)
			for _, err := range errs {
				if ie, ok := err.(*model.InputError); !ok || !ie.Warning {
					t.Error(err)
				}
			}
			if diff := cmp.Diff(tt.want, describe(inv)); diff != "" {
				t.Errorf("provider exposures differ (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProviderArgumentNamed: a provider argument the converter cannot
// read is named by its path, one dot between parts.
func TestProviderArgumentNamed(t *testing.T) {
	t.Parallel()
	a := attrs{addr: "provider.aws"}
	n := a.expression("region", &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{ConstantValue: struct{}{}}}, model.Location{})
	if n == nil || n.Expr != "provider.aws.region (unsupported value)" {
		t.Errorf("got %+v, want an unknown named provider.aws.region (unsupported value)", n)
	}
}
