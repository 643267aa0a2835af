package parsers

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iacscan/iacscan/model"
)

// secret is in every file outside the scan root: it must never show in an
// inventory or an error.
const secret = "OUTSIDE-SECRET"

// hostileTree writes a scan root holding links out of it, a FIFO and a
// link to /dev/zero, beside a good policy; it returns the root.
func hostileTree(t *testing.T) string {
	t.Helper()
	outside := t.TempDir()
	write := func(dir, name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(target, name string) {
		if err := os.Symlink(target, name); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	outTF := write(outside, "passwd.tf", "root:x:0:0:"+secret+":/root:/bin/bash\n")
	outPolicy := write(outside, "policy.json", `{"Statement": [{"Sid": "`+secret+`", "Effect": "Allow", "Action": "*", "Resource": "*"}]}`)
	outVars := write(outside, "vars.tfvars", `name = "`+secret+`"`+"\n")
	outTemplate := write(outside, "Stack.template.json", `{"Resources": {"`+secret+`": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}}}}`)

	root := t.TempDir()
	write(root, "good.json", `{"Statement": [{"Sid": "Good", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`)
	write(root, "tf/main.tf", "variable \"name\" { default = \"kept\" }\nresource \"aws_iam_user\" \"u\" { name = var.name }\n"+
		"locals {\n  in  = fileexists(\"${path.module}/main.tf\")\n  out = fileexists(\""+outPolicy+"\")\n}\n"+
		"resource \"aws_iam_user\" \"probe\" { name = \"in-${local.in}-out-${local.out}\" }\n")
	link(outTF, filepath.Join(root, "tf", "passwd.tf"))
	link(outVars, filepath.Join(root, "tf", "terraform.tfvars"))
	link(outPolicy, filepath.Join(root, "linked.json"))
	link("/dev/zero", filepath.Join(root, "zero.json"))
	link(filepath.Join(root, "good.json"), filepath.Join(root, "inside.json"))
	write(root, "cdk.out/manifest.json", `{"artifacts": {"Stack": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Stack.template.json"}}}}`)
	link(outTemplate, filepath.Join(root, "cdk.out", "Stack.template.json"))
	for _, fifo := range []string{"fifo.json", "tf/fifo.tf"} {
		if err := syscall.Mkfifo(filepath.Join(root, fifo), 0o644); err != nil {
			t.Skipf("FIFOs: %v", err)
		}
	}
	return root
}

// loadWithin fails the test when Load does not return in time: a FIFO or
// /dev/zero read would block or grow forever.
func loadWithin(t *testing.T, paths []string, opts Options) (*model.Inventory, []error) {
	t.Helper()
	type loaded struct {
		inv  *model.Inventory
		errs []error
	}
	done := make(chan loaded, 1)
	go func() {
		inv, errs := Load(paths, opts)
		done <- loaded{inv, errs}
	}()
	select {
	case l := <-done:
		return l.inv, l.errs
	case <-time.After(2 * time.Minute):
		t.Fatal("Load hung on a FIFO or an endless file")
		return nil, nil
	}
}

// TestHostileFiles scans a tree built to read outside the root, block or
// exhaust memory: links out of the root are skipped with a warning naming
// the link, FIFOs and devices are refused, nothing outside is read.
func TestHostileFiles(t *testing.T) {
	t.Parallel()
	root := hostileTree(t)
	inv, errs := loadWithin(t, []string{root}, Options{})

	var msgs []string
	for _, err := range errs {
		msg := strings.ReplaceAll(err.Error(), root+string(filepath.Separator), "")
		if strings.Contains(msg, secret) {
			t.Errorf("error quotes a file outside the root: %s", msg)
		}
		var ie *model.InputError
		if !errors.As(err, &ie) || !ie.Warning {
			t.Errorf("not a warning: %s", msg)
		}
		msgs = append(msgs, msg)
	}
	slices.Sort(msgs)
	want := []string{
		"cdk.out/Stack.template.json: skipped: a symbolic link to a file outside the scanned directory",
		"fifo.json: skipped: not a regular file (a device, FIFO, socket or directory)",
		"linked.json: skipped: a symbolic link to a file outside the scanned directory",
		"tf/fifo.tf: skipped: not a regular file (a device, FIFO, socket or directory)",
		"tf/passwd.tf: skipped: a symbolic link to a file outside the scanned directory",
		"tf/terraform.tfvars: skipped: a symbolic link to a file outside the scanned directory",
		"zero.json: skipped: a symbolic link to a file outside the scanned directory",
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	var got []string
	for _, p := range inv.Policies {
		got = append(got, strings.TrimPrefix(p.ID, root+string(filepath.Separator)))
	}
	for _, id := range inv.Identities {
		got = append(got, id.ID+"="+id.Name.Text)
	}
	slices.Sort(got)
	// The user keeps its default (the linked tfvars is not read), and
	// fileexists() is false outside the root.
	if want := []string{"aws_iam_user.probe=in-true-out-false", "aws_iam_user.u=kept", "good.json", "inside.json"}; !slices.Equal(got, want) {
		t.Errorf("inventory = %v, want %v", got, want)
	}
}

// TestSizeLimit refuses a file and standard input larger than the limit,
// with a clear message, and scans the rest.
func TestSizeLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "` + strings.Repeat("x", 2000) + `"}]}`
	if err := os.WriteFile(filepath.Join(dir, "big.json"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "small.json"), []byte(`{"Statement": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, errs := loadWithin(t, []string{dir}, Options{MaxFileSize: 1024})
	if len(inv.Policies) != 1 || len(errs) != 1 ||
		errs[0].Error() != filepath.Join(dir, "big.json")+": cannot read: larger than the size limit of 1 KiB (--max-file-size); not read" {
		t.Errorf("policies %d, errors %v", len(inv.Policies), errs)
	}

	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer zero.Close()
	_, errs = loadWithin(t, []string{"-"}, Options{Stdin: zero, MaxFileSize: 1 << 20})
	if len(errs) != 1 || errs[0].Error() != "<stdin>: cannot read: larger than the size limit of 1 MiB (--max-file-size); not read" {
		t.Errorf("standard input from /dev/zero: %v", errs)
	}
}

