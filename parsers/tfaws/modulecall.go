package tfaws

import (
	"strconv"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// IsPolicyArgument reports whether a module argument conventionally holds a
// policy document (policy, assume_role_policy, bucket_policy, …), so that
// parsers hand it over structurally.
func IsPolicyArgument(name string) bool {
	return name == "policy" || strings.HasSuffix(name, "_policy") || strings.HasSuffix(name, "_policy_json") ||
		strings.HasSuffix(name, "_policy_document")
}

// AddModuleArgument records an argument of a module call whose code is not
// in reach (a registry module that is not installed). Its meaning is clear
// in a few cases only: a policy document passed to a policy argument is
// judged on its own (its kind inferred from its statements), user data is
// user data, and a credential written in any argument is one.
func AddModuleArgument(inv *model.Inventory, meta model.Meta, name string, n *syntax.Node) {
	if n == nil || n.Kind == syntax.KindNull {
		return
	}
	if IsPolicyArgument(name) && isDocument(n) {
		m := meta
		m.Loc = n.Loc
		m.SetField("Document", n.Loc)
		inv.Policies = append(inv.Policies, &model.Policy{Meta: m, Kind: model.Standalone, Document: document(n)})
	}
	kind := model.ExposureModuleArgument
	if isUserDataArgument(name) {
		kind = model.ExposureUserData
	}
	walkScalars(n, "", func(path string, leaf *syntax.Node) {
		m := meta
		m.Loc, m.Fields = leaf.Loc, nil
		label := name
		if path != "" {
			label += "." + path
		}
		v := value(leaf)
		if kind == model.ExposureUserData && v.IsKnown() && syntax.LooksBase64(v.Text) {
			v.Text, _ = syntax.DecodeUserData(v.Text) // LooksBase64: it decodes
		}
		inv.Exposures = append(inv.Exposures, &model.Exposure{Meta: m, Kind: kind, Name: label, Value: v})
	})
}

// isUserDataArgument reports whether a module argument is by convention
// EC2 user data (user_data, user_data_base64, worker_user_data, …). Whether
// a module encodes it is the module's business: base64 is read decoded
// wherever it decodes to text.
func isUserDataArgument(name string) bool {
	return name == "user_data" || strings.HasSuffix(name, "_user_data") || strings.HasSuffix(name, "user_data_base64")
}

// isDocument reports whether a node is a policy document: an object with
// Statement, or JSON text that was decoded into one.
func isDocument(n *syntax.Node) bool {
	return n.Kind == syntax.KindMap && n.Get("Statement") != nil
}

// walkScalars calls f on every scalar of a tree with its path (a.b[0]),
// bounded so that a huge argument costs little.
func walkScalars(n *syntax.Node, path string, f func(path string, leaf *syntax.Node)) {
	count := 0
	var walk func(n *syntax.Node, path string)
	walk = func(n *syntax.Node, path string) {
		if n == nil || count >= 1000 {
			return
		}
		switch {
		case n.IsScalar():
			count++
			f(path, n)
		case n.Kind == syntax.KindMap:
			for _, e := range n.Entries {
				p := e.Key
				if path != "" {
					p = path + "." + e.Key
				}
				walk(e.Value, p)
			}
		case n.Kind == syntax.KindList:
			for i, item := range n.Items {
				walk(item, path+"["+strconv.Itoa(i)+"]")
			}
		}
	}
	walk(n, path)
}
