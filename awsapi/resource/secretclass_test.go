package resource_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
)

// A secret is revealed only by a confirmed action that shows it: a listing or load that reveals
// (it would run on open and on every refresh) and a reveal without result: secret or with
// confirm: none are refused.
func TestValidateSecretReveals(t *testing.T) {
	fsys := fstest.MapFS{"ssm.yaml": {Data: []byte(`
service: ssm
resources:
  - type: p
    title: parameters
    identifier: Name
    list:
      operation: GetParametersByPath
      input: {Path: /, WithDecryption: true}
      items: Parameters
    load:
      operation: GetParameter
      input: {Name: "{id}", WithDecryption: true}
    columns:
      - {title: NAME, path: Name}
    actions:
      - name: peek
        operation: GetParameter
        input: {Name: "{id}", WithDecryption: true}
      - name: quick
        operation: GetParameter
        input: {Name: "{id}", WithDecryption: true}
        result: secret
        confirm: none
      - name: fine
        operation: GetParameter
        input: {Name: "{id}", WithDecryption: true}
        result: secret
    children:
      - name: decrypted
        type: q
        bind: {WithDecryption: true}
  - type: q
    title: plain parameters
    identifier: Name
    topLevel: false
    list:
      operation: GetParametersByPath
      input: {Path: /}
      items: Parameters
    columns:
      - {title: NAME, path: Name}
`)}}
	r, err := resource.Parse(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range resource.Validate(r, model.Default(), keymap.Default().TakenOnTables) {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`type p: list.operation: GetParametersByPath reveals a secret`,
		`type p: load.operation: GetParameter reveals a secret`,
		`type p: actions[0] (peek).result: ssm GetParameter reveals a secret: set result: secret`,
		`type p: actions[1] (quick).confirm: ssm GetParameter reveals a secret: it needs a confirmation`,
		`type p: children[0] (decrypted).bind: makes ssm GetParametersByPath reveals-secret`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing problem:\n  %s\ngot:\n  %s", want, strings.Join(got, "\n  "))
		}
	}
	for _, g := range got {
		if strings.Contains(g, "(fine)") || strings.Contains(g, "type q:") {
			t.Errorf("unexpected problem: %s", g)
		}
	}
	p, _ := r.Lookup("p")
	for _, a := range p.Actions {
		if a.Name == "fine" && a.ConfirmLevel("ssm") != resource.ConfirmSimple {
			t.Errorf("a reveal's confirmation: %q, want simple", a.ConfirmLevel("ssm"))
		}
	}
}

// Every reveal in the built-in definitions asks first.
func TestBuiltinRevealsAreConfirmed(t *testing.T) {
	r, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range r.Types() {
		for _, a := range d.Actions {
			if a.Result == "secret" {
				n++
				if a.ConfirmLevel(d.Service) == resource.ConfirmNone {
					t.Errorf("%s %s: a reveal without confirmation", d.Type, a.Name)
				}
			}
		}
	}
	if n < 4 {
		t.Errorf("%d reveals in the built-in definitions; want the ssm and secretsmanager ones at least", n)
	}
}

// :list opens a refreshing collection: it takes reads only.
func TestGenericCollectionRefusesReveals(t *testing.T) {
	r, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	appsync, err := model.Default().Load("appsync")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Generic(appsync, "ListApiKeys"); err == nil || !strings.Contains(err.Error(), "reveals-secret") {
		t.Errorf("Generic(appsync ListApiKeys): %v, want a refusal naming reveals-secret", err)
	}
	if _, err := r.Generic(appsync, "ListGraphqlApis"); err != nil {
		t.Errorf("Generic(appsync ListGraphqlApis): %v", err)
	}
}
