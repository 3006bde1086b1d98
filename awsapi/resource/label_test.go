package resource

import "testing"

func TestIdentifierLabel(t *testing.T) {
	cases := map[string]string{
		"InstanceId":           "instance ID",
		"logGroupName":         "log group name",
		"QueueUrl || @":        "queue URL",
		"DBInstanceIdentifier": "DB instance identifier",
		"PolicyArn":            "policy ARN",
		"UUID":                 "UUID",
		"Name":                 "name",
		"Key":                  "key",
		"@":                    "identifier",
		"split(Id, '/')[-1]":   "identifier",
		"to_string(Version)":   "identifier",
	}
	for expr, want := range cases {
		d := &Def{Identifier: expr}
		if got := d.IdentifierLabel(); got != want {
			t.Errorf("%q: %q, want %q", expr, got, want)
		}
	}
}
