package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// PlanMixed writes into dir a Terraform plan, plan.json as `terraform show
// -json` writes it, and the configuration it was made from: a module called
// with for_each for instances services, ten resources each (IAM roles,
// policies and attachments among S3 buckets, instances, security groups,
// Lambda functions and log groups). 5,000 instances make about 100 MB. It
// returns the plan's path.
func PlanMixed(dir string, instances int) (string, error) {
	module := filepath.Join(dir, "modules", "svc")
	if err := os.MkdirAll(module, 0o755); err != nil {
		return "", err
	}
	files := map[string]string{
		filepath.Join(dir, "main.tf"):        "variable \"services\" { type = set(string) }\n\nmodule \"svc\" {\n  source   = \"./modules/svc\"\n  for_each = var.services\n  name     = each.key\n}\n",
		filepath.Join(module, "main.tf"):     planModule,
		filepath.Join(module, "trust.json"):  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}` + "\n",
		filepath.Join(module, "task.json"):   `{"Version": "2012-10-17", "Statement": [{"Sid": "ReadData", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::data-${name}/*"}]}` + "\n",
		filepath.Join(module, "deploy.json"): `{"Version": "2012-10-17", "Statement": [{"Sid": "Deploy", "Effect": "Allow", "Action": ["ecs:UpdateService"], "Resource": "arn:aws:ecs:us-east-1:111122223333:service/main/${name}"}]}` + "\n",
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			return "", err
		}
	}
	file := filepath.Join(dir, "plan.json")
	return file, writeFile(file, func(w *bufio.Writer) { writeMixedPlan(w, instances) })
}

// writeFile creates file and writes it through a buffer.
func writeFile(file string, write func(*bufio.Writer)) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	write(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// planModule is the module every instance of the benchmark plan comes from.
const planModule = `variable "name" { type = string }

locals {
  tags = { Service = var.name }
}

resource "aws_iam_role" "task" {
  name               = "task-${var.name}"
  assume_role_policy = file("${path.module}/trust.json")
  tags               = local.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "task"
  role   = aws_iam_role.task.id
  policy = templatefile("${path.module}/task.json", { name = var.name })
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.task.name
  policy_arn = "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"
}

resource "aws_iam_policy" "deploy" {
  name   = "deploy-${var.name}"
  policy = templatefile("${path.module}/deploy.json", { name = var.name })
}

resource "aws_s3_bucket" "data" {
  bucket = "data-${var.name}"
  tags   = local.tags
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "${aws_s3_bucket.data.arn}/*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  tags          = local.tags
  root_block_device {
    volume_size = 20
  }
}

resource "aws_security_group" "app" {
  name = "app-${var.name}"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_lambda_function" "fn" {
  function_name = "fn-${var.name}"
  role          = aws_iam_role.task.arn
  runtime       = "python3.12"
  handler       = "main.handler"
  environment {
    variables = { STAGE = "prod", NAME = var.name }
  }
}

resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/fn-${var.name}"
  retention_in_days = 30
}
`

// mixedResource is one resource of an instance of the mixed plan's module.
type mixedResource struct {
	typ, name string
	values    map[string]any
	unknown   map[string]any
}

func mixedResources(key string) []mixedResource {
	tags := map[string]any{"Service": key, "Team": "platform", "CostCenter": "cc-1234", "Environment": "production", "ManagedBy": "terraform", "Repository": "github.com/example/platform", "Owner": "platform-team@example.com", "DataClassification": "internal", "Compliance": "soc2", "Project": "checkout"}
	statement := func(sid, action, resource string) map[string]any {
		return map[string]any{"Sid": sid, "Effect": "Allow", "Action": []string{action}, "Resource": resource}
	}
	policy := func(stmts ...map[string]any) string {
		data, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": stmts})
		return string(data)
	}
	rule := func(description string, port int) map[string]any {
		return map[string]any{"cidr_blocks": []any{"10.0.0.0/8", "172.16.0.0/12"}, "description": description, "from_port": port,
			"ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "protocol": "tcp", "security_groups": []any{}, "self": false, "to_port": port}
	}
	return []mixedResource{
		{"aws_iam_role", "task", map[string]any{
			"name": "task-" + key, "path": "/", "description": nil, "force_detach_policies": false, "max_session_duration": 3600,
			"permissions_boundary": nil, "tags": tags,
			"assume_role_policy": policy(map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}),
		}, computed("arn", "id", "unique_id", "create_date", "inline_policy", "managed_policy_arns", "name_prefix", "tags_all")},
		{"aws_iam_role_policy", "task", map[string]any{"name": "task", "policy": policy(
			statement("ReadData", "s3:GetObject", "arn:aws:s3:::data-"+key+"/*"),
			statement("WriteData", "s3:PutObject", "arn:aws:s3:::data-"+key+"/uploads/*"),
			statement("Queue", "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:"+key),
			statement("Logs", "logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/"+key+":*"),
		)}, computed("id", "role", "name_prefix")},
		{"aws_iam_role_policy_attachment", "logs", map[string]any{"policy_arn": "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"}, computed("id", "role")},
		{"aws_iam_policy", "deploy", map[string]any{"name": "deploy-" + key, "path": "/", "description": nil, "tags": nil, "policy": policy(
			statement("Deploy", "ecs:UpdateService", "arn:aws:ecs:us-east-1:111122223333:service/main/"+key),
			statement("Describe", "ecs:DescribeServices", "*"),
		)}, computed("arn", "id", "policy_id", "attachment_count", "name_prefix", "tags_all")},
		{"aws_s3_bucket", "data", map[string]any{"bucket": "data-" + key, "force_destroy": false, "tags": tags, "timeouts": nil},
			computed("acceleration_status", "acl", "arn", "bucket_domain_name", "bucket_prefix", "bucket_regional_domain_name", "cors_rule", "grant",
				"hosted_zone_id", "id", "lifecycle_rule", "logging", "object_lock_configuration", "object_lock_enabled", "policy", "region",
				"replication_configuration", "request_payer", "server_side_encryption_configuration", "tags_all", "versioning", "website")},
		{"aws_s3_bucket_policy", "data", map[string]any{}, computed("bucket", "id", "policy")},
		{"aws_instance", "app", map[string]any{"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro", "tags": tags,
			"credit_specification": []any{}, "get_password_data": false, "hibernation": nil, "launch_template": []any{}, "source_dest_check": true,
			"user_data_replace_on_change": false, "volume_tags": nil, "timeouts": nil, "user_data": nil, "user_data_base64": nil,
			"monitoring": true, "ebs_optimized": true, "disable_api_stop": false, "disable_api_termination": false,
			"instance_initiated_shutdown_behavior": "stop", "key_name": "deploy", "placement_group": nil, "tenancy": "default",
			"iam_instance_profile": "app-" + key, "associate_public_ip_address": false, "availability_zone": "us-east-1a",
			"capacity_reservation_specification": []any{map[string]any{"capacity_reservation_preference": "open", "capacity_reservation_target": []any{}}},
			"maintenance_options":                []any{map[string]any{"auto_recovery": "default"}}, "enclave_options": []any{map[string]any{"enabled": false}},
			"metadata_options":         []any{map[string]any{"http_endpoint": "enabled", "http_put_response_hop_limit": 1, "http_tokens": "required", "instance_metadata_tags": "disabled"}},
			"private_dns_name_options": []any{map[string]any{"enable_resource_name_dns_a_record": false, "enable_resource_name_dns_aaaa_record": false, "hostname_type": "ip-name"}},
			"cpu_options":              []any{map[string]any{"core_count": 1, "threads_per_core": 2, "amd_sev_snp": nil}},
			"root_block_device":        []any{map[string]any{"delete_on_termination": true, "tags": nil, "volume_size": 20}}},
			map[string]any{"arn": true, "associate_public_ip_address": true, "availability_zone": true, "cpu_core_count": true, "ebs_block_device": true,
				"ephemeral_block_device": true, "id": true, "instance_state": true, "ipv6_addresses": true, "network_interface": true,
				"primary_network_interface_id": true, "private_dns": true, "private_ip": true, "public_dns": true, "public_ip": true,
				"root_block_device": []any{map[string]any{"device_name": true, "encrypted": true, "iops": true, "kms_key_id": true, "throughput": true,
					"volume_id": true, "volume_type": true}}, "security_groups": true, "subnet_id": true, "tags_all": true, "vpc_security_group_ids": true}},
		{"aws_security_group", "app", map[string]any{"name": "app-" + key, "description": "Managed by Terraform", "revoke_rules_on_delete": false, "tags": nil,
			"timeouts": nil, "ingress": []any{rule("https", 443), rule("ssh from bastion", 22), rule("metrics", 9100)}, "egress": []any{rule("all", 0)}},
			computed("arn", "id", "name_prefix", "owner_id", "tags_all", "vpc_id")},
		{"aws_lambda_function", "fn", map[string]any{"function_name": "fn-" + key, "runtime": "python3.12", "handler": "main.handler", "memory_size": 128,
			"timeout": 3, "publish": false, "package_type": "Zip", "tags": tags, "architectures": []any{"arm64"}, "code_signing_config_arn": nil,
			"dead_letter_config": []any{}, "description": "Handles " + key + " events", "ephemeral_storage": []any{map[string]any{"size": 512}},
			"file_system_config": []any{}, "filename": "build/" + key + ".zip", "image_config": []any{}, "image_uri": nil, "kms_key_arn": nil,
			"layers": []any{"arn:aws:lambda:us-east-1:111122223333:layer:common:42"}, "logging_config": []any{map[string]any{"log_format": "JSON", "log_group": "/aws/lambda/fn-" + key}},
			"replace_security_groups_on_destroy": nil, "reserved_concurrent_executions": -1, "s3_bucket": nil, "s3_key": nil, "skip_destroy": false,
			"snap_start": []any{}, "tracing_config": []any{map[string]any{"mode": "Active"}}, "vpc_config": []any{}, "timeouts": nil,
			"environment": []any{map[string]any{"variables": map[string]any{"STAGE": "prod", "NAME": key, "TABLE": "orders-" + key, "QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/111122223333/" + key}}}},
			computed("arn", "id", "invoke_arn", "last_modified", "qualified_arn", "role", "source_code_hash", "source_code_size", "tags_all", "version")},
		{"aws_cloudwatch_log_group", "fn", map[string]any{"name": "/aws/lambda/fn-" + key, "retention_in_days": 30, "skip_destroy": false, "tags": tags},
			computed("arn", "id", "name_prefix", "tags_all")},
	}
}

// writeMixedPlan writes the plan in the order and shape Terraform does.
func writeMixedPlan(w *bufio.Writer, instances int) {
	keys := make([]string, instances)
	for i := range keys {
		keys[i] = fmt.Sprintf("svc-%05d", i)
	}
	w.WriteString(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{"child_modules":[`)
	for i, key := range keys {
		if i > 0 {
			w.WriteByte(',')
		}
		module := fmt.Sprintf(`module.svc[%q]`, key)
		w.WriteString(`{"resources":[`)
		for j, r := range mixedResources(key) {
			if j > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, `{"address":%s,"mode":"managed","type":%q,"name":%q,"provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":%s,"sensitive_values":{}}`,
				mustJSON(module+"."+r.typ+"."+r.name), r.typ, r.name, mustJSON(r.values))
		}
		fmt.Fprintf(w, `],"address":%s}`, mustJSON(module))
	}
	w.WriteString(`]}},"resource_changes":[`)
	for i, key := range keys {
		module := fmt.Sprintf(`module.svc[%q]`, key)
		for j, r := range mixedResources(key) {
			if i > 0 || j > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, `{"address":%s,"module_address":%s,"mode":"managed","type":%q,"name":%q,"provider_name":"registry.terraform.io/hashicorp/aws",`+
				`"change":{"actions":["create"],"before":null,"after":%s,"after_unknown":%s,"before_sensitive":false,"after_sensitive":{}}}`,
				mustJSON(module+"."+r.typ+"."+r.name), mustJSON(module), r.typ, r.name, mustJSON(r.values), mustJSON(r.unknown))
		}
	}
	w.WriteString(`],"configuration":{"root_module":{"module_calls":{"svc":{"source":"./modules/svc","for_each_expression":{"references":["var.services"]},"module":{"resources":[`)
	for j, r := range mixedResources("x") {
		if j > 0 {
			w.WriteByte(',')
		}
		exprs := map[string]any{}
		for name := range r.values {
			exprs[name] = map[string]any{"references": []string{"var.name"}}
		}
		for name := range r.unknown {
			if name == "role" || name == "bucket" || name == "policy" {
				exprs[name] = map[string]any{"references": []string{"aws_iam_role.task.id", "aws_iam_role.task"}}
			}
		}
		fmt.Fprintf(w, `{"address":"%s.%s","mode":"managed","type":%q,"name":%q,"provider_config_key":"aws","expressions":%s,"schema_version":0}`,
			r.typ, r.name, r.typ, r.name, mustJSON(exprs))
	}
	w.WriteString(`]}}}}},"timestamp":"2026-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}`)
}

// PlanIdentityFile writes PlanIdentity's plan of units teams to plan.json
// in dir, as PlanMixed writes its plan, and returns the file's path.
func PlanIdentityFile(dir string, units int) (string, error) {
	file := filepath.Join(dir, "plan.json")
	f, err := os.Create(file)
	if err != nil {
		return "", err
	}
	if err := PlanIdentity(f, units); err != nil {
		f.Close()
		return "", err
	}
	return file, f.Close()
}

// PlanIdentity writes to w a plan of an account's people and roles, as
// `terraform show -json` writes it, without configuration: units copies of
// a team, each with unique names — two groups, three users with group
// memberships, login profiles and access keys, inline policies on a user, a
// group and a role, customer managed policies, a role trusted by another
// account, and attachments of AWS managed policies. One unit is about 14 KB,
// 2,000 units about 29 MB; principals and findings grow with units.
func PlanIdentity(w io.Writer, units int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{"resources":[`)
	first := true
	each := func(write func(planResource)) {
		first = true
		write(passwordPolicy)
		for i := range units {
			for _, r := range identityResources(fmt.Sprintf("%05d", i)) {
				write(r)
			}
		}
	}
	each(func(r planResource) {
		if !first {
			bw.WriteByte(',')
		}
		first = false
		fmt.Fprintf(bw, `{"address":%q,"mode":"managed","type":%q,"name":%q,"provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":%s,"sensitive_values":%s}`,
			r.typ+"."+r.name, r.typ, r.name, mustJSON(r.values), mustJSON(orEmpty(r.sensitive)))
	})
	bw.WriteString(`]}},"resource_changes":[`)
	each(func(r planResource) {
		if !first {
			bw.WriteByte(',')
		}
		first = false
		fmt.Fprintf(bw, `{"address":%q,"mode":"managed","type":%q,"name":%q,"provider_name":"registry.terraform.io/hashicorp/aws",`+
			`"change":{"actions":["create"],"before":null,"after":%s,"after_unknown":%s,"before_sensitive":false,"after_sensitive":%s}}`,
			r.typ+"."+r.name, r.typ, r.name, mustJSON(r.values), mustJSON(r.unknown), mustJSON(orEmpty(r.sensitive)))
	})
	bw.WriteString(`],"timestamp":"2026-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}` + "\n")
	return bw.Flush()
}

var passwordPolicy = planResource{"aws_iam_account_password_policy", "strict_enough", map[string]any{
	"allow_users_to_change_password": true, "max_password_age": 120, "minimum_password_length": 12, "password_reuse_prevention": 5,
	"require_lowercase_characters": true, "require_numbers": true, "require_symbols": false, "require_uppercase_characters": true,
}, computed("expire_passwords", "hard_expiry", "id"), nil}

// identityResources are one unit of PlanIdentity; id makes names unique.
func identityResources(id string) []planResource {
	tags := map[string]any{"Team": "team-" + id, "CostCenter": "cc-1234", "ManagedBy": "terraform"}
	user := func(name string) planResource {
		return planResource{"aws_iam_user", name + "_" + id, map[string]any{"force_destroy": false, "name": name + "-" + id, "path": "/",
			"permissions_boundary": nil, "tags": tags}, computed("arn", "id", "tags_all", "unique_id"), map[string]any{"tags": map[string]any{}}}
	}
	group := func(name string) planResource {
		return planResource{"aws_iam_group", name + "_" + id, map[string]any{"name": name + "-" + id, "path": "/"}, computed("arn", "id", "unique_id"), nil}
	}
	key := func(name, pgp string) planResource {
		var pgpKey any
		if pgp != "" {
			pgpKey = pgp
		}
		return planResource{"aws_iam_access_key", name + "_" + id, map[string]any{"pgp_key": pgpKey, "status": "Active", "user": name + "-" + id},
			computed("create_date", "encrypted_secret", "encrypted_ses_smtp_password_v4", "id", "key_fingerprint", "secret", "ses_smtp_password_v4"),
			map[string]any{"secret": true, "ses_smtp_password_v4": true}}
	}
	login := func(name string) planResource {
		return planResource{"aws_iam_user_login_profile", name + "_" + id, map[string]any{"password_length": 20, "pgp_key": nil, "user": name + "-" + id},
			computed("encrypted_password", "id", "key_fingerprint", "password", "password_reset_required"), nil}
	}
	managed := func(name, policy string) planResource {
		return planResource{"aws_iam_policy", name + "_" + id, map[string]any{"description": nil, "name": name + "-" + id, "path": "/", "policy": policy, "tags": nil},
			computed("arn", "attachment_count", "id", "name_prefix", "policy_id", "tags_all"), map[string]any{"tags_all": map[string]any{}}}
	}
	return []planResource{
		group("developers"),
		group("auditors"),
		user("alice"),
		user("bob"),
		user("ci"),
		{"aws_iam_user_group_membership", "alice_" + id, map[string]any{"groups": []any{"developers-" + id, "auditors-" + id}, "user": "alice-" + id},
			map[string]any{"groups": []any{false, false}, "id": true}, map[string]any{"groups": []any{false, false}}},
		{"aws_iam_user_group_membership", "bob_" + id, map[string]any{"groups": []any{"auditors-" + id}, "user": "bob-" + id},
			map[string]any{"groups": []any{false}, "id": true}, map[string]any{"groups": []any{false}}},
		login("alice"),
		login("bob"),
		key("bob", ""),
		key("ci", "keybase:ci_team"),
		{"aws_iam_user_policy", "bob_inline_" + id, map[string]any{"name": "bob-s3", "user": "bob-" + id, "policy": policyJSON(
			map[string]any{"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:PutObject"}, "Resource": "arn:aws:s3:::team-data-" + id + "/*"},
		)}, computed("id", "name_prefix"), nil},
		{"aws_iam_user_policy", "ci_deploy_" + id, map[string]any{"name": "ci-deploy", "user": "ci-" + id, "policy": policyJSON(
			map[string]any{"Effect": "Allow", "Action": []any{"iam:PassRole", "lambda:UpdateFunctionCode", "lambda:CreateFunction"}, "Resource": "*"},
		)}, computed("id", "name_prefix"), nil},
		managed("developers", policyJSON(
			map[string]any{"Sid": "ReadLogs", "Effect": "Allow", "Action": []any{"logs:GetLogEvents", "logs:FilterLogEvents"}, "Resource": "arn:aws:logs:eu-west-1:111122223333:log-group:/app-" + id + "/*"},
			map[string]any{"Sid": "ManageOwnKeys", "Effect": "Allow", "Action": []any{"iam:DeleteAccessKey", "iam:CreateAccessKey"}, "Resource": "arn:aws:iam::111122223333:user/${aws:username}"},
		)),
		managed("unused", policyJSON(map[string]any{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"})),
		// A policy the plan creates has no ARN yet: the attachment's is unknown.
		{"aws_iam_group_policy_attachment", "developers_" + id, map[string]any{"group": "developers-" + id}, computed("id", "policy_arn"), nil},
		{"aws_iam_group_policy_attachment", "auditors_" + id, map[string]any{"group": "auditors-" + id, "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, computed("id"), nil},
		{"aws_iam_group_policy", "developers_admin_with_mfa_" + id, map[string]any{"group": "developers-" + id, "name": "iam-admin-mfa", "policy": policyJSON(
			map[string]any{"Effect": "Allow", "Action": "iam:*", "Resource": "*", "Condition": map[string]any{"Bool": map[string]any{"aws:MultiFactorAuthPresent": "true"}}},
		)}, computed("id", "name_prefix"), nil},
		{"aws_iam_role", "deploy_" + id, map[string]any{"name": "deploy-" + id, "path": "/", "description": nil, "force_detach_policies": false,
			"max_session_duration": 3600, "permissions_boundary": nil, "tags": tags, "assume_role_policy": policyJSON(
				map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"},
			)}, computed("arn", "create_date", "id", "inline_policy", "managed_policy_arns", "name_prefix", "tags_all", "unique_id"), map[string]any{"tags": map[string]any{}}},
		{"aws_iam_role_policy", "deploy_" + id, map[string]any{"name": "deploy", "role": "deploy-" + id, "policy": policyJSON(
			map[string]any{"Effect": "Allow", "Action": "s3:*", "Resource": []any{"arn:aws:s3:::artifacts-" + id, "arn:aws:s3:::artifacts-" + id + "/*"}},
			map[string]any{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
		)}, computed("id", "name_prefix"), nil},
		{"aws_iam_role_policy_attachment", "deploy_power_" + id, map[string]any{"role": "deploy-" + id, "policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess"}, computed("id"), nil},
	}
}

// planResource is one resource instance of a generated plan: its values,
// which attributes are unknown until apply and which are sensitive.
type planResource struct {
	typ, name string
	values    map[string]any
	unknown   map[string]any
	sensitive map[string]any
}

func computed(names ...string) map[string]any {
	out := map[string]any{}
	for _, n := range names {
		out[n] = true
	}
	return out
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// policyJSON is a policy document as a provider writes it into a plan.
func policyJSON(statements ...map[string]any) string {
	return mustJSON(map[string]any{"Version": "2012-10-17", "Statement": statements})
}

// mustJSON marshals generated values, which always marshal.
func mustJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}
