package main

import (
	"reflect"
	"slices"
	"testing"
)

func TestUnknownKeysFindsNewTraits(t *testing.T) {
	tree, err := parseTree([]byte(`{
		"metadata": {"protocol": "json", "shinyNewSetting": true},
		"operations": {"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "futureTrait": 1}},
		"shapes": {
			"A": {"type": "structure", "box": true, "newTrait": 1,
			      "members": {"m": {"shape": "B", "zz": 2, "box": true}}},
			"L": {"type": "list", "member": {"shape": "B", "odd": 1}}
		}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	unknownKeys(tree, reflect.TypeFor[rawService](), "", counts)
	var got []string
	for k := range counts {
		got = append(got, k)
	}
	slices.Sort(got)
	want := []string{
		"metadata.shinyNewSetting",
		"operations.*.futureTrait",
		"shapes.*.member.odd",
		"shapes.*.members.*.zz",
		"shapes.*.newTrait",
	}
	if !slices.Equal(got, want) {
		t.Errorf("unknown keys = %v, want %v", got, want)
	}
}
