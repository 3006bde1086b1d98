package main

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// droppedKeys are botocore keys the compact form leaves out on purpose: SDK-internal hints,
// examples, and duplicates of what the referenced shape already says.
var droppedKeys = map[string]bool{
	"box":              true, // boxed primitives: a Java SDK detail
	"synthetic":        true, // shapes botocore made up for itself
	"examples":         true,
	"version":          true, // of the file format
	"deprecatedSince":  true,
	"ripServiceName":   true,
	"exception":        true, // on an error reference: the shape says it
	"error":            true, // on an error reference: the shape says it
	"enum":             true, // on a member reference (2 in all botocore): the shape's enum counts
	"documentationUrl": true,
}

// unknownKeys walks a botocore JSON tree alongside the Go type it is decoded into and counts
// the keys that type does not keep and droppedKeys does not list, by path (e.g.
// "shapes.*.members.*.newTrait"). A refresh that finds any should decide to keep or drop them.
func unknownKeys(node any, t reflect.Type, path string, out map[string]int) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	obj, isObj := node.(*object)
	arr, isArr := node.([]any)
	switch {
	case t.Kind() == reflect.Struct && isObj:
		fields := jsonFields(t)
		for _, k := range obj.keys {
			ft, ok := fields[k]
			if !ok {
				if !droppedKeys[k] {
					out[joinPath(path, k)]++
				}
				continue
			}
			unknownKeys(obj.vals[k], ft, joinPath(path, k), out)
		}
	case t.Kind() == reflect.Map && isObj:
		for _, k := range obj.keys {
			unknownKeys(obj.vals[k], t.Elem(), joinPath(path, "*"), out)
		}
	case t.Kind() == reflect.Slice && isArr:
		for _, v := range arr {
			unknownKeys(v, t.Elem(), path+"[]", out)
		}
	}
}

// jsonFields maps the JSON names of a struct's fields, embedded ones included (shallower wins,
// as in encoding/json), to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	var embedded []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			embedded = append(embedded, f)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		ft := f.Type
		if ft == reflect.TypeFor[*orderedRefs]() {
			ft = reflect.TypeFor[map[string]*model.ShapeRef]()
		}
		fields[name] = ft
	}
	for _, f := range embedded {
		for name, ft := range jsonFields(f.Type) {
			if _, ok := fields[name]; !ok {
				fields[name] = ft
			}
		}
	}
	return fields
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// formatUnknown lists unknown keys as "path (n×)" lines, sorted.
func formatUnknown(service string, counts map[string]int) []string {
	var out []string
	for path, n := range counts {
		out = append(out, fmt.Sprintf("%s: botocore key %s is not kept (%d×)", service, path, n))
	}
	sort.Strings(out)
	return out
}
