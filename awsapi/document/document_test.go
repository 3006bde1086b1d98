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
