package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// junitWriter writes JUnit XML for CI systems that show test reports. Each
// rule that ran is a test suite: a rule with no finding is one passing test
// case, each finding a failed test case, and each suppressed finding a
// skipped one. Suites per rule (not per file) keep every rule visible,
// passed or not, and give stable test names between runs. Input errors form
// one last suite, "input", with an error element per error and a skipped
// test case per warning (a part of the input that was not understood).
type junitWriter struct{}

var _ Writer = (*junitWriter)(nil)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Properties *junitProperties `xml:"properties"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitProblem `xml:"skipped"`
}

// junitProblem is the body of a failure, error or skipped element.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func (w *junitWriter) Write(out io.Writer, r *Result) error {
	doc := junitSuites{Name: toolName}
	for _, rule := range rulesOf(r) {
		doc.add(ruleSuite(rule, r.Findings))
	}
	if len(r.Errors) > 0 {
		doc.add(inputSuite(r.Errors))
	}
	if _, err := io.WriteString(out, xml.Header); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	enc := xml.NewEncoder(out)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	if _, err := io.WriteString(out, "\n"); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	return nil
}

// add appends a suite, counting its cases into the totals.
func (d *junitSuites) add(s junitSuite) {
	for _, c := range s.Cases {
		s.Tests++
		switch {
		case c.Failure != nil:
			s.Failures++
		case c.Error != nil:
			s.Errors++
		case c.Skipped != nil:
			s.Skipped++
		}
	}
	d.Tests += s.Tests
	d.Failures += s.Failures
	d.Errors += s.Errors
	d.Skipped += s.Skipped
	d.Suites = append(d.Suites, s)
}

func ruleSuite(rule *rules.Rule, findings []*rules.Finding) junitSuite {
	s := junitSuite{
		Name: rule.ID + " " + rule.Name,
		Properties: &junitProperties{[]junitProperty{
			{Name: "title", Value: rule.Title},
			{Name: "severity", Value: rule.Severity.String()},
		}},
	}
	class := toolName + "." + rule.ID
	for _, f := range findings {
		if f.Rule.ID != rule.ID {
			continue
		}
		c := junitCase{Name: caseName(f), ClassName: class}
		if sup := f.Suppressed; sup != nil {
			c.Skipped = &junitProblem{Message: fmt.Sprintf("suppressed (%s): %s", sup.Kind, sup.Reason)}
		} else {
			c.Failure = &junitProblem{Message: displayMessage(f), Type: f.Rule.Severity.String(), Text: failureText(f)}
		}
		s.Cases = append(s.Cases, c)
	}
	if len(s.Cases) == 0 {
		s.Cases = []junitCase{{Name: "no findings", ClassName: class}}
	}
	return s
}

// caseName names a finding's test case by where it is and what it is on:
// "policies/admin.json:3:5 policies/admin.json".
func caseName(f *rules.Finding) string {
	return where(f.Loc) + " " + f.Resource
}

// where is file:line:col, or noFile for a location without a file.
func where(l model.Location) string {
	if l.File == "" {
		return noFile
	}
	return l.String()
}

// failureText is the body of a failure: the location, the message, the
// related locations, then the rule's title.
func failureText(f *rules.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s\n", where(f.Loc), f.Rule.Severity, displayMessage(f))
	for _, rel := range f.Related {
		fmt.Fprintf(&b, "  %s: %s\n", where(rel.Loc), rel.Message)
	}
	fmt.Fprintf(&b, "%s %s: %s", f.Rule.ID, f.Rule.Name, f.Rule.Title)
	return b.String()
}

func inputSuite(errs []error) junitSuite {
	s := junitSuite{Name: "input"}
	for _, err := range errs {
		e := splitError(err)
		name := e.Loc.String()
		if name == "" {
			name = e.Message
		}
		c := junitCase{Name: name, ClassName: toolName + ".input"}
		if e.Warning {
			c.Skipped = &junitProblem{Message: "warning: " + e.Message}
		} else {
			c.Error = &junitProblem{Message: e.Message, Type: "input", Text: e.String()}
		}
		s.Cases = append(s.Cases, c)
	}
	return s
}
