package resource_test

import (
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestDefaultParsesAndResolvesAliases(t *testing.T) {
	r, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	for alias, want := range map[string]string{
		"ec2": "instance", "instances": "instance", "i": "instance", "EC2": "instance",
		"vol": "volume", "sg": "security-group", "vpcs": "vpc", "ami": "image",
		"s3": "bucket", "buckets": "bucket", "objects": "object", "key-pairs": "key-pair",
	} {
		d, ok := r.Lookup(alias)
		if !ok {
			t.Errorf("Lookup(%q): not found", alias)
			continue
		}
		if d.Type != want {
			t.Errorf("Lookup(%q) = %s, want %s", alias, d.Type, want)
		}
	}
	if d, _ := r.Lookup("s3"); d.Browser != "s3" {
		t.Errorf(":s3 opens browser %q, want s3", d.Browser)
	}
	if _, ok := r.Lookup("no-such-type"); ok {
		t.Error("Lookup(no-such-type) found something")
	}
	names := r.Names()
	if !slices.IsSorted(names) || !slices.Contains(names, "ec2") || !slices.Contains(names, "instance") {
		t.Errorf("Names() = %v: want sorted, with types and aliases", names)
	}
	if len(r.Types()) < 10 {
		t.Errorf("only %d types", len(r.Types()))
	}
}
