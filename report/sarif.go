package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/iacscan/iacscan/rules"
)

// sarifWriter writes SARIF 2.1.0 for GitHub code scanning. GitHub reads a
// small subset of SARIF and has its own rules on top of the schema; the ones
// that shape this writer:
//
//   - One run per file. Since July 2025 GitHub rejects a file with several
//     runs under the same category, and the category is everything up to the
//     last "/" of automationDetails.id: Options.Category, "iacscan/" by
//     default, always ending in "/" here.
//   - Every rule needs shortDescription, fullDescription and help (the
//     Multitool's GH rules reject a file without them); help.markdown is
//     what the alert page shows. security-severity must be a string
//     ("9.5"), not a number, or the alert gets no severity.
//   - Only the first of a result's locations is used, and it must have an
//     artifactLocation.uri relative to the repository root, whatever
//     directory iacscan ran in: URIs are the finding's path re-relativised
//     to Options.SRCRoot, with forward slashes, URI-encoded, under
//     uriBaseId %SRCROOT%. Lines and columns start at 1; a 0 is invalid.
//   - A result with no such location fails the whole upload ("expected at
//     least one location", "expected artifact location"). Findings with no
//     file, in a pseudo-file such as <stdin>, or outside the root are
//     therefore not written as results; each becomes a warning notification
//     in the invocation, so the SARIF still says what was left out.
//   - API uploads do not compute fingerprints, and without
//     partialFingerprints.primaryLocationLineHash every upload duplicates
//     the alerts. Ours is rules.Fingerprint (rule, repo-relative path,
//     resource address and statement, not the line), so alerts survive
//     edits above them, with a ":N" suffix numbering findings that share
//     it; the JSON report prints the same.
//   - Suppressed findings stay in the file with suppressions[], so GitHub
//     shows them as dismissed instead of opening and closing alerts.
//   - GitHub rejects a file over its limits (sarif_limits.go): more than
//     25,000 results in a run, 1,000 locations in a result, 20 tags on a
//     rule, 10 MB gzip-compressed. The most severe results that fit are
//     kept and the rest counted in a notification and in Options.Notes;
//     related locations and tags are trimmed to the limits.
//   - Related locations are listed but not linked from the message text
//     (GitHub links only "[text](id)" references, which would need every
//     bracket in messages escaped).
//
// Output is deterministic: rules sorted by ID, results in finding order,
// property maps marshalled with sorted keys.
type sarifWriter struct {
	category string    // automationDetails.id prefix
	root     string    // SRCRoot: repository root relative to the working directory
	notes    io.Writer // Options.Notes
}

var _ Writer = (*sarifWriter)(nil)

const (
	toolName       = "iacscan"
	toolURI        = "https://github.com/iacscan/iacscan"
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	srcRootID      = "%SRCROOT%"
	// defaultCategory separates iacscan's alerts from other tools' in a
	// repository's code scanning.
	defaultCategory = "iacscan/"
)

// securitySeverity maps severities onto GitHub's CVSS-like bands (critical
// above 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9), in the middle of
// each band. GitHub has no "info" band: info shows as low, at its bottom.
var securitySeverity = [...]string{
	rules.Info:     "1.0",
	rules.Low:      "3.0",
	rules.Medium:   "5.5",
	rules.High:     "8.0",
	rules.Critical: "9.5",
}

// sarifLevel is the SARIF level of a severity: critical and high are errors,
// medium is a warning, low and info are notes.
func sarifLevel(s rules.Severity) string {
	switch {
	case s >= rules.High:
		return "error"
	case s == rules.Medium:
		return "warning"
	default:
		return "note"
	}
}

// families names a rule's family by the category digit of its ID, as a tag.
var families = map[byte]string{
	'1': "credentials",
	'2': "least-privilege",
	'3': "trust",
	'4': "policy-hygiene",
	'5': "governance",
}

// ruleFormats are the input formats tagged on every rule: rules read the
// common model, so each applies to every format (rules.md).
var ruleFormats = []string{"terraform", "cloudformation", "policy-document"}

