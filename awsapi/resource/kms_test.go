package resource_test

import (
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestKMSKeyAndAliases(t *testing.T) {
	f := newLiveFlow(t)
	meta := f.env.Seed("kms", "CreateKey", map[string]any{"Description": "nimbus test"})["KeyMetadata"].(map[string]any)
	keyID, keyARN := meta["KeyId"].(string), meta["Arn"].(string)
	alias := "alias/" + f.name("nimbus")
	f.env.Seed("kms", "CreateAlias", map[string]any{"AliasName": alias, "TargetKeyId": keyID})

	keys := f.def("kms", "kms")
	row := f.find(keys, nil, keyID)
	// Hydrated with DescribeKey: state, description and usage as columns.
	f.wantCells(keys, row, map[string]string{"KEY ID": keyID, "ARN": keyARN, "STATE": "Enabled",
		"DESCRIPTION": "nimbus test", "MANAGER": "CUSTOMER"})
	if got := keys.ARNOf(row.Item); got != keyARN {
		t.Errorf("ARN %q", got)
	}
	state := func() any { return f.describe(keys, row)["KeyState"] }
	if d := f.describe(keys, row); d["KeyState"] != "Enabled" || d["Description"] != "nimbus test" {
		t.Errorf("describe: state %v description %v", d["KeyState"], d["Description"])
	}

	// Aliases, below the key and on their own.
	aliases, in := f.child(keys, row, "aliases")
	if in["KeyId"] != keyID {
		t.Errorf("aliases input %v", in)
	}
	arow := f.find(aliases, in, alias)
	f.wantCells(aliases, arow, map[string]string{"ALIAS": alias, "TARGET KEY": keyID})
	if ids := f.ids(aliases, in); len(ids) != 1 {
		t.Errorf("aliases of the key: %v, want only %s", ids, alias)
	}
	f.find(f.def("kms-aliases", "kms"), nil, alias)

	f.run(keys, "disable", nil, row)
	if got := state(); got != "Disabled" {
		t.Errorf("state after disable %v", got)
	}
	if c := f.cells(keys, f.find(keys, nil, keyID)); c["STATE"].Text != "Disabled" || c["STATE"].State != resource.StateBad {
		t.Errorf("listed state after disable %+v", c["STATE"])
	}
	f.run(keys, "enable", nil, row)
	if got := state(); got != "Enabled" {
		t.Errorf("state after enable %v", got)
	}
	f.wantConfirm(keys, "schedule deletion", resource.ConfirmTyped)
	f.run(keys, "schedule deletion", map[string]any{"PendingWindowInDays": int64(7)}, row)
	if got := state(); got != "PendingDeletion" {
		t.Errorf("state after schedule deletion %v", got)
	}
	f.run(keys, "cancel deletion", nil, row)
	if got := state(); got != "Disabled" {
		t.Errorf("state after cancel deletion %v, want Disabled (as AWS leaves it)", got)
	}

	f.run(aliases, "delete", nil, arow)
	if ids := f.ids(aliases, in); slices.Contains(ids, alias) {
		t.Errorf("alias still listed after delete")
	}
}
