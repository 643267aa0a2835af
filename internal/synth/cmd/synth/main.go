package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/iacscan/iacscan/internal/synth"
)

func main() {
	kind := flag.String("kind", "cfn-roles", "cfn-roles, cfn-roles-flow, nested-brackets, cdk-nested, plan-mixed, plan-identity, terraform-repos")
	n := flag.Int("n", 3000, "size: roles, brackets, nested assemblies per manifest, plan module instances (plan-mixed), teams (plan-identity) or Terraform repositories")
	dir := flag.String("dir", ".", "directory for kinds that write directories")
	flag.Parse()
	var err error
	switch *kind {
	case "cfn-roles":
		_, err = os.Stdout.Write(synth.CFNRoles(*n, false))
	case "cfn-roles-flow":
		_, err = os.Stdout.Write(synth.CFNRoles(*n, true))
	case "nested-brackets":
		_, err = os.Stdout.Write(synth.NestedBrackets(*n))
	case "cdk-nested":
		err = synth.CDKNestedAssemblies(*dir, *n)
	case "plan-mixed":
		_, err = synth.PlanMixed(*dir, *n)
	case "plan-identity":
		err = synth.PlanIdentity(os.Stdout, *n)
	case "terraform-repos":
		err = synth.TerraformRepositories(*dir, *n)
	default:
		err = fmt.Errorf("unknown kind %q", *kind)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
