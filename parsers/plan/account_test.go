package plan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The account data.aws_caller_identity resolved to while planning is the
// deployer's own: the plan has its ID wherever the configuration refers to
// it, so rules must know it (IAM302).
func TestOwnAccount(t *testing.T) {
	t.Parallel()
	real := filepath.Join("../../fixtures/IAM302/plan/own-account/plan.json")
	data, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	identity := func(values, unknown, sensitive string) string {
		return `{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[
		  {"address":"data.aws_caller_identity.current","mode":"data","type":"aws_caller_identity","name":"current",
		   "change":{"actions":["read"],"after":` + values + `,"after_unknown":` + unknown + `,"after_sensitive":` + sensitive + `}}]}`
	}
	tests := []struct {
		name string
		plan []byte
		opts Options
		want []string
	}{
		{"real plan", data, Options{}, []string{"123456789012"}},
		{"real plan, changed only", data, Options{ChangedOnly: true}, []string{"123456789012"}},
		{"read during apply", []byte(identity(`{}`, `{"account_id":true}`, `{}`)), Options{}, nil},
		{"sensitive", []byte(identity(`{"account_id":"123456789012"}`, `{}`, `{"account_id":true}`)), Options{}, nil},
		{"known", []byte(identity(`{"account_id":"444455556666"}`, `{}`, `{}`)), Options{}, []string{"444455556666"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, errs := Parse(real, tt.plan, tt.opts)
			for _, err := range errs {
				t.Error(err)
			}
			var got []string
			for _, v := range inv.OwnAccounts {
				got = append(got, v.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("own accounts differ (-want +got):\n%s", diff)
			}
		})
	}
}
