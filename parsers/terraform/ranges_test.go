package terraform

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
)

func TestRanges(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"main.tf": `resource "aws_iam_policy" "encoded" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "heredoc" {
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}
      ]
    }
  EOF
}

resource "aws_iam_policy" "file" {
  policy = file("${path.module}/policy.json")
}

data "aws_iam_policy_document" "doc" {
  statement {
    actions   = ["sns:Publish"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "r" {
  name                 = "r"
  assume_role_policy   = data.aws_iam_policy_document.doc.json
  permissions_boundary = "arn:aws:iam::111122223333:policy/b"
}
`,
		"policy.json": "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}\n  ]\n}\n",
	})
	inv := scanDir(t, dir, Options{})
	var got []string
	at := func(what string, l model.Location) {
		got = append(got, fmt.Sprintf("%s %s:%d:%d-%d:%d", what, filepath.Base(l.File), l.StartLine, l.StartColumn, l.EndLine, l.EndColumn))
	}
	for _, p := range inv.Policies {
		at(p.ID+" "+p.Path, p.Loc)
		for _, s := range p.Document.Statements {
			at("  statement", s.Loc)
			for _, a := range s.Action.Items {
				at("    action "+a.Text, a.Loc)
			}
		}
	}
	for _, id := range inv.Identities {
		at(id.ID+" boundary", id.At("Boundary"))
	}
	want := []string{
		"aws_iam_policy.encoded  main.tf:1:1-10:2",
		"  statement main.tf:4:18-8:6",
		"    action s3:GetObject main.tf:6:19-6:33",
		"    action s3:PutObject main.tf:6:35-6:49",
		"aws_iam_policy.heredoc  main.tf:12:1-21:2",
		"  statement main.tf:17:9-17:64",
		"    action sqs:* main.tf:17:39-17:46",
		"aws_iam_policy.file  main.tf:23:1-25:2",
		"  statement policy.json:4:5-4:55",
		"    action * policy.json:4:34-4:37",
		"aws_iam_role.r assume_role_policy main.tf:27:1-32:2",
		"  statement main.tf:28:3-31:4",
		"    action sns:Publish main.tf:29:18-29:31",
		"aws_iam_role.r boundary main.tf:37:26-37:62",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges differ (-want +got):\n%s", diff)
	}
}

func TestIgnores(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.tf": `# iacscan:ignore IAM401 -- the team owns this inline policy
resource "aws_iam_role_policy" "p" {
  role = "r"
  policy = jsonencode({
    Statement = [{
      # iacscan:ignore IAM203,IAM204 exp:2027-01-31 -- migration in progress
      Action = "s3:*"
    }]
  })
}

resource "aws_iam_user" "u" { # iacscan:ignore IAM403 -- service account
  name = "u"
}

// iacscan:ignore IAM402
resource "aws_iam_user_policy" "up" {
  user = "u"
}
`})
	inv := scanDir(t, dir, Options{})
	var got []string
	for _, ig := range inv.Ignores {
		got = append(got, fmt.Sprintf("%v %q %s line %d scope %d-%d", ig.Rules, ig.Reason, ig.Expires, ig.Loc.StartLine, ig.Scope.StartLine, ig.Scope.EndLine))
	}
	want := []string{
		`[IAM401] "the team owns this inline policy"  line 1 scope 2-10`,
		`[IAM203 IAM204] "migration in progress" 2027-01-31 line 6 scope 2-10`,
		`[IAM403] "service account"  line 12 scope 12-14`,
		`[IAM402] ""  line 16 scope 17-19`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ignores differ (-want +got):\n%s", diff)
	}
}

// TestRangesOfLocalPolicy: a policy written in a local is located where
// it is written, for every policy made from it; one a local only names
// (a data source's JSON) keeps the data source's locations.
func TestRangesOfLocalPolicy(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.tf": `locals {
  doc = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn }]
  })
  alias = local.doc
  rendered = data.aws_iam_policy_document.d.json
}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["sns:Publish"]
    resources = ["*"]
  }
}

resource "aws_sqs_queue" "q" {}

resource "aws_iam_policy" "a" {
  policy = local.doc
}

resource "aws_iam_policy" "b" {
  policy = local.alias
}

resource "aws_iam_policy" "c" {
  policy = local.rendered
}
`})
	inv := scanDir(t, dir, Options{})
	var got []string
	for _, p := range inv.Policies {
		for _, s := range p.Document.Statements {
			l := s.Loc
			got = append(got, fmt.Sprintf("%s statement %d:%d-%d:%d resource %s", p.ID, l.StartLine, l.StartColumn, l.EndLine, l.EndColumn, s.Resource.Items[0]))
		}
	}
	want := []string{
		"aws_iam_policy.a statement 3:18-3:98 resource ${aws_sqs_queue.q.arn}",
		"aws_iam_policy.b statement 3:18-3:98 resource ${aws_sqs_queue.q.arn}",
		"aws_iam_policy.c statement 10:3-13:4 resource *",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges differ (-want +got):\n%s", diff)
	}
}
