package readonly

import (
	"reflect"
	"strings"
)

// memberIsTrue reports whether input's member is true. input is the engine's JSON-like map keyed
// by model member names, or a typed SDK input (a struct or a pointer to one, whose fields are the
// members' names with the first letter upper-cased: includeValue → IncludeValue). A missing,
// nil or non-boolean member is false, as AWS treats an absent boolean.
func memberIsTrue(input any, member string) bool {
	switch in := input.(type) {
	case nil:
		return false
	case map[string]any:
		return isTrue(in[member])
	}
	v := reflect.ValueOf(input)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	f := v.FieldByNameFunc(func(name string) bool { return strings.EqualFold(name, member) })
	if !f.IsValid() {
		return false
	}
	for f.Kind() == reflect.Pointer || f.Kind() == reflect.Interface {
		if f.IsNil() {
			return false
		}
		f = f.Elem()
	}
	return f.Kind() == reflect.Bool && f.Bool()
}

// isTrue accepts what the engine's input may hold for a boolean: a bool, or the string "true"
// (form fields and --cli-input strings are normalized later, but the check must not miss them).
func isTrue(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case *bool:
		return b != nil && *b
	case string:
		return strings.EqualFold(strings.TrimSpace(b), "true")
	}
	return false
}
