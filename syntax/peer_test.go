package syntax

import (
	"reflect"
	"testing"

	"github.com/iacscan/iacscan/model"
)

func TestParsePeerDirectives(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want []model.Ignore
		kind PeerDirective
	}{
		{"#checkov:skip=CKV_AWS_62,ckv_aws_63:break-glass, reviewed", []model.Ignore{{Origin: "checkov", Rules: []string{"CKV_AWS_62", "CKV_AWS_63"}, Reason: "break-glass, reviewed"}}, PeerBlock},
		{"# checkov:skip=CKV_AWS_1", []model.Ignore{{Origin: "checkov", Rules: []string{"CKV_AWS_1"}}}, PeerBlock},
		{"#tfsec:ignore:aws-iam-no-policy-wildcards tfsec:ignore:aws-iam-no-user-attached-policies:exp:2026-12-31", []model.Ignore{
			{Origin: "tfsec", Rules: []string{"aws-iam-no-policy-wildcards"}, Reason: "tfsec:ignore:aws-iam-no-policy-wildcards"},
			{Origin: "tfsec", Rules: []string{"aws-iam-no-user-attached-policies"}, Reason: "tfsec:ignore:aws-iam-no-user-attached-policies:exp:2026-12-31", Expires: "2026-12-31"},
		}, PeerBlock},
		{"# trivy:ignore:AVD-AWS-0057", []model.Ignore{{Origin: "trivy", Rules: []string{"avd-aws-0057"}, Reason: "trivy:ignore:AVD-AWS-0057"}}, PeerBlock},
		{"# kics-scan ignore-line", []model.Ignore{{Origin: "kics", Rules: []string{PeerCheckAll}, Reason: "kics-scan ignore-line"}}, PeerLine},
		{"# kics-scan ignore-block", []model.Ignore{{Origin: "kics", Rules: []string{PeerCheckAll}, Reason: "kics-scan ignore-block"}}, PeerBlock},
		{"# kics-scan disable=2F37C4A3-58b9-4afe-8a87-d7f1d2286f84", []model.Ignore{{Origin: "kics", Rules: []string{"2f37c4a3-58b9-4afe-8a87-d7f1d2286f84"}, Reason: "kics-scan disable=2F37C4A3-58b9-4afe-8a87-d7f1d2286f84"}}, PeerFile},
		{"# a comment about checkov", nil, PeerBlock},
		{"#checkov:skip= ", nil, PeerBlock},
		{"#checkov:skip=\tCKV_AWS_1", []model.Ignore{{Origin: "checkov", Rules: []string{"CKV_AWS_1"}}}, PeerBlock},
		{"# iacscan:ignore IAM201 -- ours", nil, PeerBlock},
	} {
		got, kind := ParsePeerDirectives(c.text)
		if !reflect.DeepEqual(got, c.want) || kind != c.kind {
			t.Errorf("%q:\n got %+v %v\nwant %+v %v", c.text, got, kind, c.want, c.kind)
		}
	}
}

func FuzzParsePeerDirectives(f *testing.F) {
	f.Add("#checkov:skip=CKV_AWS_62:reason")
	f.Add("#tfsec:ignore:a:exp:2020-01-01 trivy:ignore:b")
	f.Add("# kics-scan disable=a,b")
	f.Fuzz(func(t *testing.T, text string) {
		igs, _ := ParsePeerDirectives(text)
		for _, ig := range igs {
			if ig.Origin == "" || len(ig.Rules) == 0 {
				t.Errorf("%q: directive %+v without origin or check", text, ig)
			}
		}
	})
}