func (w *sarifWriter) Write(out io.Writer, r *Result) error {
	rep, err := sarif.New(sarif.Version210, false)
	if err != nil {
		return fmt.Errorf("writing SARIF report: %w", err)
	}
	rep.Schema = sarifSchemaURI
	b := newSarifBuilder(w.root, r)
	for _, f := range r.Findings {
		b.addFinding(f)
	}
	b.addErrors(r.Errors)
	if b.trimmed > 0 {
		lists := "results list only their"
		if b.trimmed == 1 {
			lists = "result lists only its"
		}
		b.invocation.AddTToolExecutionNotification(sarif.NewNotification().WithLevel("note").WithTextMessage(
			fmt.Sprintf("%d %s first %d related locations (GitHub rejects a result with more than %d locations); the JSON report lists them all.",
				b.trimmed, lists, maxSARIFLocations-1, maxSARIFLocations)))
	}
	b.run.AutomationDetails = sarif.NewRunAutomationDetails().WithID(w.categoryID())
	b.run.OriginalUriBaseIDs = map[string]*sarif.ArtifactLocation{
		srcRootID: sarif.NewArtifactLocation().WithDescriptionText("The root of the repository that was scanned."),
	}
	rep.AddRun(b.run)
	frame, err := json.Marshal(rep) // the run without results
	if err != nil {
		return fmt.Errorf("writing SARIF report: %w", err)
	}
	b.run.Results = make([]*sarif.Result, len(b.placed))
	for i, p := range b.placed {
		b.run.Results[i] = p.result
	}
	if note := b.fitLimits(compressedSize(frame)); note != "" && w.notes != nil {
		fmt.Fprintln(w.notes, "iacscan: warning:", note)
	}
	if err := writeSARIF(out, rep, b.run); err != nil {
		return fmt.Errorf("writing SARIF report: %w", err)
	}
	return nil
}

// resultsMember is how the run's results member reads when it is empty,
// indented as the report is: the results are streamed into its place.
const resultsMember = "\n      \"results\": []"

// writeSARIF writes the report indented by two spaces, as a json.Encoder
// would (rather than rep.PrettyWrite, to keep <, > and & readable in
// messages and help instead of \u003c escapes). The run's results, tens of
// thousands on a large plan, are encoded one at a time, so the report is
// never in memory whole, nor twice (encoded, then indented).
func writeSARIF(out io.Writer, rep *sarif.Report, run *sarif.Run) error {
	results := run.Results
	if len(results) > 0 {
		run.Results = []*sarif.Result{}
		defer func() { run.Results = results }()
	}
	var frame bytes.Buffer
	enc := json.NewEncoder(&frame)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return err
	}
	if len(results) == 0 { // the frame is the report
		_, err := out.Write(frame.Bytes())
		return err
	}
	head, tail, found := bytes.Cut(frame.Bytes(), []byte(resultsMember))
	if !found {
		return fmt.Errorf("no results member in the SARIF run")
	}
	s := newJSONStream(out)
	s.bytes(head)
	s.raw(resultsMember[:len(resultsMember)-2])
	s.array(len(results), "      ", func(i int) { s.value(results[i], "        ") })
	s.bytes(tail)
	return s.flush()
}

func (w *sarifWriter) categoryID() string {
	c := w.category
	if c == "" {
		c = defaultCategory
	}
	if !strings.HasSuffix(c, "/") {
		c += "/" // all of it is the category; no run ID follows
	}
	return c
}

// sarifBuilder fills one run.
type sarifBuilder struct {
	root       string
	run        *sarif.Run
	invocation *sarif.Invocation
	ruleIndex  map[string]int
	// occurrences numbers findings that share a fingerprint.
	occurrences rules.Occurrences
	// placed are the results, in finding order, before fitLimits.
	placed []placed
	// trimmed counts results whose related locations were cut to the limit.
	trimmed int
}

