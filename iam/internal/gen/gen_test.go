package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReproduce regenerates the data from the pinned tarballs and demands
// the committed files byte for byte. The tarballs come from fetch.sh
// (IACSCAN_NPM_CACHE, default $TMPDIR/iacscan-npm); without them the test
// skips, unless IACSCAN_REQUIRE_TARBALLS is set (fetch.sh --check, CI).
func TestReproduce(t *testing.T) {
	dir := os.Getenv("IACSCAN_NPM_CACHE")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "iacscan-npm")
	}
	pins, err := readPins("pins.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pins {
		if _, err := os.Stat(filepath.Join(dir, p.Tarball())); err != nil {
			if os.Getenv("IACSCAN_REQUIRE_TARBALLS") != "" {
				t.Fatalf("%s: %v", p.Tarball(), err)
			}
			t.Skipf("%s not downloaded; run `sh iam/internal/gen/fetch.sh --check`", p.Tarball())
		}
	}
	files, err := Generate(pins, dir)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadDir("../../data")
	if err != nil {
		t.Fatal(err)
	}
	if len(committed) != len(files) {
		t.Errorf("iam/data has %d files, the generator writes %d", len(committed), len(files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("../../data", name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("iam/data/%s differs from what the pinned packages generate; run `go generate ./iam/...`", name)
		}
	}
}

// TestGenerateDeterministic runs the generator twice on small synthetic
// packages and checks the output is identical, the gzip headers carry no
// time or name, and the records are what the packages say.
func TestGenerateDeterministic(t *testing.T) {
	dir := t.TempDir()
	pins := map[string]Pin{
		iamDataPackage: writeTarball(t, dir, Pin{Name: iamDataPackage, Version: "1.0.0"}, map[string]string{
			"package.json":                    `{"license":"MIT","updatedAt":"2026-01-02T03:04:05.678Z","repository":{"url":"git+https://example.com/iam-data.git"}}`,
			"LICENSE.txt":                     "MIT licence text\n",
			"data/services.json":              `["s3","iam"]`,
			"data/serviceNames.json":          `{"s3":"Amazon S3","iam":"AWS Identity and Access Management"}`,
			"data/actions/s3.json":            `{"listbucket":{"name":"ListBucket","accessLevel":"List","resourceTypes":[{"name":"bucket","required":true,"conditionKeys":[]}],"conditionKeys":["s3:prefix"]},"getobject":{"name":"GetObject","accessLevel":"Read","resourceTypes":[{"name":"object","required":true,"conditionKeys":[]}],"conditionKeys":[]}}`,
			"data/resourceTypes/s3.json":      `{"object":{"key":"object","arn":"arn:${Partition}:s3:::${BucketName}/${ObjectName}","conditionKeys":[]},"bucket":{"key":"bucket","arn":"arn:${Partition}:s3:::${BucketName}","conditionKeys":[]}}`,
			"data/conditionKeys/s3.json":      `{"s3:prefix":{"key":"s3:prefix","type":"String"}}`,
			"data/actions/iam.json":           `{"attachrolepolicy":{"name":"AttachRolePolicy","accessLevel":"Permissions management, Write","resourceTypes":[],"conditionKeys":[]}}`,
			"data/resourceTypes/iam.json":     `{}`,
			"data/conditionKeys/iam.json":     `{}`,
			"dist/cjs/globalConditionKeys.js": "exports.globalConditionKeys = [\n  { key: 'aws:SourceIp', category: 'network', type: 'IPAddress', description: '' },\n  { key: 'aws:PrincipalTag/tag-key', category: 'principal', type: 'String', description: '' }\n];",
		}),
		managedPackage: writeTarball(t, dir, Pin{Name: managedPackage, Version: "0.0.1"}, map[string]string{
			"package.json":              `{"license":"MIT","repository":{"url":"git+https://example.com/policies.git"}}`,
			"LICENSE":                   "MIT licence text\n",
			"dist/managedPolicies.json": `{"ReadOnly":{"arn":"arn:aws:iam::aws:policy/ReadOnly","latestVersionId":"v2","versions":{"v1":{"document":{"Statement":[]}},"v2":{"document":{ "Version": "2012-10-17", "Statement": [ {"Effect":"Allow","Action":"s3:Get*","Resource":"*"} ] }}},"lastUpdatedDate":"2025-05-06T07:08:09.000Z"}}`,
		}),
	}
	first, err := Generate(pins, dir)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Generate(pins, dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Fatalf("two runs differ:\n%s", diff)
	}
	catalog := string(first["catalog.tsv"])
	want := strings.Join([]string{
		"iacscan-iam-catalog\t1",
		"G\taws:PrincipalTag/${TagKey}\tString",
		"G\taws:SourceIp\tIPAddress",
		"S\tiam\tAWS Identity and Access Management",
		"A\tAttachRolePolicy\tP\t\t",
		"S\ts3\tAmazon S3",
		"T\tbucket\tarn:${Partition}:s3:::${BucketName}\t",
		"T\tobject\tarn:${Partition}:s3:::${BucketName}/${ObjectName}\t",
		"K\ts3:prefix\tString",
		"A\tGetObject\tR\tobject!\t",
		"A\tListBucket\tL\tbucket!\ts3:prefix",
		"",
	}, "\n")
	if diff := cmp.Diff(want, catalog); diff != "" {
		t.Errorf("catalog.tsv (-want +got):\n%s", diff)
	}
	wantIndex := strings.Join([]string{
		"iacscan-iam-catalog-index\t1",
		"iam\tAWS Identity and Access Management\t83\t4\t1",
		"s3\tAmazon S3\t147\t6\t2",
		"",
	}, "\n")
	if diff := cmp.Diff(wantIndex, string(first["catalog-index.tsv"])); diff != "" {
		t.Errorf("catalog-index.tsv (-want +got):\n%s", diff)
	}
	const doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}`
	if got, want := string(first["managed-policies.tsv"]), "iacscan-aws-managed-policies\t2\nReadOnly\tv2\t94b3be9f6c92c6bb\t91\n"; got != want {
		t.Errorf("managed-policies.tsv = %q, want %q", got, want)
	}
	if got, want := string(first["managed-documents.jsonl"]), doc+"\n"; got != want {
		t.Errorf("managed-documents.jsonl = %q, want %q", got, want)
	}
	if !strings.Contains(string(first["provenance.json"]), `"version": "2026-01-02"`) {
		t.Errorf("provenance does not date the data from the packages:\n%s", first["provenance.json"])
	}
}

func writeTarball(t *testing.T, dir string, pin Pin, files map[string]string) Pin {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: "package/" + name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum512(buf.Bytes())
	pin.Integrity = "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
	if err := os.WriteFile(filepath.Join(dir, pin.Tarball()), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return pin
}

func TestIntegrityMismatch(t *testing.T) {
	dir := t.TempDir()
	pin := writeTarball(t, dir, Pin{Name: managedPackage, Version: "0.0.1"}, map[string]string{"LICENSE": "x"})
	pin.Integrity = "sha512-AAAA"
	if _, err := readTarball(dir, pin, func(string) bool { return true }); err == nil || !strings.Contains(err.Error(), "integrity") {
		t.Errorf("a tarball that does not match its pin was accepted: %v", err)
	}
}
