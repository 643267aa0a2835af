package syntax

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
)

// collectionText writes decoded rules in one line each for comparison.
func collectionText(rules []model.CollectionRule) []string {
	var out []string
	for _, r := range rules {
		var res []string
		for _, x := range r.Resources {
			s := x.Type.Text + ":" + x.Pattern.Text
			if x.Permissions.Set {
				s += fmt.Sprintf("=%v", texts(x.Permissions))
			}
			res = append(res, s)
		}
		out = append(out, fmt.Sprintf("%s principals=%v public=%s vpce=%v", strings.Join(res, " "), texts(r.Principals), r.Public.Text, texts(r.SourceVPCEs)))
	}
	return out
}

func texts(vs model.Values) []string {
	var out []string
	if vs.Unknown {
		out = append(out, "{"+vs.Expr+"}")
	}
	for _, v := range vs.Items {
		if v.Unknown {
			v.Text += "(unknown)"
		}
		out = append(out, v.Text)
	}
	return out
}

func TestDecodeCollectionPolicy(t *testing.T) {
	t.Parallel()
	loc := model.Location{File: "main.tf", StartLine: 7, StartColumn: 3, EndLine: 7, EndColumn: 40}
	tests := []struct {
		name    string
		node    *Node
		network bool
		want    []string
		unknown string
		err     string
	}{
		{name: "data access", node: StringNode(`[{"Rules":[
			{"ResourceType":"index","Resource":["index/logs/*"],"Permission":["aoss:ReadDocument","aoss:DescribeIndex"]},
			{"ResourceType":"collection","Resource":["collection/logs","collection/app-*"],"Permission":"aoss:*"}],
			"Principal":["arn:aws:iam::111122223333:role/r","*"]}]`, loc),
			want: []string{"index:index/logs/*=[aoss:ReadDocument aoss:DescribeIndex] collection:collection/logs=[aoss:*] collection:collection/app-*=[aoss:*] principals=[arn:aws:iam::111122223333:role/r *] public= vpce=[]"}},
		{name: "network", network: true, node: StringNode(`[{"Rules":[{"ResourceType":"collection","Resource":["collection/logs"]},
			{"ResourceType":"dashboard","Resource":["collection/logs"]}],"AllowFromPublic":false,"SourceVPCEs":["vpce-1"]},
			{"Rules":[{"ResourceType":"collection","Resource":["collection/web"]}],"AllowFromPublic":true}]`, loc),
			want: []string{"collection:collection/logs dashboard:collection/logs principals=[] public=false vpce=[vpce-1]",
				"collection:collection/web principals=[] public=true vpce=[]"}},
		{name: "one object", network: true, node: StringNode(`{"Rules":[{"ResourceType":"collection","Resource":["collection/x"]}],"AllowFromPublic":true}`, loc),
			want: []string{"collection:collection/x principals=[] public=true vpce=[]"}},
		{name: "empty", node: StringNode(`[]`, loc)},
		{name: "absent", node: nil},
		{name: "unknown", node: UnknownNode("var.policy", loc), unknown: "var.policy"},
		{name: "parts unknown in strings", node: &Node{Kind: KindString, Unknown: true, Loc: loc,
			Value: `[{"Rules":[{"ResourceType":"index","Resource":["index/${var.c}/*"],"Permission":["aoss:*"]}],"Principal":["arn:aws:iam::${AWS::AccountId}:role/{x}","*"]}]`},
			want: []string{"index:index/${var.c}/*=[aoss:*] principals=[arn:aws:iam::${AWS::AccountId}:role/{x}(unknown) *] public= vpce=[]"}},
		{name: "part unknown in structure", node: &Node{Kind: KindString, Value: `[${var.rules}]`, Unknown: true, Loc: loc},
			unknown: `[${var.rules}]`},
		{name: "part unknown in a key", node: &Node{Kind: KindString, Value: `[{"${var.k}":[]}]`, Unknown: true, Loc: loc},
			unknown: `[{"${var.k}":[]}]`},
		{name: "unknown principals", node: &Node{Kind: KindList, Loc: loc, Items: []*Node{{Kind: KindMap, Loc: loc, Entries: []*Entry{
			{Key: "Rules", Value: &Node{Kind: KindList, Loc: loc, Items: []*Node{{Kind: KindMap, Loc: loc, Entries: []*Entry{
				{Key: "ResourceType", Value: StringNode("collection", loc)},
				{Key: "Resource", Value: StringNode("collection/x", loc)},
				{Key: "Permission", Value: UnknownNode("var.perms", loc)},
			}}}}},
			{Key: "Principal", Value: UnknownNode("var.principals", loc)},
		}}}},
			want: []string{"collection:collection/x=[{var.perms}] principals=[{var.principals}] public= vpce=[]"}},
		{name: "not JSON", node: StringNode(`[{"Rules":`, loc), err: "main.tf:7:3: the OpenSearch Serverless policy is not valid JSON: "},
		{name: "not a list", node: StringNode(`"x"`, loc), err: `main.tf:7:3: OpenSearch Serverless data access policy: must be a list of policy objects, not the string "x"`},
		{name: "no rules", node: StringNode(`[{"Principal":["*"]}]`, loc), err: "main.tf:7:3: OpenSearch Serverless data access policy: a policy has no Rules"},
		{name: "no principal", node: StringNode(`[{"Rules":[]}]`, loc), err: "main.tf:7:3: OpenSearch Serverless data access policy: a policy has no Principal"},
		{name: "no permission", node: StringNode(`[{"Rules":[{"ResourceType":"index","Resource":["index/x/*"]}],"Principal":["*"]}]`, loc),
			err: "main.tf:7:3: OpenSearch Serverless data access policy: a rule has no Permission"},
		{name: "no resource", network: true, node: StringNode(`[{"Rules":[{"ResourceType":"collection"}],"AllowFromPublic":true}]`, loc),
			err: "main.tf:7:3: OpenSearch Serverless network policy: a rule has no Resource"},
		{name: "rules not a list", network: true, node: StringNode(`[{"Rules":{},"AllowFromPublic":true}]`, loc),
			err: "main.tf:7:3: OpenSearch Serverless network policy: Rules must be a list, not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules, unknown, err := DecodeCollectionPolicy(tt.node, tt.network)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if unknown != tt.unknown {
				t.Errorf("unknown = %q, want %q", unknown, tt.unknown)
			}
			if diff := cmp.Diff(tt.want, collectionText(rules)); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzDecodeCollectionPolicy(f *testing.F) {
	for _, seed := range []string{
		`[{"Rules":[{"ResourceType":"index","Resource":["index/x/*"],"Permission":["aoss:*"]}],"Principal":["*"]}]`,
		`[{"Rules":[{"ResourceType":"collection","Resource":"collection/x"}],"AllowFromPublic":true,"SourceVPCEs":["v"]}]`,
		`{"Rules":[1,null,{}]}`, `[[]]`, `[{"Rules":`, `null`,
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, network bool) {
		loc := model.Location{File: "f.tf", StartLine: 3, StartColumn: 1}
		rules, _, err := DecodeCollectionPolicy(StringNode(string(data), loc), network)
		if err != nil {
			if err.Loc.StartLine < 1 || err.Message == "" {
				t.Fatalf("error without a position or message: %+v", err)
			}
			if !json.Valid(data) && !strings.Contains(err.Message, "not valid JSON") && !strings.Contains(err.Message, "nested more than") {
				t.Fatalf("invalid JSON reported as %q", err.Message)
			}
			return
		}
		for _, r := range rules {
			for _, x := range r.Resources {
				if x.Loc.StartLine < 1 {
					t.Fatalf("resource without a position: %+v", x)
				}
			}
		}
	})
}