func newSarifBuilder(root string, r *Result) *sarifBuilder {
	run := sarif.NewRunWithInformationURI(toolName, toolURI)
	if r.Version != "" {
		v := sarifVersion(r.Version)
		run.Tool.Driver.Version = &v
	}
	b := &sarifBuilder{
		root:        root,
		run:         run,
		invocation:  sarif.NewInvocation().WithExecutionSuccess(true),
		ruleIndex:   map[string]int{},
		occurrences: rules.Occurrences{},
	}
	run.Invocations = []*sarif.Invocation{b.invocation}
	for i, rule := range rulesOf(r) {
		b.ruleIndex[rule.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule(rule))
	}
	return b
}

// rulesOf is every rule that ran, plus any rule a finding names that the
// Result did not list (so ruleIndex always resolves), sorted by ID.
func rulesOf(r *Result) []*rules.Rule {
	all := slices.Clone(r.Rules)
	for _, f := range r.Findings {
		if !slices.Contains(all, f.Rule) {
			all = append(all, f.Rule)
		}
	}
	slices.SortStableFunc(all, func(a, b *rules.Rule) int { return strings.Compare(a.ID, b.ID) })
	return slices.CompactFunc(all, func(a, b *rules.Rule) bool { return a.ID == b.ID })
}

func sarifRule(r *rules.Rule) *sarif.ReportingDescriptor {
	help := r.Markdown()
	tags := []string{"security", "iam"}
	// Rules follow rules.md's precision rules and never report on unknown
	// values, so what they report is there; a custom rule (Rego) is the
	// organisation's to vouch for.
	precision, helpURI := "high", toolURI+"/blob/main/docs/rules/"+r.ID+".md"
	switch {
	case r.Origin != "":
		tags = append(tags, "custom")
		precision, helpURI = "medium", ""
		if len(r.Links) > 0 {
			helpURI = r.Links[0]
		}
	case len(r.ID) > 3 && families[r.ID[3]] != "":
		tags = append(tags, families[r.ID[3]])
	}
	tags = append(tags, ruleFormats...)
	tags = tags[:min(len(tags), maxSARIFTags)]
	rule := sarif.NewRule(r.ID).
		WithName(pascalCase(r.Name)).
		WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
		WithFullDescription(sarif.NewMultiformatMessageString(r.FullDescription())).
		WithHelp(sarif.NewMultiformatMessageString(help).WithMarkdown(help)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity))).
		WithProperties(sarif.Properties{
			"security-severity": securitySeverity[r.Severity],
			"tags":              tags,
			"precision":         precision,
		})
	if helpURI != "" {
		rule.WithHelpURI(helpURI)
	}
	return rule
}

func (b *sarifBuilder) addFinding(f *rules.Finding) {
	uri, ok := repoRelative(b.root, f.Loc.File)
	if !ok && outsideFile(f.Loc.File) {
		// A file outside the repository root: the result is kept, with an
		// absolute file URI (GitHub takes the upload and shows the alert
		// without a link); the CLI warns about it (OutsideRoot).
		uri, ok = absoluteURI(f.Loc.File), true
	}
	if !ok {
		b.notifyUnplaced(f)
		return
	}
	fp := b.occurrences.Next(atRoot(f, b.root))
	res := sarif.NewRuleResult(f.Rule.ID).
		WithRuleIndex(b.ruleIndex[f.Rule.ID]).
		WithLevel(sarifLevel(f.Rule.Severity)).
		WithMessage(sarif.NewTextMessage(sentence(displayMessage(f)))).
		WithLocations([]*sarif.Location{sarifLocation(uri, f.Loc)}).
		WithPartialFingerPrints(map[string]any{"primaryLocationLineHash": fp})
	related := f.Related
	if len(related) >= maxSARIFLocations {
		related = related[:maxSARIFLocations-1] // and the location itself
		b.trimmed++
	}
	for i, rel := range related {
		// A related location outside the repository cannot be shown;
		// it only supports the finding, which stays.
		if relURI, ok := repoRelative(b.root, rel.Loc.File); ok {
			res.AddRelatedLocation(sarifLocation(relURI, rel.Loc).WithId(i + 1).
				WithMessage(sarif.NewTextMessage(sentence(rel.Message))))
		}
	}
	if len(f.Also) > 0 || len(f.Instances) > 0 {
		// One alert, several rules or module instances: GitHub shows
		// the lead rule; the rest stay in the result's properties.
		res.Properties = sarif.Properties{"rules": f.RuleIDs()}
		if len(f.Instances) > 0 {
			res.Properties["instances"] = f.Instances
		}
	}
	if s := f.Suppressed; s != nil {
		res.AddSuppression(b.suppression(s, fp))
	}
	b.placed = append(b.placed, placed{result: res, finding: f})
}

