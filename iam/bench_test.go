package iam

import "testing"

// BenchmarkLoadCatalog is the time to first lookup: index the embedded
// catalog and decode one service.
func BenchmarkLoadCatalog(b *testing.B) {
	b.ReportMetric(float64(len(catalogText)), "embedded-bytes")
	for b.Loop() {
		c, err := parseCatalog(catalogText)
		if err != nil || c.Action("s3:GetObject") == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCatalogWhole indexes the catalog and decodes every service,
// as summary and export do.
func BenchmarkLoadCatalogWhole(b *testing.B) {
	for b.Loop() {
		c, err := parseCatalog(catalogText)
		if err != nil || len(c.Services()) == 0 {
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
