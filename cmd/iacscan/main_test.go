package main

import (
	"context"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The CLI is tested with scripts in testdata/script: each names a command,
// its input files, the expected output and exit code (txtar format, see
// github.com/rogpeppe/go-internal/testscript).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"iacscan": func() {
			os.Exit(run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
	})
}
