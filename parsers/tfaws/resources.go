package tfaws

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// addLambdaPermission turns one aws_lambda_permission into the statement it
// adds to the function's resource policy, placed at the attributes it comes
// from.
func addLambdaPermission(in *instance) {
	perm := syntax.LambdaPermission{
		StatementID: in.attr("statement_id"), Principal: in.attr("principal"), Action: in.attr("action"),
		Function: in.attr("function_name"), SourceArn: in.attr("source_arn"), SourceAccount: in.attr("source_account"),
		PrincipalOrgID: in.attr("principal_org_id"), FunctionURLAuthType: in.attr("function_url_auth_type"),
		EventSourceToken: in.attr("event_source_token"),
		Loc:              in.Meta.Loc,
	}
	p := &model.Policy{Meta: in.meta(""), Kind: model.Resource, Service: "lambda", Document: perm.Document()}
	p.Owners = []model.Ref{in.ref("function_name")}
	in.inv.Policies = append(in.inv.Policies, p)
}

func addAccessKey(in *instance) {
	k := &model.AccessKey{Meta: in.meta(""), User: in.ref("user"), PGPKey: in.value("pgp_key"), Status: in.value("status")}
	k.Fields = copyFields(in.Meta.Fields)
	in.inv.AccessKeys = append(in.inv.AccessKeys, k)
}

func addLoginProfile(in *instance) {
	p := &model.LoginProfile{Meta: in.meta(""), User: in.ref("user")}
	p.Fields = copyFields(in.Meta.Fields)
	in.inv.LoginProfiles = append(in.inv.LoginProfiles, p)
}

func addPasswordPolicy(in *instance) {
	p := &model.PasswordPolicy{
		Meta:               in.meta(""),
		MinimumLength:      in.value("minimum_password_length"),
		RequireSymbols:     in.value("require_symbols"),
		RequireNumbers:     in.value("require_numbers"),
		RequireUppercase:   in.value("require_uppercase_characters"),
		RequireLowercase:   in.value("require_lowercase_characters"),
		MaxAge:             in.value("max_password_age"),
		ReusePrevention:    in.value("password_reuse_prevention"),
		HardExpiry:         in.value("hard_expiry"),
		AllowUsersToChange: in.value("allow_users_to_change_password"),
	}
	p.Fields = copyFields(in.Meta.Fields)
	for field, attr := range map[string]string{
		"MinimumLength": "minimum_password_length", "RequireSymbols": "require_symbols",
		"RequireNumbers": "require_numbers", "RequireUppercase": "require_uppercase_characters",
		"RequireLowercase": "require_lowercase_characters", "MaxAge": "max_password_age",
		"ReusePrevention": "password_reuse_prevention", "HardExpiry": "hard_expiry",
		"AllowUsersToChange": "allow_users_to_change_password",
	} {
		if n := in.attr(attr); n != nil {
			p.SetField(field, n.Loc)
		}
	}
	in.inv.PasswordPolicies = append(in.inv.PasswordPolicies, p)
}

func addTrail(in *instance) {
	t := &model.Trail{
		Meta:                in.meta(""),
		MultiRegion:         in.value("is_multi_region_trail"),
		GlobalServiceEvents: in.value("include_global_service_events"),
		LogFileValidation:   in.value("enable_log_file_validation"),
		Logging:             in.value("enable_logging"),
	}
	t.Fields = copyFields(in.Meta.Fields)
	for field, attr := range map[string]string{
		"MultiRegion": "is_multi_region_trail", "GlobalServiceEvents": "include_global_service_events",
		"LogFileValidation": "enable_log_file_validation", "Logging": "enable_logging",
	} {
		if n := in.attr(attr); n != nil {
			t.SetField(field, n.Loc)
		}
	}
	in.inv.Trails = append(in.inv.Trails, t)
}

func addOIDCProvider(in *instance) {
	p := &model.OIDCProvider{Meta: in.meta(""), URL: in.value("url")}
	p.Fields = copyFields(in.Meta.Fields)
	if n := in.attr("client_id_list"); n != nil {
		p.ClientIDs = model.Values{Loc: n.Loc, Set: true}
		if n.Kind == syntax.KindUnknown {
			p.ClientIDs.Unknown, p.ClientIDs.Expr = true, n.Expr
		}
		for _, item := range n.Items {
			p.ClientIDs.Items = append(p.ClientIDs.Items, value(item))
		}
	}
	in.inv.OIDCProviders = append(in.inv.OIDCProviders, p)
}

func addInstanceProfile(in *instance) {
	p := &model.InstanceProfile{Meta: in.meta("")}
	p.Fields = copyFields(in.Meta.Fields)
	if in.attr("role") != nil {
		p.Roles = append(p.Roles, in.ref("role"))
	}
	for _, r := range in.list("roles") { // the deprecated list form
		p.Roles = append(p.Roles, in.refOf(r))
	}
	in.inv.InstanceProfiles = append(in.inv.InstanceProfiles, p)
}

// addServiceLinkedRole records a service-linked role: AWS writes its trust
// and permissions, so only the identity is known.
func addServiceLinkedRole(in *instance) {
	role := &model.Identity{Meta: in.meta(""), Kind: model.Role, Name: in.computed("name"), ServiceLinked: true}
	role.Fields = copyFields(in.Meta.Fields)
	in.inv.Identities = append(in.inv.Identities, role)
}

// exclusiveAttachments maps aws_iam_{role,user,group}_policy_attachments_exclusive:
// the complete list of managed policies attached to one identity.
func exclusiveAttachments(target string, kind model.IdentityKind) func(*instance) {
	return func(in *instance) {
		identity := in.ref(target)
		for i, arn := range in.list("policy_arns") {
			a := &model.Attachment{Meta: in.meta(indexed("policy_arns", i)), Policy: in.refOf(arn), Identity: identity, IdentityKind: kind}
			a.Loc = arn.Loc
			if a.Loc.IsZero() {
				a.Loc = in.Meta.Loc
			}
			in.inv.Attachments = append(in.inv.Attachments, a)
		}
	}
}

// addSAMLProvider is known so that it is not reported as unknown; the model
// has no SAML provider element yet, as no rule needs one.
func addSAMLProvider(*instance) {}

// exclusiveInline maps aws_iam_{role,user,group}_policies_exclusive, which
// only names inline policies defined elsewhere: nothing new to add.
func exclusiveInline(*instance) {}
