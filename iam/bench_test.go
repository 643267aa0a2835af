package iam

import (
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// BenchmarkLoadCatalog is the time to first lookup: index the embedded
// catalog and decode one service.
func BenchmarkLoadCatalog(b *testing.B) {
	b.ReportMetric(float64(len(catalogText)), "embedded-bytes")
	for b.Loop() {
		c, err := parseCatalog(catalogText, catalogIndex)
		if err != nil || c.Action("s3:GetObject") == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCatalogWhole indexes the catalog and decodes every service,
// as summary and export do.
func BenchmarkLoadCatalogWhole(b *testing.B) {
	for b.Loop() {
		c, err := parseCatalog(catalogText, catalogIndex)
		if err != nil || len(c.Services()) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadManaged reads the index of the embedded AWS managed
// policies (done on the first managed-policy lookup, separately from the
// catalog) and decodes one of them.
func BenchmarkLoadManaged(b *testing.B) {
	b.ReportMetric(float64(len(managedIndex)), "index-bytes")
	arn := model.Known("arn:aws:iam::aws:policy/ReadOnlyAccess", model.Location{})
	for b.Loop() {
		c := &Catalog{managed: func() (*managedSet, error) { return parseManaged(managedIndex, managedDocuments) }}
		if c.ManagedPolicy(arn) == nil {
			b.Fatal("no ReadOnlyAccess")
		}
	}
}

// BenchmarkManagedTwin looks up the twin of a customer policy, cold (the
// index read first, as in a run's first lookup) and warm.
func BenchmarkManagedTwin(b *testing.B) {
	doc, err := syntax.ParseDocument("p.json", []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			set, err := parseManaged(managedIndex, managedDocuments)
			if err != nil {
				b.Fatal(err)
			}
			c := &Catalog{managed: func() (*managedSet, error) { return set, nil }}
			c.ManagedTwin(doc)
		}
	})
	b.Run("warm", func(b *testing.B) {
		c := Default()
		for b.Loop() {
			c.ManagedTwin(doc)
		}
	})
}

// BenchmarkAction looks up actions by name in a catalog whose services are
// decoded (warm): what rules do in their loops.
func BenchmarkAction(b *testing.B) {
	c := Default()
	names := []string{"s3:GetObject", "IAM:PassRole", "ec2:DescribeInstances", "s3:NoSuchAction"}
	for _, n := range names {
		c.Action(n)
	}
	for b.Loop() {
		for _, n := range names {
			c.Action(n)
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
