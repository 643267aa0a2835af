package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// trueFinding is an alert on real code that a reviewer agreed with, rule,
// headline and severity (the sample judged for issue 26): the
// precision work must never lose it. rule is carried by the alert (as its
// lead or folded), at severity.
type trueFinding struct {
	file, resource, rule string
	severity             rules.Severity
}

var corpusTrueFindings = map[string][]trueFinding{
	"corpus/cloudformation": {
		{"ECS/FargateLaunchType/clusters/private-vpc.yaml", "ECSRole", "IAM204", rules.Medium},
		{"ECS/FargateLaunchType/clusters/private-vpc.yaml", "ECSRole", "IAM209", rules.Medium},
		{"ECS/FargateLaunchType/clusters/private-vpc.yaml", "ECSTaskExecutionRole", "IAM204", rules.Low},
		{"ECS/ECS_Schedule_Example.yaml", "ECSEventRole", "IAM204", rules.Medium},
		{"Config/Config.json", "ConfigTopicPolicy", "IAM305", rules.Medium},
		{"CloudFormation/MacrosExamples/StringFunctions/string.json", "TransformFunctionPermissions", "IAM305", rules.Medium},
		{"CloudFormation/MacrosExamples/DateFunctions/date.yaml", "TransformExecutionRole", "IAM203", rules.Low},
		{"CloudFormation/StackSets/templates/log-setup-management.yaml", "CentralEventLogKey", "IAM305", rules.Medium},
		{"Solutions/VPCPeering/templates/VPCPeering-Accepter-Role.cfn.json", "PeerRole", "IAM204", rules.Medium},
		{"AWSSupplyChain/SapPrivateLink/SapPrivateLinkNoHostedZone.yaml", "ASCPrivateLinkLambdaRole", "IAM204", rules.Medium},
		{"S3/s3-bucket-and-policy-for-caa-v1.json", "BucketPolicy", "IAM406", rules.High},
		{"EMR/EMRClusterWithAdditionalSecurityGroups.yaml", "EMRClusterServiceRole", "IAM207", rules.Low},
		{"Solutions/ADConnector/templates/ADCONNECTOR.cfn.json", "ADConnectorLambdaRole", "IAM204", rules.Low},
		{"Solutions/Gitea/Gitea.yaml", "InstanceRolePolicy", "IAM210", rules.High},
		{"Solutions/Gitea/Gitea.yaml", "InstanceRolePolicy", "IAM203", rules.Low},
		{"IoT/lambda-iot-topicrule.json", "OpenIoTStarPolicy", "IAM203", rules.Medium},
		// lambda:PublishVersion alone on every resource: of minor impact.
		{"Solutions/CloudFrontCustomOriginLambda@Edge/CloudFront.yaml", "LambdaEdgeIAMRole", "IAM204", rules.Low},
	},
	"corpus/terraform/terraform-aws-iam": {
		{"modules/iam-role-for-service-accounts/policies.tf", "module.vpc_cni_ipv4_irsa.aws_iam_policy.this", "IAM204", rules.Medium},
		{"modules/iam-role-for-service-accounts/policies.tf", "module.load_balancer_controller_irsa.aws_iam_policy.this", "IAM204", rules.Medium},
		{"modules/iam-role-for-service-accounts/policies.tf", "module.node_termination_handler_irsa.aws_iam_policy.this[0]", "IAM204", rules.Medium},
		{"modules/iam-role-for-service-accounts/policies.tf", "module.velero_irsa.aws_iam_policy.this[0]", "IAM204", rules.High},
		{"modules/iam-read-only-policy/main.tf", "module.read_only_iam_policy.aws_iam_policy.policy[0]", "IAM210", rules.High},
		{"examples/iam-user/outputs.tf", "output.iam_user3_access_key_secret", "IAM102", rules.High},
		{"modules/iam-user/main.tf", "module.iam_user.aws_iam_access_key.this[0]", "IAM101", rules.Medium},
		{"examples/iam-group/main.tf", "aws_iam_policy.this", "IAM405", rules.Info},
		{"modules/iam-role-for-service-accounts/policies.tf", "module.vpc_cni_ipv6_irsa.aws_iam_policy.this", "IAM204", rules.Low},
	},
	"corpus/plans/terraform-compliance": {
		{"tests/functional/test_issue-174/plan.out.json", "aws_s3_bucket_policy.b", "IAM304", rules.Critical},
		{"tests/functional/test_issue-174/plan.out.json", "aws_s3_bucket_policy.c", "IAM304", rules.Critical},
		{"tests/functional/test_issue-174/plan.out.json", "aws_s3_bucket_policy.c", "IAM406", rules.High},
		{"tests/functional/test_issue-249/plan.out.json", "aws_iam_role.instance_role", "IAM207", rules.High},
		{"tests/functional/test_issue-249-must_not/plan.out.json", "aws_iam_role_policy.lambda_role_policy", "IAM208", rules.High},
		{"tests/functional/test_issue-249-has/plan.out.json", "aws_iam_role_policy.lambda_role_policy", "IAM411", rules.Info},
		// Two statements on every resource, one alert carrying IAM210 too.
		{"tests/functional/test_issue-249/plan.out.json", "aws_iam_role_policy.lambda_role_policy", "IAM204", rules.Medium},
		{"tests/functional/test_issue-249/plan.out.json", "aws_iam_role_policy.lambda_role_policy", "IAM210", rules.Medium},
	},
	"plans": {
		{"identity/main.tf", "aws_iam_user_login_profile.bob", "IAM104", rules.Low},
		{"identity/main.tf", "aws_iam_user.bob", "IAM403", rules.Low},
		{"resource-policies/main.tf", "aws_ecr_repository_policy.app", "IAM304", rules.Critical},
		{"resource-policies/main.tf", "aws_lambda_permission.from_s3", "IAM305", rules.Medium},
		{"resource-policies/main.tf", "aws_s3_bucket_policy.public", "IAM306", rules.Low},
		{"modules/modules/service/main.tf", `module.service["worker"].aws_iam_role_policy_attachment.admin[0]`, "IAM202", rules.High},
		{"privesc/main.tf", "aws_iam_policy.lambda", "IAM204", rules.Medium},
		{"governance/main.tf", "aws_organizations_policy.bad_scp", "IAM504", rules.Medium},
	},
}

