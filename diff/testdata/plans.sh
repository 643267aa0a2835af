#!/bin/sh
# Regenerates <case>/after/plan.json in the diff fixtures: a real plan of
# after/main.tf made against the state before/main.tf leaves, so that the
# plan's prior_state is the "before" side of the permission diff.
#
#   diff/testdata/plans.sh                  # every case
#   diff/testdata/plans.sh diff/testdata/admin-grant
#
# No AWS account is used (fixtures/plans.sh explains the provider set-up).
# Terraform cannot apply without AWS, so the state is written by state.py
# from the before plan, the way an apply would leave it (ARNs and IDs AWS
# assigns are made up), and planned against again until nothing changes.
# The after plan is then terraform's own: terraform plan + show -json.
# Set PLUGIN_DIR to a local provider mirror when the registry cannot be
# reached.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- "$here"/*/

for case in "$@"; do
	case=$(cd "$case" && pwd)
	work=$(mktemp -d)
	cp "$case"/before/*.tf "$work"/
	cat >"$work/zz_fixture_provider.tf" <<PROVIDER
provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
PROVIDER
	(
		cd "$work"
		export AWS_ACCESS_KEY_ID=fixture AWS_SECRET_ACCESS_KEY=fixture TF_IN_AUTOMATION=1
		terraform init -input=false -backend=false ${PLUGIN_DIR:+-plugin-dir="$PLUGIN_DIR"} >init.log
		terraform providers schema -json >schema.json
		# "Apply" the before configuration: state from plan, plan again
		# against it, until the plan has nothing left to do.
		for round in 1 2 3 4; do
			code=0
			terraform plan -input=false -refresh=false -lock=false -detailed-exitcode -out=tfplan >plan.log || code=$?
			[ "$code" -eq 0 ] && break
			[ "$code" -eq 2 ] || exit 1
			terraform show -json tfplan >before.json
			python3 "$here/state.py" before.json schema.json >state.json
			mv state.json terraform.tfstate
		done
		[ "$code" -eq 0 ] || { echo "before state did not settle" >&2; exit 1; }
		rm -f ./*.tf.bak
		find . -maxdepth 1 -name '*.tf' ! -name zz_fixture_provider.tf -delete
		cp "$case"/after/*.tf .
		terraform plan -input=false -refresh=false -lock=false -out=tfplan >plan.log
		terraform show -json tfplan >plan.json
	) || { echo "$case: terraform failed; logs in $work" >&2; exit 1; }
	cp "$work/plan.json" "$case/after/plan.json"
	rm -rf "$work"
	echo "$case/after/plan.json"
done
