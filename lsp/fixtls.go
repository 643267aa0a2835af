package lsp

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/iacscan/iacscan/model"
)

// tlsFix adds to a bucket policy the statement IAM306 asks for: a Deny of
// every S3 action, to everyone, on the bucket and its objects, when
// aws:SecureTransport is false. It goes after the last statement (the
// others keep their positions, which name Sid-less statements in
// fingerprints and baselines), in the syntax around it, and only where
// both that place and the bucket are certain from the text:
//   - a standalone policy (JSON): the one bucket all its resources name;
//   - a CloudFormation bucket policy (JSON or YAML, block or flow): its
//     Bucket, a Ref or a bucket name written there (not a parameter's
//     default, which a deploy may override);
//   - a Terraform bucket policy whose bucket is aws_s3_bucket.NAME.id or
//     .bucket, with a jsonencode({...}) document or an
//     aws_iam_policy_document in the same module.
//
// Not offered: heredoc and file() documents (JSON inside a string, where
// the bucket would have to be interpolated), plans (generated, not edited),
// a Statement that is one object rather than a list, a policy that already
// has the statement's Sid.
func tlsFix(pol *model.Policy, path string, lines lineIndex) *fix {
	doc := pol.Document
	if doc == nil || len(doc.Statements) == 0 {
		return nil
	}
	for _, st := range doc.Statements {
		if st.Sid.IsFold(denySid) {
			return nil
		}
	}
	text := lines.text(path)
	first, last := doc.Statements[0].Loc, doc.Statements[len(doc.Statements)-1].Loc
	for _, loc := range []model.Location{first, last} {
		// Statements merged in from another document are elsewhere.
		if text == nil || lines.abs(loc.File) != path || !within(doc.Loc, loc) || loc.StartColumn == 0 || loc.EndLine == 0 {
			return nil
		}
	}
	firstIndent, firstRest, ok := split(lines.line(path, first.StartLine), first.StartColumn)
	lastIndent, lastRest, ok2 := split(lines.line(path, last.StartLine), last.StartColumn)
	endLine := lines.line(path, last.EndLine)
	if !ok || !ok2 || endLine == nil {
		return nil
	}
	end := lineStart(text, last.EndLine) + byteOffset(endLine, last.EndColumn-1)
	after := bytes.TrimLeft(text[end:], " \t\r\n")
	afterOnLine := bytes.TrimSpace(endLine[byteOffset(endLine, last.EndColumn-1):])
	at := lines.position(path, last.EndLine, last.EndColumn)
	// inList: the statements are a bracketed list, first to last.
	inList := func(sep string) bool {
		closed := bytes.HasPrefix(after, []byte("]")) ||
			bytes.HasPrefix(after, []byte(",")) && bytes.HasPrefix(bytes.TrimLeft(after[1:], " \t\r\n"), []byte("]"))
		return closed && bytes.HasPrefix(firstRest, []byte("{")) && bytes.HasSuffix(text[:end], []byte("}")) &&
			afterStatementKey(text[:lineStart(text, first.StartLine)+len(firstIndent)], sep)
	}
	// insertAfter puts one-line statement text after the last statement,
	// on a line of its own if the last statement has one.
	insertAfter := func(stmt string) *fix {
		sep := ", "
		if len(bytes.TrimSpace(lastIndent)) == 0 {
			sep = ",\n" + string(lastIndent)
		}
		return &fix{Title: tlsTitle, Edit: textEdit{Range: lspRange{Start: at, End: at}, NewText: sep + stmt}}
	}
	// insertLines puts whole lines after the last statement's last line,
	// which must hold nothing more.
	insertLines := func(block []string) *fix {
		if len(afterOnLine) > 0 && afterOnLine[0] != '#' {
			return nil
		}
		add := strings.Join(block, "\n") + "\n"
		start := position{Line: last.EndLine}
		if bytes.IndexByte(text[lineStart(text, last.EndLine):], '\n') < 0 {
			// The last line has no line end: give it one.
			start = lines.position(path, last.EndLine, utf8.RuneCount(endLine)+1)
			add = "\n" + strings.TrimSuffix(add, "\n")
		}
		return &fix{Title: tlsTitle, Edit: textEdit{Range: lspRange{Start: start, End: start}, NewText: add}}
	}

	switch pol.Source {
	case model.SourcePolicy:
		bucket := bucketOfResources(doc)
		if bucket == "" || !inList(":") {
			return nil
		}
		return insertAfter(denyJSON(quote(bucket), quote(bucket+"/*")))

	case model.SourceCloudFormation:
		name := cfnBucket(pol, lines)
		if name == "" {
			return nil
		}
		arn := "arn:${AWS::Partition}:s3:::" + name
		if isJSONText(text) {
			if !inList(":") {
				return nil
			}
			return insertAfter(denyJSON(`{"Fn::Sub": `+quote(arn)+`}`, `{"Fn::Sub": `+quote(arn+"/*")+`}`))
		}
		bucket, objects := `!Sub `+quote(arn), `!Sub `+quote(arn+"/*")
		if inList(":") {
			return insertAfter(`{Sid: ` + denySid + `, Effect: Deny, Principal: "*", Action: "s3:*", Resource: [` + bucket + `, ` + objects +
				`], Condition: {Bool: {"aws:SecureTransport": "false"}}}`)
		}
		if !yamlItem.Match(firstIndent) || !bytes.Equal(firstIndent, lastIndent) || !afterBlockKey(text[:lineStart(text, first.StartLine)]) ||
			!(yamlKey.Match(lastRest) || bytes.HasPrefix(lastRest, []byte("{"))) {
			return nil
		}
		dash, more := string(lastIndent), strings.Repeat(" ", len(lastIndent))
		return insertLines([]string{
			dash + "Sid: " + denySid,
			more + "Effect: Deny",
			more + `Principal: "*"`,
			more + `Action: "s3:*"`,
			more + "Resource:",
			more + "  - " + bucket,
			more + "  - " + objects,
			more + "Condition:",
			more + "  Bool:",
			more + `    aws:SecureTransport: "false"`,
		})

	case model.SourceTerraform:
		bucket := tfBucket(pol)
		if bucket == "" || filepath.Ext(path) != ".tf" || filepath.Dir(path) != filepath.Dir(lines.abs(pol.Loc.File)) {
			return nil
		}
		objects := `"${` + bucket + `}/*"`
		if inList("=") {
			return insertAfter(`{ Sid = "` + denySid + `", Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [` + bucket + `, ` + objects +
				`], Condition = { Bool = { "aws:SecureTransport" = "false" } } }`)
		}
		if len(bytes.TrimSpace(lastIndent)) != 0 || !statementBlock.Match(lastRest) || !bytes.HasSuffix(text[:end], []byte("}")) {
			return nil
		}
		in := string(lastIndent)
		return insertLines([]string{
			in + "statement {",
			in + `  sid       = "` + denySid + `"`,
			in + `  effect    = "Deny"`,
			in + `  actions   = ["s3:*"]`,
			in + "  resources = [" + bucket + ", " + objects + "]",
			in + "  principals {",
			in + `    type        = "*"`,
			in + `    identifiers = ["*"]`,
			in + "  }",
			in + "  condition {",
			in + `    test     = "Bool"`,
			in + `    variable = "aws:SecureTransport"`,
			in + `    values   = ["false"]`,
			in + "  }",
			in + "}",
		})
	}
	return nil
}

