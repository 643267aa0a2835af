package cloudformation

import (
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	data, _ := os.ReadFile(os.Getenv("F"))
	inv, errs := Parse(os.Getenv("F"), data, Options{})
	for _, e := range errs {
		t.Log(e)
	}
	if inv != nil {
		t.Log("\n" + summary(inv))
	}
}