// TestUnreadableDirectory reports a directory that cannot be read and
// scans what follows it in the walk. Root reads every directory, so as root
// the test runs its check again as an unprivileged user (uid 65534).
func TestUnreadableDirectory(t *testing.T) {
	t.Parallel()
	if dir := os.Getenv(unreadableDirEnv); dir != "" {
		checkUnreadableDirectory(t, dir)
		return
	}
	dir, err := os.MkdirTemp("", "iacscan-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.Chmod(filepath.Join(dir, "b"), 0o755)
		os.RemoveAll(dir)
	})
	// Traversable by the unprivileged user, unlike t.TempDir.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a/p.json", "b/p.json", "c/p.json"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(`{"Statement": []}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "b"), 0); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		checkUnreadableDirectory(t, dir)
		return
	}
	runAsNobody(t, "^TestUnreadableDirectory$", unreadableDirEnv+"="+dir)
}

const unreadableDirEnv = "IACSCAN_TEST_UNREADABLE_DIR"

func checkUnreadableDirectory(t *testing.T, dir string) {
	locked := filepath.Join(dir, "b")
	inv, errs := Load([]string{dir}, Options{})
	if len(inv.Policies) != 2 || len(errs) != 1 || errs[0].Error() != locked+": cannot read: permission denied" {
		t.Errorf("policies %d, errors %v; want a/p.json and c/p.json, and b reported", len(inv.Policies), errs)
	}
}

// runAsNobody runs the tests matching run in a copy of this test binary as
// uid and gid 65534, with env added, and fails if they fail. It skips when
// the process may not change its user.
func runAsNobody(t *testing.T, run string, env ...string) {
	t.Helper()
	bin, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "iacscan-test-bin-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, "parsers.test")
	if err := os.WriteFile(copied, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(copied, "-test.run="+run, "-test.v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if errors.Is(err, syscall.EPERM) {
		t.Skipf("cannot run as uid 65534: %v", err)
	}
	if err != nil {
		t.Fatalf("as uid 65534: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestUnreadableDirectory") {
		t.Fatalf("as uid 65534, the test did not run:\n%s", out)
	}
}

// TestSamePathTwice scans a path given twice (however it is written) once.
func TestSamePathTwice(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.json"), []byte(`{"Statement": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, errs := Load([]string{dir, dir + string(filepath.Separator), filepath.Join(dir, ".")}, Options{})
	if len(inv.Policies) != 1 || len(errs) != 0 {
		t.Errorf("policies %d, errors %v; want 1", len(inv.Policies), errs)
	}
}
