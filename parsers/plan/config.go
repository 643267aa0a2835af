package plan

import (
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// configuration indexes the plan's "configuration" section: the modules the
// plan was made from, with their sources and the expressions of each
// resource. It has no file or line information; source.go adds that from the
// .tf files.
type configuration struct {
	modules map[string]*tfjson.ConfigModule // by call key
	sources map[string]string               // module source by call key
	// resources by call key, then module-relative address.
	resources map[string]map[string]*tfjson.ConfigResource
	// providers are the provider configurations, by the plan's key
	// ("aws", "aws.west", "module.a:aws").
	providers map[string]*tfjson.ProviderConfig
}

func newConfiguration(c *tfjson.Config) *configuration {
	cfg := &configuration{
		modules:   make(map[string]*tfjson.ConfigModule),
		sources:   make(map[string]string),
		resources: make(map[string]map[string]*tfjson.ConfigResource),
	}
	if c != nil && c.RootModule != nil {
		cfg.add(nil, c.RootModule)
	}
	if c != nil {
		cfg.providers = c.ProviderConfigs
	}
	return cfg
}

func (c *configuration) add(calls []string, m *tfjson.ConfigModule) {
	key := callKey(calls)
	c.modules[key] = m
	byAddr := make(map[string]*tfjson.ConfigResource, len(m.Resources))
	for _, r := range m.Resources {
		if r != nil {
			byAddr[r.Address] = r
		}
	}
	c.resources[key] = byAddr
	for name, call := range m.ModuleCalls {
		if call == nil {
			continue
		}
		sub := append(calls[:len(calls):len(calls)], name)
		c.sources[callKey(sub)] = call.Source
		if call.Module != nil {
			c.add(sub, call.Module)
		}
	}
}

// resource returns the configuration of a resource block, or nil.
func (c *configuration) resource(calls []string, addr string) *tfjson.ConfigResource {
	return c.resources[callKey(calls)][addr]
}

// sets reports whether the configuration of r sets attribute or block name.
// The plan's configuration omits dynamic blocks, so a false answer is only
// final where the .tf source is not available.
func sets(r *tfjson.ConfigResource, name string) bool {
	if r == nil {
		return false
	}
	_, ok := r.Expressions[name]
	return ok
}

// reference returns the Terraform reference an attribute is made of, when
// its expression refers to exactly one object (aws_iam_role.app.id; the
// plan lists it with its prefixes: aws_iam_role.app.id, aws_iam_role.app).
// The plan does not say whether the expression is that reference alone or
// uses it ("${aws_s3_bucket.b.arn}/*"); the .tf source, when found, does.
func reference(r *tfjson.ConfigResource, name string) string {
	if r == nil {
		return ""
	}
	e := r.Expressions[name]
	if e == nil || e.ExpressionData == nil || len(e.References) == 0 {
		return ""
	}
	ref := e.References[0]
	for _, other := range e.References[1:] {
		if !strings.HasPrefix(ref, other) {
			return ""
		}
	}
	root, _, _ := strings.Cut(ref, ".")
	switch root {
	case "var", "local", "each", "count", "path", "terraform", "self":
		return ""
	}
	return ref
}

// elementProvider is the root module's provider configuration that
// deploys a resource, for Meta.Provider: "" for the default "aws", else
// "aws.ALIAS", or the plan's key when it names no root configuration of
// the aws provider ("module.app:aws").
func (c *configuration) elementProvider(r *tfjson.ConfigResource) string {
	if r == nil || r.ProviderConfigKey == "" || r.ProviderConfigKey == "aws" {
		return ""
	}
	p := c.providers[r.ProviderConfigKey]
	switch {
	case p != nil && p.Name == "aws" && p.ModuleAddress == "" && p.Alias != "":
		return "aws." + p.Alias
	case p != nil && p.Name != "aws", p == nil && !strings.HasPrefix(r.Type, "aws_"):
		return "" // another provider's resource: no AWS account
	}
	return r.ProviderConfigKey
}
