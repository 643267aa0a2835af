package twin

import (
	"testing"

	"github.com/iacscan/iacscan/syntax"
)

// TestKey: documents that grant the same have one key, read from the model
// or from JSON; any other grant, a principal or an unknown value changes
// or denies it.
func TestKey(t *testing.T) {
	t.Parallel()
	const base = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}}}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}`
	for _, tt := range []struct {
		name, doc string
		same, ok  bool
	}{
		{"itself", base, true, true},
		{"other order, Sids, case, duplicates", `{"Statement": [{"Sid": "X", "Effect": "Deny", "Action": "IAM:*", "Resource": ["*"]}, {"Effect": "Allow", "Action": ["s3:listbucket", "S3:GetObject", "s3:GetObject"], "Resource": "*", "Condition": {"StringEquals": {"AWS:PrincipalTag/team": ["b", "a"]}}}]}`, true, true},
		{"a condition value fewer", `{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}}}, {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}`, false, true},
		{"resources keep their case", `{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::B"}]}`, false, true},
		{"a principal", `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`, false, false},
		{"no statement", `{"Statement": []}`, false, false},
	} {
		doc, err := syntax.ParseDocument("p.json", []byte(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := KeyJSON(base)
		fromModel, okModel := Key(doc)
		fromJSON, okJSON := KeyJSON(tt.doc)
		if okModel != tt.ok || okJSON != tt.ok || fromModel != fromJSON {
			t.Errorf("%s: Key %q (%v), KeyJSON %q (%v), want both ok=%v and equal", tt.name, fromModel, okModel, fromJSON, okJSON, tt.ok)
		}
		if same := fromModel == want; same != tt.same {
			t.Errorf("%s: same key as the base %v, want %v", tt.name, same, tt.same)
		}
	}
	if Hash("Allow\x1fs3:get*\x1f\x1f*\x1f\x1f") != 0x94b3be9f6c92c6bb {
		t.Errorf("Hash is not FNV-1a 64 (the generated data depends on it)")
	}
}
