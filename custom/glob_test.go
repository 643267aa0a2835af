package custom

import (
	"testing"

	"github.com/iacscan/iacscan/iam"
)

func TestGlobMatchAgreesWithIAM(t *testing.T) {
	t.Parallel()
	patterns := []string{"*", "iam:*", "IAM:Pass*", "iam:?assRole", "iam:*Role*", "s3:Get*Acl", "iam:PassRole", "", "**", "iam:Pass", "*:*", "s3:*Object*Tag?ing"}
	actions := []string{"iam:PassRole", "iam:passrole", "s3:GetObjectAcl", "s3:GetObject", "iam:GetRolePolicy", "s3:PutObjectTagging", ""}
	for _, p := range patterns {
		for _, a := range actions {
			if got, want := globMatch(p, a), iam.ActionMatches(p, a); got != want {
				t.Errorf("globMatch(%q, %q) = %v, iam.ActionMatches says %v", p, a, got, want)
			}
		}
	}
}
