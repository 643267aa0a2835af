package iam

import "testing"

// FuzzMatch feeds arbitrary action entries and resources (they come from
// inputs) to the matchers: they must not panic, and "*" must stay
// universal.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"s3:GetObject", "*:Get*", "s3:*", "arn:aws:s3:::b/*", "arn:${aws:username}:x", "${", "a:b:c:d:e:f:g", "??*?"} {
		f.Add(s)
	}
	c := Default()
	get := c.Action("s3:GetObject")
	f.Fuzz(func(t *testing.T, s string) {
		set := c.Match(s)
		if set.Len() > c.NumActions() {
			t.Fatalf("Match(%q) has more actions than the catalog", s)
		}
		get.Accepts(s)
		c.ResourceScope(s)
		Covers(s, "arn:aws:s3:::bucket/key")
		if !get.Accepts("*") {
			t.Fatal("* no longer accepted")
		}
	})
}