const (
	denySid  = "DenyInsecureTransport"
	tlsTitle = "Add a Deny of requests without TLS (aws:SecureTransport)"
)

var (
	// yamlItem is the start of a block sequence item: indentation, a dash.
	yamlItem = regexp.MustCompile(`^ *- +$`)
	// statementBlock is an aws_iam_policy_document statement block.
	statementBlock = regexp.MustCompile(`^statement\s*\{`)
	// s3ARN is a bucket or object ARN: partition, bucket.
	s3ARN = regexp.MustCompile(`^arn:(aws[a-z-]*):s3:::([a-z0-9][a-z0-9.-]*[a-z0-9])(?:/.*)?$`)
	// bucketName is a bucket name as written, without anything to expand.
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	// logicalID is a CloudFormation logical ID.
	logicalID = regexp.MustCompile(`^[A-Za-z0-9]+$`)
	// tfBucketRef is a bucket given by its aws_s3_bucket resource.
	tfBucketRef = regexp.MustCompile(`^(aws_s3_bucket\.[A-Za-z_][A-Za-z0-9_-]*)\.(?:id|bucket)$`)
	// statementKey ends the text before the statement list's bracket.
	statementKey = regexp.MustCompile(`(?:^|[\s{,])(?:Statement|"Statement"|'Statement')\s*$`)
)