// TestCorpusTrueFindings: at default settings, every alert a reviewer
// agreed with on the shared corpus is still reported, with its severity.
func TestCorpusTrueFindings(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("scans the shared corpus")
	}
	defaults, err := rules.Select(rules.All, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for dir, want := range corpusTrueFindings {
		root := sharedDir(t, dir)
		inv, _ := parsers.Load([]string{root}, parsers.Options{})
		alerts := rules.Group(rules.Run(inv, defaults, nil))
		for _, w := range want {
			if !carried(alerts, filepath.Join(root, w.file), w) {
				t.Errorf("%s: lost %s %s on %s (%s)", dir, w.severity, w.rule, w.resource, w.file)
			}
		}
	}
}

func carried(alerts []*rules.Finding, file string, w trueFinding) bool {
	for _, a := range alerts {
		if filepath.Clean(a.Loc.File) != filepath.Clean(file) || a.Resource != w.resource {
			continue
		}
		for _, r := range a.Rules() {
			if r.ID == w.rule && r.Severity == w.severity {
				return true
			}
		}
	}
	return false
}

// sharedDir finds ../shared/<dir> from the package directory (a worktree
// sits one level deeper), or skips.
func sharedDir(t *testing.T, dir string) string {
	t.Helper()
	for _, base := range []string{"../../shared", "../../../shared"} {
		p := filepath.Join(base, dir)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip(fmt.Sprintf("shared %s not found", strings.TrimSuffix(dir, "/")))
	return ""
}
