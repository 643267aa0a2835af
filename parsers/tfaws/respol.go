package tfaws

import "github.com/iacscan/iacscan/model"

// resourcePolicyTypes are the resource types that hold a resource policy
// document: in attribute attr, protecting the resource named by attribute
// owner, or the resource itself when owner is "". They differ only by these
// names, so one mapper (resourcePolicy) serves them all.
var resourcePolicyTypes = []struct{ typ, service, attr, owner string }{
	{"aws_s3_bucket_policy", "s3", "policy", "bucket"},
	{"aws_s3_bucket", "s3", "policy", ""},
	{"aws_s3_access_point", "s3-access-point", "policy", ""},
	{"aws_s3control_access_point_policy", "s3-access-point", "policy", "access_point_arn"},
	{"aws_s3control_bucket_policy", "s3-outposts", "policy", "bucket"},
	{"aws_s3control_object_lambda_access_point_policy", "s3-object-lambda", "policy", "name"},
	{"aws_s3tables_table_bucket_policy", "s3tables", "resource_policy", "table_bucket_arn"},
	{"aws_sqs_queue_policy", "sqs", "policy", "queue_url"},
	{"aws_sqs_queue", "sqs", "policy", ""},
	{"aws_sns_topic_policy", "sns", "policy", "arn"},
	{"aws_sns_topic", "sns", "policy", ""},
	{"aws_kms_key", "kms", "policy", ""},
	{"aws_kms_key_policy", "kms", "policy", "key_id"},
	{"aws_ecr_repository_policy", "ecr", "policy", "repository"},
	{"aws_ecr_registry_policy", "ecr", "policy", ""},
	{"aws_ecrpublic_repository_policy", "ecr-public", "policy", "repository_name"},
	{"aws_secretsmanager_secret_policy", "secretsmanager", "policy", "secret_arn"},
	{"aws_secretsmanager_secret", "secretsmanager", "policy", ""},
	{"aws_efs_file_system_policy", "elasticfilesystem", "policy", "file_system_id"},
	{"aws_opensearch_domain", "es", "access_policies", ""},
	{"aws_opensearch_domain_policy", "es", "access_policies", "domain_name"},
	{"aws_elasticsearch_domain", "es", "access_policies", ""},
	{"aws_elasticsearch_domain_policy", "es", "access_policies", "domain_name"},
	{"aws_glue_resource_policy", "glue", "policy", ""},
	{"aws_api_gateway_rest_api", "execute-api", "policy", ""},
	{"aws_api_gateway_rest_api_policy", "execute-api", "policy", "rest_api_id"},
	{"aws_cloudwatch_log_destination_policy", "logs", "access_policy", "destination_name"},
	{"aws_cloudwatch_log_resource_policy", "logs", "policy_document", ""},
	{"aws_cloudwatch_event_bus_policy", "events", "policy", "event_bus_name"},
	{"aws_glacier_vault", "glacier", "access_policy", ""},
	{"aws_glacier_vault_lock", "glacier", "policy", "vault_name"},
	{"aws_backup_vault_policy", "backup", "policy", "backup_vault_name"},
	{"aws_dynamodb_resource_policy", "dynamodb", "policy", "resource_arn"},
	{"aws_kinesis_resource_policy", "kinesis", "policy", "resource_arn"},
	{"aws_codeartifact_domain_permissions_policy", "codeartifact", "policy_document", "domain"},
	{"aws_codeartifact_repository_permissions_policy", "codeartifact", "policy_document", "repository"},
	{"aws_ses_identity_policy", "ses", "policy", "identity"},
	{"aws_sesv2_email_identity_policy", "ses", "policy", "email_identity"},
	{"aws_media_store_container_policy", "mediastore", "policy", "container_name"},
	{"aws_kms_replica_key", "kms", "policy", ""},
	{"aws_kms_external_key", "kms", "policy", ""},
	{"aws_kms_replica_external_key", "kms", "policy", ""},
	{"aws_acmpca_policy", "acm-pca", "policy", "resource_arn"},
	{"aws_codebuild_resource_policy", "codebuild", "policy", "resource_arn"},
	{"aws_msk_cluster_policy", "kafka", "policy", "cluster_arn"},
	{"aws_networkfirewall_resource_policy", "network-firewall", "policy", "resource_arn"},
	{"aws_oam_sink_policy", "oam", "policy", "sink_identifier"},
	{"aws_redshift_resource_policy", "redshift", "policy", "resource_arn"},
	{"aws_redshiftserverless_resource_policy", "redshift-serverless", "policy", "resource_arn"},
	{"aws_s3tables_table_policy", "s3tables", "resource_policy", "name"},
	{"aws_sagemaker_model_package_group_policy", "sagemaker", "resource_policy", "model_package_group_name"},
	{"aws_schemas_registry_policy", "schemas", "policy", "registry_name"},
	{"aws_xray_resource_policy", "xray", "policy_document", ""},
	{"aws_vpclattice_resource_policy", "vpc-lattice", "policy", "resource_arn"},
	{"aws_vpclattice_auth_policy", "vpc-lattice-svcs", "policy", "resource_identifier"},
	{"aws_cloudsearch_domain_service_access_policy", "cloudsearch", "access_policy", "domain_name"},
	{"aws_api_gateway_domain_name", "execute-api", "policy", ""},
	{"aws_s3control_access_grants_instance_resource_policy", "s3-access-grants", "policy", ""},
}

