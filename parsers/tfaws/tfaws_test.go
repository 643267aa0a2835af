package tfaws

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// instanceOf builds an instance from plan-style JSON attributes; "${x}"
// strings stand for unknown values whose expression is x.
func instanceOf(t testing.TB, id, module, attrs string) Instance {
	t.Helper()
	n, err := syntax.ParseJSON("main.tf", []byte(attrs))
	if err != nil {
		t.Fatal(err)
	}
	markUnknown(n)
	typ := ResourceAddress(id)
	if typ == "" {
		typ = id
	}
	steps, _ := splitTraversal(id)
	for i, s := range steps {
		if s != "module" && !isIndex(s) && (i == 0 || steps[i-1] != "module") {
			typ = s
			break
		}
	}
	return Instance{
		Meta:   model.Meta{ID: id, Type: typ, Source: model.SourcePlan, Loc: n.Loc},
		Module: module,
		Attrs:  n,
	}
}

func markUnknown(n *syntax.Node) {
	if n.Kind == syntax.KindString && len(n.Value) > 3 && n.Value[:2] == "${" && n.Value[len(n.Value)-1] == '}' {
		n.Unknown, n.Expr = true, n.Value[2:len(n.Value)-1]
	}
	for _, item := range n.Items {
		markUnknown(item)
	}
	for _, e := range n.Entries {
		markUnknown(e.Value)
	}
}

// summary is what the tests compare: the inventory without locations and
// documents, which have their own tests.
type summary struct {
	Identities  []string
	Policies    []string
	Attachments []string
	Memberships []string
}

func summarise(inv *model.Inventory) summary {
	var s summary
	for _, id := range inv.Identities {
		s.Identities = append(s.Identities, string(id.Kind)+" "+id.ID+" name="+id.Name.Text+
			" boundary="+id.Boundary.String()+"/"+id.Boundary.ID+" session="+id.MaxSessionDuration.Text)
	}
	for _, p := range inv.Policies {
		line := string(p.Kind) + " " + p.ID + " path=" + p.Path + " name=" + p.Name.Text
		for _, o := range p.Owners {
			line += " owner=" + o.ID + "|" + o.Value.Text
		}
		if p.Document.Unknown {
			line += " unknown=" + p.Document.Expr
		} else {
			line += " statements=" + string(rune('0'+len(p.Document.Statements)))
		}
		s.Policies = append(s.Policies, line)
	}
	for _, a := range inv.Attachments {
		s.Attachments = append(s.Attachments, a.ID+" path="+a.Path+" policy="+a.Policy.ID+"|"+a.Policy.Value.Text+
			" to="+string(a.IdentityKind)+" "+a.Identity.ID+"|"+a.Identity.Value.Text)
	}
	for _, m := range inv.Memberships {
		s.Memberships = append(s.Memberships, m.ID+" user="+m.User.ID+"|"+m.User.Value.Text+" group="+m.Group.ID+"|"+m.Group.Value.Text)
	}
	return s
}

