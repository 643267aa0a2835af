package tfaws

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// providerCredentials are the provider "aws" arguments that hold
// credentials.
var providerCredentials = []string{"access_key", "secret_key", "token"}

// AddProvider records the credentials a provider block writes into the
// configuration (provider "aws" access_key, secret_key, token).
func AddProvider(inv *model.Inventory, meta model.Meta, module string, attrs *syntax.Node) {
	if meta.Type != "provider.aws" || attrs == nil {
		return
	}
	if module == "" {
		addProviderAccount(inv, meta, attrs)
	}
	for _, name := range providerCredentials {
		n := attrs.Get(name)
		if n == nil || n.Kind == syntax.KindNull {
			continue
		}
		m := meta
		m.Path, m.Loc, m.Fields = name, n.Loc, nil
		inv.Exposures = append(inv.Exposures, &model.Exposure{
			Meta: m, Kind: model.ExposureProvider, Name: name, Value: value(n), Refs: AttrRefs(n, module),
		})
	}
}

// AddOutput records a Terraform output: what it makes readable, and the
// attributes of other elements it is made of. It returns the exposure, or
// nil when n is.
func AddOutput(inv *model.Inventory, meta model.Meta, module, name string, n *syntax.Node) *model.Exposure {
	if n == nil {
		return nil
	}
	e := &model.Exposure{Meta: meta, Kind: model.ExposureOutput, Name: name, Refs: AttrRefs(n, module)}
	if n.IsScalar() || n.Kind == syntax.KindUnknown {
		e.Value = value(n)
	}
	inv.Exposures = append(inv.Exposures, e)
	return e
}

// AttrRefs finds the references to attributes of other resources in the
// unknown parts of a tree: aws_iam_access_key.k.secret is the "secret" of
// aws_iam_access_key.k.
func AttrRefs(n *syntax.Node, module string) []model.AttrRef {
	var out []model.AttrRef
	var walk func(*syntax.Node)
	walk = func(n *syntax.Node) {
		if n == nil {
			return
		}
		if n.Unknown {
			for _, expr := range referencedExprs(n) {
				if r, ok := attrRef(expr, module); ok {
					out = append(out, r)
				}
			}
		}
		for _, item := range n.Items {
			walk(item)
		}
		for _, e := range n.Entries {
			walk(e.Value)
		}
	}
	walk(n)
	return out
}

// referencedExprs returns the expressions an unknown node stands for: each
// placeholder of a partly known string, or its expression.
func referencedExprs(n *syntax.Node) []string {
	var out []string
	s := n.Value
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			break
		}
		out = append(out, s[i+2:i+end])
		s = s[i+end+1:]
	}
	if len(out) == 0 && n.Expr != "" {
		out = append(out, n.Expr)
	}
	return out
}

// attrNames maps provider attribute names to the model's vocabulary.
var attrNames = map[string]string{
	"secret":               "secret",
	"ses_smtp_password_v4": "secret",
	"encrypted_secret":     "encrypted-secret",
	"password":             "password",
	"encrypted_password":   "encrypted-password",
}

func attrRef(expr, module string) (model.AttrRef, bool) {
	addr := ResourceAddress(expr)
	if addr == "" {
		return model.AttrRef{}, false
	}
	rest := strings.TrimPrefix(strings.TrimSpace(expr), addr)
	attr, _, _ := strings.Cut(strings.TrimPrefix(rest, "."), ".")
	if named, ok := attrNames[attr]; ok {
		attr = named
	}
	id := addr
	if module != "" {
		id = module + "." + addr
	}
	return model.AttrRef{Ref: model.Ref{ID: id, Value: model.Unresolved(expr, model.Location{})}, Attr: attr}, true
}

// addLambda records the environment variables of a Lambda function.
func addLambda(in *instance) {
	for _, env := range in.blocks("environment") {
		vars := env.Get("variables")
		if vars == nil || vars.Kind != syntax.KindMap {
			continue
		}
		for _, e := range vars.Entries {
			m := in.meta("environment.variables." + e.Key)
			m.Loc = e.Value.Loc
			in.inv.Exposures = append(in.inv.Exposures, &model.Exposure{
				Meta: m, Kind: model.ExposureEnvironment, Name: e.Key, Value: value(e.Value), Refs: AttrRefs(e.Value, in.Module),
			})
		}
	}
}

// addUserData records the user data of an instance or launch template,
// decoded where it is base64: user_data_base64 and a launch template's
// user_data always are, an instance's user_data is when it looks so (the
// provider encodes it unless it already is).
func addUserData(in *instance) {
	for _, name := range []string{"user_data", "user_data_base64"} {
		n := in.attr(name)
		if n == nil {
			continue
		}
		m := in.meta(name)
		m.Loc = in.loc(name)
		v := value(n)
		encoded := name == "user_data_base64" || in.Meta.Type == "aws_launch_template"
		if v.IsKnown() && (encoded || syntax.LooksBase64(v.Text)) {
			text, err := syntax.DecodeUserData(v.Text)
			if err != nil {
				e := model.Errorf(v.Loc, "%s of %s is %v: not checked for credentials", name, in.Meta.ID, err)
				e.Warning = true
				in.inv.Warnings = append(in.inv.Warnings, e)
				continue
			}
			v.Text = text
		}
		in.inv.Exposures = append(in.inv.Exposures, &model.Exposure{
			Meta: m, Kind: model.ExposureUserData, Name: name, Value: v, Refs: AttrRefs(n, in.Module),
		})
	}
}
