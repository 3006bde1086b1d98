package keymap

import (
	"maps"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// Resources are the keys of the resource types' own actions (S starts an instance, D deletes a
// bucket) and of the pages a row opens (t tails a log group). Each is a binding named
// resource.<type>.<action> ("resource.instance.stop", "resource.db-instance.delete-final-snapshot"),
// remappable in keys.json like any other; an action without a default key gets one that way.
// The defaults are the resource definitions' keys (resources_gen.go, held to the YAML by a
// test) and rowPageDefaults.
type Resources struct {
	// m is by "type.action". Shared by copies of the key map: Apply clones it before it changes
	// a binding, so a key map once loaded is never written.
	m map[string]*key.Binding
}

// ResourceDefault is a resource action's default key: an action of a type's definition or a page
// its rows open.
type ResourceDefault struct {
	Type, Action string // "instance", "stop"
	Key          string // "" : the menu only, until a key file gives it one
}

// rowPageDefaults are the keys of the pages rows open (views register them with
// resources.Pages.AddRowPage under the same type and name; a test in views holds the two lists
// together).
var rowPageDefaults = func() []ResourceDefault {
	var out []ResourceDefault
	add := func(action, k string, types ...string) {
		for _, t := range types {
			out = append(out, ResourceDefault{Type: t, Action: action, Key: k})
		}
	}
	add("tail", "t", "log-group")
	add("insights", "i", "log-group")
	add("tail logs", "t", "lambda-function", "ecs-task", "ecs-service", "ecs-task-definition")
	add("metrics", "M", metricKinds...)
	add("chart", "M", "cloudwatch-metric")
	return out
}()

// metricKinds are the types whose rows chart their metrics on M (awsapi/metrics.Kinds).
var metricKinds = []string{"instance", "lambda-function", "dynamodb-table", "db-instance", "sqs-queue", "ecs-service"}

// ResourceDefaults lists every resource action's default key: the definitions' actions, then
// the row pages.
func ResourceDefaults() []ResourceDefault {
	return append(append([]ResourceDefault(nil), definitionKeys...), rowPageDefaults...)
}

// ActionSlug is how an action's name appears in its binding's name: lower case, each run of
// other characters a hyphen ("delete (final snapshot)" → "delete-final-snapshot").
func ActionSlug(action string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(action) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// ResourceName is the key file's name of a resource action: "resource.instance.stop".
func ResourceName(typ, action string) string {
	return "resource." + typ + "." + ActionSlug(action)
}

func defaultResources() Resources {
	ds := ResourceDefaults()
	r := Resources{m: make(map[string]*key.Binding, len(ds))}
	for _, d := range ds {
		b := key.NewBinding(key.WithHelp(d.Key, d.Action))
		if d.Key != "" {
			b.SetKeys(d.Key)
		}
		r.m[d.Type+"."+ActionSlug(d.Action)] = &b
	}
	return r
}

// Key is the binding of typ's action (its name as the definition or the row page says it); it
// is disabled when the action has no key, or the type is not one the key map knows.
func (r Resources) Key(typ, action string) key.Binding {
	if b, ok := r.m[typ+"."+ActionSlug(action)]; ok {
		return *b
	}
	return key.NewBinding(key.WithDisabled())
}

// clone is r with bindings of its own, for Apply to change.
func (r Resources) clone() Resources {
	m := maps.Clone(r.m)
	for k, b := range m {
		c := *b
		m[k] = &c
	}
	return Resources{m: m}
}

// add puts r's bindings in m under their key file names.
func (r Resources) add(m map[string]*key.Binding) {
	for k, b := range r.m {
		m["resource."+k] = b
	}
}

// typeContexts are the page contexts live beside a type's rows besides global, table and
// actions: the S3 browser's own keys.
var typeContexts = map[string][]string{"bucket": {"buckets"}, "object": {"objects"}}

// resourceScreens are the screens of the resource types: a type's rows answer the global, table
// and action keys and the type's own.
func (r Resources) screens() [][]string {
	types := map[string]bool{}
	for k := range r.m {
		t, _, _ := strings.Cut(k, ".")
		types[t] = true
	}
	names := make([]string, 0, len(types))
	for t := range types {
		names = append(names, t)
	}
	sort.Strings(names)
	out := make([][]string, 0, len(names))
	for _, t := range names {
		out = append(out, append([]string{"global", "table", "actions", "resource." + t}, typeContexts[t]...))
	}
	return out
}