func TestAdd(t *testing.T) {
	trust := `"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"`
	tests := []struct {
		name   string
		id     string
		module string
		attrs  string
		want   summary
	}{{
		name: "role with everything",
		id:   "aws_iam_role.app",
		attrs: `{"name": "app", "assume_role_policy": ` + trust + `, "max_session_duration": 7200,
			"permissions_boundary": "${aws_iam_policy.boundary.arn}",
			"inline_policy": [{"name": "a", "policy": "{\"Statement\":[]}"}, {}],
			"managed_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "${aws_iam_policy.p.arn}"]}`,
		want: summary{
			Identities: []string{"role aws_iam_role.app name=app boundary=aws_iam_policy.boundary/aws_iam_policy.boundary session=7200"},
			Policies: []string{
				"trust aws_iam_role.app path=assume_role_policy name=app owner=aws_iam_role.app| statements=1",
				"inline aws_iam_role.app path=inline_policy[0] name=a owner=aws_iam_role.app| statements=0",
			},
			Attachments: []string{
				"aws_iam_role.app path=managed_policy_arns[0] policy=|arn:aws:iam::aws:policy/ReadOnlyAccess to=role aws_iam_role.app|",
				"aws_iam_role.app path=managed_policy_arns[1] policy=aws_iam_policy.p|${aws_iam_policy.p.arn} to=role aws_iam_role.app|",
			},
		},
	}, {
		name:   "role in a module with an unknown trust policy and no name",
		id:     `module.app.aws_iam_role.task["a"]`,
		module: "module.app",
		attrs:  `{"assume_role_policy": "${data.aws_iam_policy_document.trust.json}"}`,
		want: summary{
			Identities: []string{`role module.app.aws_iam_role.task["a"] name=${module.app.aws_iam_role.task["a"].name} boundary=/ session=`},
			Policies:   []string{`trust module.app.aws_iam_role.task["a"] path=assume_role_policy name=${module.app.aws_iam_role.task["a"].name} owner=module.app.aws_iam_role.task["a"]| unknown=data.aws_iam_policy_document.trust.json`},
		},
	}, {
		name:  "user and group",
		id:    "aws_iam_user.u",
		attrs: `{"name": "alice", "permissions_boundary": "arn:aws:iam::111122223333:policy/b"}`,
		want:  summary{Identities: []string{"user aws_iam_user.u name=alice boundary=arn:aws:iam::111122223333:policy/b/ session="}},
	}, {
		name:  "managed policy",
		id:    "aws_iam_policy.p",
		attrs: `{"name": "p", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"}`,
		want:  summary{Policies: []string{"managed aws_iam_policy.p path= name=p statements=1"}},
	}, {
		name:   "role policy referring to a role in its module",
		id:     "module.m.aws_iam_role_policy.rp[0]",
		module: "module.m",
		attrs:  `{"name": "rp", "role": "${aws_iam_role.app[0].id}", "policy": "{\"Statement\":[]}"}`,
		want:   summary{Policies: []string{"inline module.m.aws_iam_role_policy.rp[0] path= name=rp owner=module.m.aws_iam_role.app[0]|${aws_iam_role.app[0].id} statements=0"}},
	}, {
		name:  "user policy by name",
		id:    "aws_iam_user_policy.up",
		attrs: `{"user": "alice", "policy": "not json"}`,
		want:  summary{Policies: []string{"inline aws_iam_user_policy.up path= name=${aws_iam_user_policy.up.name} owner=|alice statements=0"}},
	}, {
		name:  "role policy attachment",
		id:    "aws_iam_role_policy_attachment.a",
		attrs: `{"role": "${aws_iam_role.app.name}", "policy_arn": "${aws_iam_policy.p.arn}"}`,
		want:  summary{Attachments: []string{"aws_iam_role_policy_attachment.a path= policy=aws_iam_policy.p|${aws_iam_policy.p.arn} to=role aws_iam_role.app|${aws_iam_role.app.name}"}},
	}, {
		name:  "policy attachment to several kinds",
		id:    "aws_iam_policy_attachment.all",
		attrs: `{"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess", "users": ["bob"], "roles": ["${module.x.aws_iam_role.r.name}"], "groups": null}`,
		want: summary{Attachments: []string{
			"aws_iam_policy_attachment.all path=users[0] policy=|arn:aws:iam::aws:policy/AdministratorAccess to=user |bob",
			"aws_iam_policy_attachment.all path=roles[0] policy=|arn:aws:iam::aws:policy/AdministratorAccess to=role module.x.aws_iam_role.r|${module.x.aws_iam_role.r.name}",
		}},
	}, {
		name:  "user group membership",
		id:    "aws_iam_user_group_membership.m",
		attrs: `{"user": "${aws_iam_user.u.name}", "groups": ["admins", "${aws_iam_group.dev.name}"]}`,
		want: summary{Memberships: []string{
			"aws_iam_user_group_membership.m user=aws_iam_user.u|${aws_iam_user.u.name} group=|admins",
			"aws_iam_user_group_membership.m user=aws_iam_user.u|${aws_iam_user.u.name} group=aws_iam_group.dev|${aws_iam_group.dev.name}",
		}},
	}, {
		name:  "group membership",
		id:    "aws_iam_group_membership.m",
		attrs: `{"group": "admins", "users": ["alice", "bob"]}`,
		want: summary{Memberships: []string{
			"aws_iam_group_membership.m user=|alice group=|admins",
			"aws_iam_group_membership.m user=|bob group=|admins",
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &model.Inventory{}
			if !Add(inv, instanceOf(t, tt.id, tt.module, tt.attrs)) {
				t.Fatal("type not known")
			}
			if diff := cmp.Diff(tt.want, summarise(inv), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("inventory differs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAddLinks(t *testing.T) {
	inv := &model.Inventory{}
	for _, in := range []Instance{
		instanceOf(t, "aws_iam_role.app", "", `{"name": "app"}`),
		instanceOf(t, "aws_iam_policy.p", "", `{"name": "p", "policy": "{\"Statement\":[]}"}`),
		instanceOf(t, "aws_iam_role_policy_attachment.a", "", `{"role": "${aws_iam_role.app.name}", "policy_arn": "${aws_iam_policy.p.arn}"}`),
		instanceOf(t, "aws_iam_role_policy.i", "", `{"role": "app", "policy": "{\"Statement\":[]}"}`),
	} {
		Add(inv, in)
	}
	inv.Link()
	role := inv.Identities[0]
	if got := len(inv.AttachmentsOf(role)); got != 1 {
		t.Errorf("attachments of role: got %d, want 1", got)
	}
	if got := len(inv.InlinePolicies(role)); got != 1 {
		t.Errorf("inline policies of role: got %d, want 1", got)
	}
	if got := len(inv.AttachmentsTo(inv.Policies[0])); got != 1 {
		t.Errorf("attachments to policy: got %d, want 1", got)
	}
}

func TestDocumentFromText(t *testing.T) {
	loc := model.Location{File: "main.tf", StartLine: 3, StartColumn: 3, EndLine: 3, EndColumn: 40}
	tests := []struct {
		text     string
		unknown  bool
		problems []string
		stmts    int
	}{
		{text: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, stmts: 1},
		{text: ``, problems: []string{"the policy document is empty"}},
		{text: `{"Statement":`, problems: []string{"the policy document is not valid JSON: unexpected end of input, expected a value"}},
		{text: `{"Statement":[{"Action":"x"}], "Foo": 1}`, stmts: 1, problems: []string{`unknown policy element "Foo" (expected Version, Id or Statement)`}},
	}
	for _, tt := range tests {
		d := document(&syntax.Node{Kind: syntax.KindString, Value: tt.text, Loc: loc})
		var problems []string
		for _, p := range d.Problems {
			problems = append(problems, p.Message)
			if p.Loc != loc {
				t.Errorf("%q: problem at %v, want the attribute %v", tt.text, p.Loc, loc)
			}
		}
		if diff := cmp.Diff(tt.problems, problems); diff != "" {
			t.Errorf("%q: problems differ (-want +got):\n%s", tt.text, diff)
		}
		if len(d.Statements) != tt.stmts {
			t.Errorf("%q: %d statements, want %d", tt.text, len(d.Statements), tt.stmts)
		}
		for _, s := range d.Statements {
			if s.Loc != loc {
				t.Errorf("%q: statement at %v, want the attribute %v", tt.text, s.Loc, loc)
			}
		}
	}
	d := document(&syntax.Node{Kind: syntax.KindUnknown, Unknown: true, Expr: "data.x.json", Loc: loc})
	if !d.Unknown || d.Expr != "data.x.json" {
		t.Errorf("unknown policy: got Unknown=%v Expr=%q", d.Unknown, d.Expr)
	}
}

func TestResourceAddress(t *testing.T) {
	tests := map[string]string{
		"aws_iam_role.app.name":                       "aws_iam_role.app",
		"aws_iam_role.app[0].arn":                     "aws_iam_role.app[0]",
		`aws_iam_role.app["a.b"].arn`:                 `aws_iam_role.app["a.b"]`,
		"aws_iam_role.app[*].arn":                     "",
		"data.aws_iam_policy_document.d.json":         "data.aws_iam_policy_document.d",
		`module.a["x"].module.b.aws_iam_policy.p.arn`: `module.a["x"].module.b.aws_iam_policy.p`,
		"module.x.role_arn":                           "",
		"var.role":                                    "",
		"local.roles[0]":                              "",
		"each.value.arn":                              "",
		"upper(aws_iam_role.app.name)":                "",
		"aws_iam_role.app":                            "aws_iam_role.app",
	}
	for expr, want := range tests {
		if got := ResourceAddress(expr); got != want {
			t.Errorf("ResourceAddress(%q) = %q, want %q", expr, got, want)
		}
	}
}

func FuzzAdd(f *testing.F) {
	f.Add("aws_iam_role", `{"name":"a","assume_role_policy":"{}","inline_policy":[{"policy":"x"}],"managed_policy_arns":"${x}"}`)
	f.Add("aws_iam_policy_attachment", `{"users":[1,{}],"roles":"${a.b}","policy_arn":[]}`)
	f.Add("aws_iam_user_group_membership", `{"groups":{"a":1}}`)
	f.Fuzz(func(t *testing.T, typ, attrs string) {
		n, err := syntax.ParseJSON("f.tf", []byte(attrs))
		if err != nil {
			return
		}
		markUnknown(n)
		inv := &model.Inventory{}
		Add(inv, Instance{Meta: model.Meta{ID: typ + ".x", Type: typ}, Attrs: n})
		inv.Link()
	})
}
