package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The CLI is tested with scripts in testdata/script: each names a command,
// its input files, the expected output and exit code (txtar format, see
// github.com/rogpeppe/go-internal/testscript).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"iacscan": func() { os.Exit(runSignalled()) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exits": exits},
		Setup: func(env *testscript.Env) error {
			// Colours and terminals are decided by the scripts alone.
			for _, v := range []string{"NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM", "CI", "GITHUB_ACTIONS", "TF_DATA_DIR"} {
				env.Setenv(v, "")
			}
			// The directory of the test's iacscan alone, for scripts that
			// need a PATH without other programs.
			env.Setenv("IACSCAN_DIR", filepath.SplitList(env.Getenv("PATH"))[0])
			fixtures, err := filepath.Abs("../../fixtures")
			env.Setenv("FIXTURES", fixtures)
			return err
		},
	})
}

// exits runs a program and asserts its exact exit code:
//
//	exits 1 iacscan admin.json
//
// (`! exec` would accept any failure, and exit codes are a contract.)
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if exitErr, ok := errors.AsType[*exec.ExitError](err); ok {
		got = exitErr.ExitCode()
	} else if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// No script may accept "any failure" from iacscan.
func TestScriptsAssertExitCodes(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatal("no scripts", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "! exec") {
				t.Errorf("%s:%d: %q accepts any exit code; use: exits CODE ...", f, i+1, line)
			}
		}
	}
}

// untilSignal: a command that returns is waited for; one that ignores the
// cancelled context is ended with 130 after the grace period, and the
// default signal handling is restored first.
func TestUntilSignal(t *testing.T) {
	if got := untilSignal(context.Background(), func() {}, func() int { return exitFindings }); got != exitFindings {
		t.Errorf("no signal: %d, want %d", got, exitFindings)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// The command returns once the signal handling is restored.
	restored := make(chan struct{})
	if got := untilSignal(ctx, func() { close(restored) }, func() int { <-restored; return exitError }); got != exitError {
		t.Errorf("a command that stops: %d, want %d", got, exitError)
	}
	block := make(chan struct{})
	defer close(block)
	start := time.Now()
	if got := untilSignal(ctx, func() {}, func() int { <-block; return exitOK }); got != exitInterrupted {
		t.Errorf("a command that does not stop: %d, want %d", got, exitInterrupted)
	}
	if took := time.Since(start); took < interruptGrace {
		t.Errorf("ended after %v, before the grace period of %v", took, interruptGrace)
	}
}
