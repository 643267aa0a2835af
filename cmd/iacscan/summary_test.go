package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runSummaryCLI runs the summary command in-process and returns stdout,
// stderr and exit code.
func runSummaryCLI(args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"iacscan", "summary"}, args...), strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

func TestSummaryCommand(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"../../summary/testdata/input/deployer.json"}, 0, "\n  iam  Write 1/74 (conditional)\n"},
		{[]string{"--full", "../../summary/testdata/input/deployer.json"}, 0, "  AWS Identity and Access Management (IAM) (iam)\n    Write  limited: 1 of 74  all resources  request condition\n"},
		{[]string{"--format", "json", "../../summary/testdata/input/deployer.json"}, 0, `"level": "Permissions management"`},
		{[]string{"-f", "markdown", "../../summary/testdata/input"}, 0, "| Service | Access level |"},
		{[]string{"--format", "yaml", "../../summary/testdata/input"}, exitError, ""},
		{[]string{"--principal", "no-such-*", "../../summary/testdata/input"}, 0, "no principals found"},
		{[]string{"--service", "s3", "../../summary/testdata/input/deployer.json"}, 0, "deployer.json:1)\n  s3  List full; Read 1/66 (some resources); Write 1/57 (some resources)\n1 principal: "},
		{[]string{"--service", "s3", "--full", "../../summary/testdata/input/deployer.json"}, 0, "  Amazon S3 (s3)\n    List "},
		{[]string{"--service", "[", "../../summary/testdata/input"}, exitError, ""},
		{[]string{}, exitError, ""},
		{[]string{"testdata/no-such-file.json"}, exitError, "no principals found"},
	}
	for _, tt := range tests {
		out, errOut, code := runSummaryCLI(tt.args...)
		if code != tt.code || !strings.Contains(out, tt.contains) {
			t.Errorf("summary %v: exit %d, want %d; stdout:\n%s\nstderr:\n%s\nwant it to contain %q", tt.args, code, tt.code, out, errOut, tt.contains)
		}
	}
}