// denyJSON is the statement as one line of JSON, with the resources given
// as JSON values.
func denyJSON(bucket, objects string) string {
	return `{"Sid": "` + denySid + `", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [` + bucket + `, ` + objects +
		`], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`
}

// bucketOfResources is the ARN of the one bucket every resource of the
// document names, or "".
func bucketOfResources(doc *model.Document) string {
	arn := ""
	for _, st := range doc.Statements {
		if st.NotResource.Set || !st.Resource.AllKnown() {
			return ""
		}
		for _, r := range st.Resource.Items {
			m := s3ARN.FindStringSubmatch(r.Text)
			if m == nil {
				return ""
			}
			this := "arn:" + m[1] + ":s3:::" + m[2]
			if arn != "" && arn != this {
				return ""
			}
			arn = this
		}
	}
	return arn
}

// cfnBucket is the bucket of a CloudFormation bucket policy as Fn::Sub
// text: "${ID}" for a Ref, the name for a name written in the template.
func cfnBucket(pol *model.Policy, lines lineIndex) string {
	if len(pol.Owners) != 1 {
		return ""
	}
	v := pol.Owners[0].Value
	id, isRef := strings.CutPrefix(strings.TrimPrefix(v.Expr, "!"), "Ref ")
	switch {
	case v.Unknown && isRef && logicalID.MatchString(id) && v.Text == "${"+id+"}":
		return v.Text
	case v.IsKnown() && bucketName.MatchString(v.Text) && v.Loc.StartLine > 0 && v.Loc.StartColumn > 0:
		// Known, but perhaps a parameter's default: only a name written
		// where the value is will do.
		path := lines.abs(v.Loc.File)
		line := lines.line(path, v.Loc.StartLine)
		if line == nil {
			return ""
		}
		written := string(line[byteOffset(line, v.Loc.StartColumn-1):])
		for _, q := range []string{"", `"`, `'`} {
			if strings.HasPrefix(written, q+v.Text+q) {
				return v.Text
			}
		}
	}
	return ""
}

// tfBucket is the ARN reference of a Terraform bucket policy's bucket
// (aws_s3_bucket.NAME.arn), or "".
func tfBucket(pol *model.Policy) string {
	if len(pol.Owners) != 1 || !pol.Owners[0].Value.Unknown {
		return ""
	}
	m := tfBucketRef.FindStringSubmatch(pol.Owners[0].Value.Expr)
	if m == nil {
		return ""
	}
	return m[1] + ".arn"
}

// afterStatementKey reports whether text ends with a Statement key, sep
// (":" or "="), and the bracket of its list.
func afterStatementKey(text []byte, sep string) bool {
	text, ok := bytes.CutSuffix(bytes.TrimRight(text, " \t\r\n"), []byte("["))
	if !ok {
		return false
	}
	text, ok = bytes.CutSuffix(bytes.TrimRight(text, " \t\r\n"), []byte(sep))
	return ok && statementKey.Match(text)
}

// afterBlockKey reports whether the last line of text that is not blank
// is a YAML Statement key whose value is the block that follows.
func afterBlockKey(text []byte) bool {
	text = bytes.TrimRight(text, " \t\r\n")
	last := text[bytes.LastIndexByte(text, '\n')+1:]
	key, ok := bytes.CutSuffix(last, []byte(":"))
	return ok && statementKey.Match(key)
}

// within reports whether inner lies inside outer, both in one file.
func within(outer, inner model.Location) bool {
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && c1 <= c2 }
	return before(outer.StartLine, outer.StartColumn, inner.StartLine, inner.StartColumn) &&
		before(inner.EndLine, inner.EndColumn, outer.EndLine, outer.EndColumn)
}

// split cuts a line at a one-based column (characters), or fails.
func split(line []byte, column int) (before, rest []byte, ok bool) {
	if line == nil || column < 1 {
		return nil, nil, false
	}
	at := byteOffset(line, column-1)
	return line[:at], line[at:], true
}

// lineStart is the byte offset of a one-based line in text.
func lineStart(text []byte, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		nl := bytes.IndexByte(text[off:], '\n')
		if nl < 0 {
			return len(text)
		}
		off += nl + 1
	}
	return off
}

// isJSONText reports whether a template is JSON rather than YAML.
func isJSONText(text []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(text, " \t\r\n\ufeff"), []byte("{"))
}

// quote is s as a JSON (and YAML, and HCL) string; the texts quoted here
// hold no character that needs escaping.
func quote(s string) string { return `"` + s + `"` }
