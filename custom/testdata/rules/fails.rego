# METADATA
# title: A rule that fails
# description: Fails at evaluation, to show the others still run.
# custom:
#   id: TST004
#   severity: info
#   remediation: None.
package test.fails

deny contains {"element": "principals/0", "message": sprintf("%v", [to_number("not a number")])} if {
	true
}
