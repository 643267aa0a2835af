package terraform

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNullTestKeepsCollection: `x != null ? x : []` over a list holding a
// resource reference keeps the list (one principal whose identifier is
// unknown), instead of losing the whole dynamic block.
func TestNullTestKeepsCollection(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := `data "aws_caller_identity" "current" {}
locals {
  principals = [{ type = "AWS", identifiers = [data.aws_caller_identity.current.arn] }]
  none       = null
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    dynamic "principals" {
      for_each = local.principals != null ? local.principals : []
      content {
        type        = principals.value.type
        identifiers = principals.value.identifiers
      }
    }
    dynamic "not_principals" {
      for_each = local.none == null ? [] : local.none
      content {
        type        = "AWS"
        identifiers = ["*"]
      }
    }
  }
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, errs := Scan([]string{dir}, Options{Root: dir})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(inv.Policies) != 1 || len(inv.Policies[0].Document.Statements) != 1 {
		t.Fatalf("policies = %+v", inv.Policies)
	}
	st := inv.Policies[0].Document.Statements[0]
	p := st.Principal
	if p == nil || p.Unknown || len(p.Entries) != 1 || !p.Entries[0].Type.Is("AWS") {
		t.Fatalf("principal = %+v, want AWS with one identifier", p)
	}
	if id := p.Entries[0].Values.Items; len(id) != 1 || id[0].IsKnown() {
		t.Errorf("identifier = %+v, want one unknown (the caller's ARN)", id)
	}
	if st.NotPrincipal != nil {
		t.Errorf("not_principals over an empty list: %+v, want none", st.NotPrincipal)
	}
}
