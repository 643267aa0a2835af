package rules_test

import (
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// TestBroadAWSManagedPolicy judges AWS managed policies by their embedded
// documents (its Terraform and CloudFormation fixtures wait for the
// parsers).
func TestBroadAWSManagedPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		policy   string
		boundary string // an AWS managed policy as permissions boundary
		want     int
	}{
		{"AdministratorAccess", "", 1},
		{"PowerUserAccess", "", 1},
		{"IAMFullAccess", "", 1},
		{"AWSOrganizationsFullAccess", "", 1},
		{"ReadOnlyAccess", "", 0},
		{"SecurityAudit", "", 0},
		{"AmazonS3FullAccess", "", 0},
		{"AdministratorAccess", "AmazonS3FullAccess", 0}, // the boundary lets only S3 through
	}
	for _, tt := range tests {
		role := &model.Identity{Meta: model.Meta{ID: "r"}, Kind: model.Role}
		if tt.boundary != "" {
			role.Boundary = model.Ref{Value: model.Known("arn:aws:iam::aws:policy/"+tt.boundary, model.Location{})}
		}
		inv := &model.Inventory{
			Identities: []*model.Identity{role},
			Attachments: []*model.Attachment{{Meta: model.Meta{ID: "a"},
				Policy:   model.Ref{Value: model.Known("arn:aws-us-gov:iam::aws:policy/"+tt.policy, model.Location{})},
				Identity: model.Ref{ID: "r"}}},
		}
		if got := len(rules.Run(inv, []*rules.Rule{rules.BroadAWSManagedPolicy}, nil)); got != tt.want {
			t.Errorf("%s (boundary %q): %d findings, want %d", tt.policy, tt.boundary, got, tt.want)
		}
	}
}
