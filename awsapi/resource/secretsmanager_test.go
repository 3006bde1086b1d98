package resource_test

import (
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestSecretsManagerSecret(t *testing.T) {
	f := newLiveFlow(t)
	name, value := f.name("nimbus/secret"), "hunter2-"+f.name("value")
	arn := f.env.Seed("secretsmanager", "CreateSecret", map[string]any{"Name": name,
		"Description": "nimbus test", "SecretString": value})["ARN"].(string)

	secrets := f.def("secrets", "secretsmanager")
	row := f.find(secrets, nil, name)
	f.wantCells(secrets, row, map[string]string{"NAME": name, "DESCRIPTION": "nimbus test", "DELETED": ""})
	if got := secrets.ARNOf(row.Item); got != arn {
		t.Errorf("ARN %q, want %s", got, arn)
	}
	desc := f.describe(secrets, row)
	if desc["Name"] != name {
		t.Errorf("describe gave %v", desc["Name"])
	}
	// The value shows only through reveal.
	f.wantNoText(secrets, row, desc, value)
	reveal := f.action(secrets, "reveal")
	if reveal.Result != "secret" {
		t.Errorf("reveal shows its result as %q, want secret", reveal.Result)
	}
	if got := f.run(secrets, "reveal", nil, row)[0]["SecretString"]; got != value {
		t.Errorf("revealed %q", got)
	}

	// Versions: the old one stays revealable by id.
	f.env.Seed("secretsmanager", "PutSecretValue", map[string]any{"SecretId": name, "SecretString": value + "-2"})
	versions, in := f.child(secrets, row, "versions")
	vrows := f.env.List(versions, in)
	if len(vrows) != 2 {
		t.Fatalf("%d versions, want 2", len(vrows))
	}
	revealed := map[string]string{}
	for _, r := range vrows {
		f.wantNoText(versions, r, r.Item, value)
		stages := f.cells(versions, r)["STAGES"].Text
		revealed[stages] = f.run(versions, "reveal", nil, r)[0]["SecretString"].(string)
	}
	if revealed["AWSCURRENT"] != value+"-2" || revealed["AWSPREVIOUS"] != value {
		t.Errorf("revealed by stage %q", revealed)
	}

	// Deleted with a recovery window it stays listed (DELETED set) and can be restored.
	f.run(secrets, "delete (recoverable)", map[string]any{"RecoveryWindowInDays": int64(7)}, row)
	row = f.find(secrets, nil, name)
	if f.cells(secrets, row)["DELETED"].Text == "" {
		t.Error("a secret scheduled for deletion shows no DELETED time")
	}
	f.run(secrets, "restore", nil, row)
	row = f.find(secrets, nil, name)
	f.wantCells(secrets, row, map[string]string{"DELETED": ""})

	f.wantConfirm(secrets, "delete now, no recovery", resource.ConfirmTyped)
	f.run(secrets, "delete now, no recovery", nil, row)
	if ids := f.ids(secrets, nil); slices.Contains(ids, name) {
		t.Errorf("secret still listed after a delete without recovery")
	}
}
