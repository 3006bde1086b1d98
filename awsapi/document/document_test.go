package document

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestSearchableConvertsNumbersAndCopiesOnlyWhatChanges(t *testing.T) {
	plain := map[string]any{"a": "x", "b": []any{1.5, true}}
	if got := Searchable(plain); reflect.ValueOf(got).Pointer() != reflect.ValueOf(plain).Pointer() {
		t.Error("a document with nothing to convert should be returned as is")
	}
	in := map[string]any{"n": int64(3), "l": []any{json.Number("2"), "s"}, "big": int64(1) << 60}
	want := map[string]any{"n": 3.0, "l": []any{2.0, "s"}, "big": int64(1) << 60}
	if got := Searchable(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v", got)
	}
	if in["n"] != int64(3) {
		t.Error("the input must not be modified")
	}
}

func TestToFloat(t *testing.T) {
	for _, v := range []any{int64(4), 4, float32(4), json.Number("4"), uint8(4)} {
		if f, ok := ToFloat(v); !ok || f != 4 {
			t.Errorf("ToFloat(%T) = %v, %v", v, f, ok)
		}
	}
	if _, ok := ToFloat("4"); ok {
		t.Error("a string is not a number")
	}
}

func TestDecodeJSONRecordsOrderAndReadsNumbersAsPython(t *testing.T) {
	o := NewOrder()
	v, err := DecodeJSON([]byte(`{"z": 1, "a": {"y": 1.5, "b": 1e2}, "m": [{"q": 9007199254740993, "p": 99999999999999999999}], "z": 2}`), o)
	if err != nil {
		t.Fatal(err)
	}
	top := v.(map[string]any)
	if got := o.Keys(top); !reflect.DeepEqual(got, []string{"z", "a", "m"}) {
		t.Errorf("top keys %v, want the order sent (a repeated key keeps its first place)", got)
	}
	if top["z"] != int64(2) {
		t.Errorf("z = %#v, want the last value, as Python's dict", top["z"])
	}
	inner := top["a"].(map[string]any)
	if got := o.Keys(inner); !reflect.DeepEqual(got, []string{"y", "b"}) {
		t.Errorf("inner keys %v", got)
	}
	if inner["y"] != 1.5 || inner["b"] != 100.0 {
		t.Errorf("floats: %#v", inner)
	}
	item := top["m"].([]any)[0].(map[string]any)
	if item["q"] != int64(9007199254740993) || item["p"] != json.Number("99999999999999999999") {
		t.Errorf("integers are not exact: %#v", item)
	}
	if got := o.Keys(map[string]any{"z": 1}); got != nil {
		t.Errorf("an unrecorded map has keys %v", got)
	}
	top["new"] = true
	if got := o.Keys(top); got != nil {
		t.Errorf("a map changed since it was recorded still has keys %v", got)
	}
	var nilOrder *Order
	nilOrder.Record(top, []string{"x"}) // records nothing, does not panic
	if _, err := DecodeJSON([]byte(`{"a": 1} x`), nil); err == nil {
		t.Error("trailing data was accepted")
	}
}