// typedPolicyAttrs are the policy-holding attributes whose names mean a
// document only in some resource types ("type.attr").
var typedPolicyAttrs = map[string]bool{
	"aws_ssoadmin_permission_set_inline_policy.inline_policy": true,
	// not a policy, but JSON read structurally all the same
	"aws_ecs_task_definition.container_definitions": true,
}

func init() {
	for _, t := range resourcePolicyTypes {
		mappers[t.typ] = resourcePolicy(t.service, t.attr, t.owner)
		typedPolicyAttrs[t.typ+"."+t.attr] = true
	}
}

// resourcePolicy maps a resource whose policy attribute protects another
// resource (aws_s3_bucket_policy) or itself (aws_kms_key): owner names the
// attribute that points at the protected resource, "" for the resource
// itself.
func resourcePolicy(service, attr, owner string) func(*instance) {
	return func(in *instance) {
		m := in.meta("")
		if owner == "" {
			m = in.meta(attr) // the policy is one attribute of a larger resource
		}
		p := in.policy(model.Resource, attr, m)
		if p == nil {
			return
		}
		if owner == "" {
			p.Owners = []model.Ref{in.self()}
		} else {
			p.Loc = in.Meta.Loc
			p.Owners = []model.Ref{in.ref(owner)}
			p.SetField("Owner", in.loc(owner))
		}
		p.Service = service
		in.inv.Policies = append(in.inv.Policies, p)
	}
}

// addMultiRegionAccessPointPolicy maps
// aws_s3control_multi_region_access_point_policy, whose document is in its
// details block.
func addMultiRegionAccessPointPolicy(in *instance) {
	for i, d := range in.blocks("details") {
		block := &instance{Instance: Instance{Meta: in.Meta, Module: in.Module, Attrs: d}, inv: in.inv}
		p := block.policy(model.Resource, "policy", in.meta(indexed("details", i)))
		if p == nil {
			continue
		}
		p.Owners = []model.Ref{block.ref("name")}
		p.Service = "s3-access-point"
		in.inv.Policies = append(in.inv.Policies, p)
	}
}

// addIoTPolicy maps an AWS IoT Core policy: a document of iot: actions
// for the certificates and identities it is attached to, judged like an
// identity policy of unknown holders.
func addIoTPolicy(in *instance) {
	p := in.policy(model.Standalone, "policy", in.meta(""))
	if p == nil {
		return
	}
	p.Loc = in.Meta.Loc
	p.Name = in.value("name")
	p.Service = "iot"
	in.inv.Policies = append(in.inv.Policies, p)
}
