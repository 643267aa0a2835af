package custom

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/iacscan/iacscan/model"
)

// exportedStatement is a statement as the export writes it (see
// export.Statement), read back so that Go judgements can run on what a
// rule hands a built-in.
type exportedStatement struct {
	Effect       any                `json:"effect"`
	Principal    *exportedPrincipal `json:"principal"`
	NotPrincipal *exportedPrincipal `json:"not_principal"`
	Action       []any              `json:"action"`
	Resource     []any              `json:"resource"`
	Condition    []struct {
		Operator any   `json:"operator"`
		Key      any   `json:"key"`
		Values   []any `json:"values"`
	} `json:"condition"`
	Unknown []string `json:"unknown"`
}

type exportedPrincipal struct {
	Wildcard      bool  `json:"wildcard"`
	AWS           []any `json:"aws"`
	Service       []any `json:"service"`
	Federated     []any `json:"federated"`
	CanonicalUser []any `json:"canonical_user"`
}

// decodeStatement turns an exported statement back into the model's form.
func decodeStatement(t *ast.Term) (*model.Statement, error) {
	if _, ok := t.Value.(ast.Object); !ok {
		return nil, builtinError(1, "a statement object", t)
	}
	data, err := jsonOf(t)
	if err != nil {
		return nil, err
	}
	var es exportedStatement
	if err := json.Unmarshal(data, &es); err != nil {
		return nil, fmt.Errorf("operand 1 is not a statement of the iacscan export: %w", err)
	}
	unknown := func(name string) bool { return slices.Contains(es.Unknown, name) }
	st := &model.Statement{
		Effect:   modelValue(es.Effect),
		Action:   modelValues(es.Action, unknown("action")),
		Resource: modelValues(es.Resource, unknown("resource")),
	}
	st.Principal = modelPrincipal(es.Principal, unknown("principal"))
	st.NotPrincipal = modelPrincipal(es.NotPrincipal, unknown("not_principal"))
	if es.Condition != nil {
		st.Condition = model.Conditions{Set: true, Unknown: unknown("condition")}
		for _, c := range es.Condition {
			st.Condition.Items = append(st.Condition.Items, model.Condition{
				Operator: modelValue(c.Operator), Key: modelValue(c.Key), Values: modelValues(c.Values, false),
			})
		}
	}
	return st, nil
}

func modelPrincipal(p *exportedPrincipal, unknown bool) *model.Principal {
	if p == nil {
		return nil
	}
	out := &model.Principal{Wildcard: p.Wildcard, Unknown: unknown && !p.Wildcard && len(p.AWS)+len(p.Service)+len(p.Federated)+len(p.CanonicalUser) == 0}
	for _, e := range []struct {
		typ  string
		vals []any
	}{{"AWS", p.AWS}, {"Service", p.Service}, {"Federated", p.Federated}, {"CanonicalUser", p.CanonicalUser}} {
		if e.vals != nil {
			out.Entries = append(out.Entries, model.PrincipalEntry{Type: model.Known(e.typ, model.Location{}), Values: modelValues(e.vals, false)})
		}
	}
	return out
}

// modelValue reads an exported value: a string when known, an object
// {"unknown": true, …} when not, nil when absent.
func modelValue(x any) model.Value {
	switch v := x.(type) {
	case string:
		return model.Known(v, model.Location{})
	case map[string]any:
		text, _ := v["text"].(string)
		expr, _ := v["expr"].(string)
		return model.Value{Text: text, Unknown: true, Expr: expr, Set: true}
	case nil:
		return model.Value{}
	}
	// Numbers or booleans a test wrote by hand: not what the export
	// holds, so not known.
	return model.Value{Text: fmt.Sprint(x), Unknown: true, Set: true}
}

func modelValues(xs []any, unknown bool) model.Values {
	if xs == nil && !unknown {
		return model.Values{}
	}
	vs := model.Values{Set: true, Unknown: unknown}
	for _, x := range xs {
		vs.Items = append(vs.Items, modelValue(x))
	}
	return vs
}