// notifyUnplaced records a finding that cannot be a result (see the writer's
// comment) as a warning of the invocation, naming rule, resource and path.
func (b *sarifBuilder) notifyUnplaced(f *rules.Finding) {
	where := "it has no file location"
	if f.Loc.File != "" {
		where = fmt.Sprintf("%s is not a file under the repository root", f.Loc.File)
	}
	msg := fmt.Sprintf("%s finding on %s is not listed as a result because %s: %s",
		f.Rule.ID, f.Resource, where, sentence(displayMessage(f)))
	ref := sarif.NewReportingDescriptorReference().WithId(f.Rule.ID).WithIndex(b.ruleIndex[f.Rule.ID])
	b.invocation.AddTToolExecutionNotification(sarif.NewNotification().
		WithLevel("warning").WithTextMessage(msg).WithAssociatedRule(ref))
}

// addErrors lists input errors and warnings as notifications; any error that
// is not a warning means the scan was not complete.
func (b *sarifBuilder) addErrors(errs []error) {
	for _, err := range errs {
		e := splitError(err)
		n := sarif.NewNotification().WithLevel("error")
		if e.Warning {
			n.WithLevel("warning")
		} else {
			b.invocation.WithExecutionSuccess(false)
		}
		if uri, ok := repoRelative(b.root, e.Loc.File); ok {
			n.WithTextMessage(sentence(e.Message)).AddLocation(sarifLocation(uri, e.Loc))
		} else {
			n.WithTextMessage(sentence(e.String()))
		}
		b.invocation.AddTToolExecutionNotification(n)
	}
}

func (b *sarifBuilder) suppression(s *rules.Suppression, fingerprint string) *sarif.Suppression {
	kind := "external" // a baseline or configuration outside the scanned file
	if s.Kind == "inline" || s.Kind == "metadata" {
		kind = "inSource"
	}
	// go-sarif/v2 writes every unset field of a suppression as null, which
	// the schema rejects, so all four are set: the GUID derived from the
	// result's fingerprint, and an empty location when there is none.
	loc := sarif.NewLocation()
	if uri, ok := repoRelative(b.root, s.Loc.File); ok {
		loc = sarifLocation(uri, s.Loc)
	}
	return sarif.NewSuppression(kind).
		WithStatus("accepted").
		WithJustifcation(s.Reason).
		WithGuid(stableUUID("suppression\x00" + fingerprint)).
		WithLocation(loc)
}

// sarifVersion writes a version as the Multitool wants it, starting with a
// digit (SARIF2005): "v0.2.0" becomes "0.2.0", and a build that is no release
// ("dev", "(devel)") becomes "0.0.0-dev".
func sarifVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "0.0.0-" + strings.Trim(v, "()")
	}
	return v
}

// pascalCase turns a kebab-case rule name into the single Pascal-case
// identifier SARIF recommends for rule names: "full-admin" → "FullAdmin".
func pascalCase(name string) string {
	var b strings.Builder
	for word := range strings.SplitSeq(name, "-") {
		if word != "" {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

// sentence ends a message with a full stop, as SARIF messages should
// (GitHub takes a message's first sentence as the alert's title).
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}
