package iam

import "testing"

// BenchmarkLoadCatalog is the time to first lookup: gunzip and decode the
// embedded catalog.
func BenchmarkLoadCatalog(b *testing.B) {
	b.ReportMetric(float64(len(catalogData)), "embedded-bytes")
	for b.Loop() {
		text, err := gunzip(catalogData)
		if err != nil {
			b.Fatal(err)
		}
		c, err := parseCatalog(text)
		if err != nil || c.Action("s3:GetObject") == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadManaged decodes the embedded AWS managed policies (done on
// the first managed-policy lookup, separately from the catalog).
func BenchmarkLoadManaged(b *testing.B) {
	b.ReportMetric(float64(len(managedData)), "embedded-bytes")
	for b.Loop() {
		text, err := gunzip(managedData)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := parseManaged(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	c := Default()
	for _, p := range []string{"*", "s3:*", "*:Get*", "s3:GetObject", "ec2:Describe*"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				if c.Match(p).IsEmpty() {
					b.Fatal("empty")
				}
			}
		})
	}
}
