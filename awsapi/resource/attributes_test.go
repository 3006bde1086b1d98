package resource_test

import (
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestAttributeColumnsPutTheKeyFirstThenTheCommonOnes(t *testing.T) {
	d := &resource.Def{Attributes: &resource.Attributes{Max: 4}}
	items := []any{
		map[string]any{"pk": 1, "sk": 1, "age": 1, "name": 1, "zip": 1},
		map[string]any{"pk": 1, "sk": 1, "age": 1, "name": 1, "email": 1},
		map[string]any{"pk": 1, "sk": 1, "name": 1},
	}
	names, more := d.AttributeColumns([]string{"pk", "sk"}, items)
	if want := []string{"pk", "sk", "name", "age"}; !slices.Equal(names, want) || !more {
		t.Fatalf("columns %v more=%v, want %v and more", names, more, want)
	}
	if got := resource.OtherAttributes(items[1], names); got != "email=1" {
		t.Errorf("other attributes %q", got)
	}
	names, more = (&resource.Def{Attributes: &resource.Attributes{}}).AttributeColumns(nil, items)
	if want := []string{"name", "pk", "sk", "age", "email", "zip"}; !slices.Equal(names, want) || more {
		t.Fatalf("without a key: %v more=%v, want %v", names, more, want)
	}
}

func TestAttributeTextShowsTypedValuesPlainly(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{map[string]any{"S": "ana"}, "ana"},
		{map[string]any{"N": "20.50"}, "20.50"},
		{map[string]any{"BOOL": true}, "true"},
		{map[string]any{"NULL": true}, "null"},
		{map[string]any{"SS": []any{"a", "b"}}, "a, b"},
		{map[string]any{"L": []any{map[string]any{"N": "1"}, map[string]any{"S": "x"}}}, "1, x"},
		{map[string]any{"M": map[string]any{"city": map[string]any{"S": "Oslo"}}}, `{"city":"Oslo"}`},
		{map[string]any{"S": "bell\x07"}, `bell\x07`},
	} {
		if got := resource.AttributeText(c.v); got != c.want {
			t.Errorf("AttributeText(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
