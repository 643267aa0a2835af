//go:build linux

package plan_test

import (
	"bufio"
	"encoding/json"
	"fmt"
)

// benchModule is the module every instance of the benchmark plan comes from.
const benchModule = `variable "name" { type = string }

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

// benchResource is one resource of an instance of the benchmark module.
type benchResource struct {
	typ, name string
	values    map[string]any
	unknown   map[string]any
}

func benchResources(key string) []benchResource {
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
	computed := func(names ...string) map[string]any {
		out := map[string]any{}
		for _, n := range names {
			out[n] = true
		}
		return out
	}
	return []benchResource{
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

// writeBenchPlan writes the plan in the order and shape Terraform does.
func writeBenchPlan(w *bufio.Writer) {
	mustJSON := func(v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return string(data)
	}
	keys := make([]string, benchInstances)
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
		for j, r := range benchResources(key) {
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
		for j, r := range benchResources(key) {
			if i > 0 || j > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, `{"address":%s,"module_address":%s,"mode":"managed","type":%q,"name":%q,"provider_name":"registry.terraform.io/hashicorp/aws",`+
				`"change":{"actions":["create"],"before":null,"after":%s,"after_unknown":%s,"before_sensitive":false,"after_sensitive":{}}}`,
				mustJSON(module+"."+r.typ+"."+r.name), mustJSON(module), r.typ, r.name, mustJSON(r.values), mustJSON(r.unknown))
		}
	}
	w.WriteString(`],"configuration":{"root_module":{"module_calls":{"svc":{"source":"./modules/svc","for_each_expression":{"references":["var.services"]},"module":{"resources":[`)
	for j, r := range benchResources("x") {
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
