package access

import (
	"testing"

	"github.com/iacscan/iacscan/model"
)

// TestPrincipalARN holds aws:PrincipalArn to the ARN of the user or role
// with its path, and to unknown whenever one part of it is not known.
func TestPrincipalARN(t *testing.T) {
	role := func(path model.Value) *model.Identity {
		return &model.Identity{Kind: model.Role, Name: model.Known("Admin", model.Location{}), Path: path}
	}
	user := &model.Identity{Kind: model.User, Name: model.Known("alice", model.Location{}), Path: model.Known("/people/", model.Location{})}
	const s3 = "arn:aws:s3:::logs"
	tests := []struct {
		name     string
		id       *model.Identity
		account  string
		resource string
		want     string // "" when the key is not known
	}{
		{"role, default path", role(model.Value{}), "222222222222", s3, "arn:aws:iam::222222222222:role/Admin"},
		{"role with a path", role(model.Known("/ops/team/", model.Location{})), "222222222222", s3, "arn:aws:iam::222222222222:role/ops/team/Admin"},
		{"user with a path", user, "222222222222", s3, "arn:aws:iam::222222222222:user/people/alice"},
		{"partition of the resource", role(model.Value{}), "222222222222", "arn:aws-cn:s3:::logs", "arn:aws-cn:iam::222222222222:role/Admin"},
		{"path known only after apply", role(model.Unresolved("var.path", model.Location{})), "222222222222", s3, ""},
		{"path AWS rejects", role(model.Known("ops", model.Location{})), "222222222222", s3, ""},
		{"account not known", role(model.Value{}), "", s3, ""},
		{"no resource, no partition", role(model.Value{}), "222222222222", "", ""},
		{"partition a wildcard", role(model.Value{}), "222222222222", "arn:*:s3:::logs", ""},
		{"partition an expression", role(model.Value{}), "222222222222", "arn:${AWS::Partition}:s3:::logs", ""},
		{"name not known", &model.Identity{Kind: model.Role, Name: model.Unresolved("aws_iam_role.x.name", model.Location{})}, "222222222222", s3, ""},
		{"service-linked role", &model.Identity{Kind: model.Role, Name: model.Known("AWSServiceRoleForECS", model.Location{}), ServiceLinked: true}, "222222222222", s3, ""},
		{"group", &model.Identity{Kind: model.Group, Name: model.Known("ops", model.Location{})}, "222222222222", s3, ""},
		{"permission set", &model.Identity{Kind: model.PermissionSet, Name: model.Known("Admin", model.Location{})}, "222222222222", s3, ""},
	}
	for _, tt := range tests {
		v := principalVariables(tt.id, tt.account)
		v.partition = requestPartition(tt.resource)
		got, ok := v.fixed("aws:PrincipalArn")
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: aws:PrincipalArn = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}
