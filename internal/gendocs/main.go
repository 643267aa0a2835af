package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/iacscan/iacscan/export"
	"github.com/iacscan/iacscan/rules"
)

func main() {
	if err := generate("."); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func generate(root string) error {
	dir := filepath.Join(root, "docs", "rules")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(dir, "IAM*.md"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	for _, r := range rules.All {
		if err := os.WriteFile(filepath.Join(dir, r.ID+".md"), []byte(r.Markdown()), 0o644); err != nil {
			return err
		}
	}
	exportDoc, err := export.Markdown()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, "docs", "export.md"), []byte(exportDoc), 0o644); err != nil {
		return err
	}
	readmePath := filepath.Join(root, "README.md")
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		return err
	}
	updated, err := rules.SpliceTable(string(readme), rules.All)
	if err != nil {
		return fmt.Errorf("%s: %w", readmePath, err)
	}
	return os.WriteFile(readmePath, []byte(updated), 0o644)
}
