package report

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Coverage is how much of the inputs was modelled, for the summary line and
// the JSON summary: a user learns what was not checked.
type Coverage struct {
	Resources int `json:"resources_read"`
	Elements  int `json:"iam_elements"`
	// NotAnalysed are the policy-bearing resource types seen that iacscan
	// does not model, with how many resources of each.
	NotAnalysed []TypeCount `json:"not_analysed"`
}

// TypeCount is a resource type and a number of resources.
type TypeCount struct {
	Type  string `json:"type"`
	Count int    `json:"count"`
}

// CoverageOf summarises an inventory's coverage.
func CoverageOf(inv *model.Inventory) *Coverage {
	c := &Coverage{Resources: inv.Coverage.Resources, Elements: inv.Elements(), NotAnalysed: []TypeCount{}}
	for _, t := range inv.Coverage.NotAnalysedTypes() {
		c.NotAnalysed = append(c.NotAnalysed, TypeCount{t, inv.Coverage.NotAnalysed[t]})
	}
	return c
}

// suffix is the coverage part of the summary line: "; 120 resources read,
// 45 IAM elements modelled; not analysed: aws_glue_resource_policy (2)".
func (c *Coverage) suffix() string {
	if c == nil {
		return ""
	}
	s := fmt.Sprintf("; %s read, %s modelled", plural(c.Resources, "resource"), plural(c.Elements, "IAM element"))
	if len(c.NotAnalysed) == 0 {
		return s
	}
	const max = 5
	var parts []string
	for i, t := range c.NotAnalysed {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more types", len(c.NotAnalysed)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", t.Type, t.Count))
	}
	return s + "; policies not analysed in " + strings.Join(parts, ", ")
}

// escapeCoverage is the coverage suffix for Markdown, its type names (from
// the input) escaped.
func escapeCoverage(c *Coverage) string {
	if c == nil {
		return ""
	}
	return markdownText(c.suffix())
}
