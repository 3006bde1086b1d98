package resource

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// Formats are the column formats Cells knows.
var formats = []string{"", "ago", "time", "bytes", "mib", "gib", "seconds", "state", "count", "bool"}

// browsers are the dedicated pages a type can open in.
var browsers = []string{"", "s3"}

// Validate checks the registry's definitions against the service models of lib: operations and
// waiters exist under their model names, input templates name members of the operation's input
// and give its required ones, placeholders suit where they are used ({ids} only where several
// rows are, no row placeholders in a list input), defaults name children, action keys do not
// clash with the table's (reserved reports the keys a table page answers; the UI derives it
// from its key map, which this package must not import), and formats, confirmation levels and
// results are known. Each problem names its file, type and field.
func Validate(r *Registry, lib *model.Library, reserved func(key string) bool) []error {
	var errs []error
	parents := map[string][]struct {
		parent *Def
		child  Child
	}{}
	for _, d := range r.types {
		for _, c := range d.Children {
			parents[c.Type] = append(parents[c.Type], struct {
				parent *Def
				child  Child
			}{d, c})
		}
	}
	for _, d := range r.types {
		v := validator{lib: lib, d: d, reserved: reserved}
		svc, err := lib.Load(d.Service)
		if err != nil {
			v.fail("service", "no model for service %q: %v", d.Service, err)
			errs = append(errs, v.errs...)
			continue
		}
		v.svc = svc
		// The members a row's list input surely holds: the static ones, and for a type reached
		// only from parents, those every parent's bind gives.
		v.listed = keys(d.List.Input)
		if d.TopLevel != nil && !*d.TopLevel {
			for i, p := range parents[d.Type] {
				bound := keys(p.child.Bind)
				if i == 0 {
					v.listed = append(v.listed, bound...)
					continue
				}
				v.listed = slices.DeleteFunc(v.listed, func(k string) bool {
					return !slices.Contains(bound, k) && d.List.Input[k] == nil
				})
			}
		}
		v.check(r)
		// A type reached from parents gets its list input's required members from their binds.
		if d.TopLevel != nil && !*d.TopLevel {
			if len(parents[d.Type]) == 0 {
				v.fail("topLevel", "false, but no type lists it as a child: it cannot be reached")
			}
			for _, p := range parents[d.Type] {
				v.required(fmt.Sprintf("list.input (with %s's bind of %q)", p.parent.Type, p.child.Name), d.List.Operation,
					keys(d.List.Input, p.child.Bind), nil)
			}
		} else {
			v.required("list.input", d.List.Operation, keys(d.List.Input), nil)
		}
		errs = append(errs, v.errs...)
	}
	return errs
}

type validator struct {
	lib      *model.Library
	reserved func(key string) bool
	listed   []string // members every row's ListInput holds
	d        *Def
	svc      *model.Service
	errs     []error
}

func (v *validator) fail(field, format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf("%s: %s", v.d.where(field), fmt.Sprintf(format, args...)))
}

func (v *validator) check(r *Registry) {
	d := v.d
	if d.Title == "" {
		v.fail("title", "missing")
	}
	if len(d.Columns) == 0 {
		v.fail("columns", "none: a collection needs at least one")
	}
	if !slices.Contains(browsers, d.Browser) {
		v.fail("browser", "unknown page %q (known: %s)", d.Browser, strings.Join(browsers[1:], ", "))
	}
	v.operation("list.operation", d.List.Operation)
	v.readsOnly("list.operation", d.List.Operation, d.List.Input)
	if d.Load != nil {
		v.operation("load.operation", d.Load.Operation)
		v.readsOnly("load.operation", d.Load.Operation, d.Load.Input)
		v.required("load.input", d.Load.Operation, keys(d.Load.Input), nil)
	}
	if a := d.Attributes; a != nil {
		if a.Max < 0 {
			v.fail("attributes.max", "%d: give the most columns, or 0 for 12", a.Max)
		}
		if k := a.Keys; k != nil {
			v.operation("attributes.keys.operation", k.Operation)
			v.readsOnly("attributes.keys.operation", k.Operation, k.Input)
			v.required("attributes.keys.input", k.Operation, keys(k.Input), nil)
			if k.Path == "" {
				v.fail("attributes.keys.path", "missing: a JMESPath to the key attribute names")
			}
		}
	}
	for i, c := range d.Columns {
		if !slices.Contains(formats, c.Format) {
			v.fail(fmt.Sprintf("columns[%d] (%s).format", i, c.Title), "unknown format %q (known: %s)", c.Format, strings.Join(formats[1:], ", "))
		}
		if c.Title == "" {
			v.fail(fmt.Sprintf("columns[%d].title", i), "missing")
		}
		if c.Priority < 0 || c.Priority > PriorityLast {
			v.fail(fmt.Sprintf("columns[%d] (%s).priority", i, c.Title), "%d is not 1 (hidden last) to %d (hidden first)", c.Priority, PriorityLast)
		}
		if c.Whole && c.Format != "" && c.Format != "state" {
			v.fail(fmt.Sprintf("columns[%d] (%s).whole", i, c.Title), "an %q column is formatted, not an identifier to keep whole", c.Format)
		}
	}
	seenKeys := map[string]string{}
	seenNames := map[string]bool{}
	for i, a := range d.Actions {
		field := fmt.Sprintf("actions[%d] (%s)", i, a.Name)
		if a.Name == "" {
			v.fail(field+".name", "missing")
		}
		if seenNames[a.Name] {
			v.fail(field+".name", "another action has this name")
		}
		seenNames[a.Name] = true
		if a.Key != "" {
			if v.reserved != nil && v.reserved(a.Key) {
				v.fail(field+".key", "%q is a key of the table: choose another", a.Key)
			}
			if other, dup := seenKeys[a.Key]; dup {
				v.fail(field+".key", "%q is also the key of %s", a.Key, other)
			}
			seenKeys[a.Key] = a.Name
		}
		v.operation(field+".operation", a.Operation)
		v.required(field+".input", a.Operation, keys(a.Input), a.Prompt)
		if op, ok := v.svc.Operations[a.Operation]; ok {
			in, _ := v.svc.InputShape(op.Name)
			for _, p := range a.Prompt {
				if in == nil || in.Members[p] == nil {
					v.fail(field+".prompt", "%s %s has no input member %q", d.Service, a.Operation, p)
				}
			}
		}
		switch a.Confirm {
		case "", ConfirmNone, ConfirmSimple, ConfirmTyped:
		default:
			v.fail(field+".confirm", "unknown level %q (none, simple or typed)", a.Confirm)
		}
		switch a.Result {
		case "", "document", "secret":
		default:
			v.fail(field+".result", "unknown result %q (document or secret)", a.Result)
		}
		if readonly.Classify(d.Service, a.Operation, a.Input).Class == readonly.RevealsSecret {
			// A reveal is explicit and confirmed, and its answer is shown, not toasted.
			if a.Result != "secret" {
				v.fail(field+".result", "%s %s reveals a secret: set result: secret", d.Service, a.Operation)
			}
			if a.Confirm == ConfirmNone {
				v.fail(field+".confirm", "%s %s reveals a secret: it needs a confirmation", d.Service, a.Operation)
			}
		}
		if a.Waiter != "" {
			if w := v.waiter(field+".waiter", a.Waiter); w != nil {
				tmpl := a.WaiterInput
				if tmpl == nil {
					for _, ref := range d.Waiters {
						if ref.Waiter == a.Waiter {
							tmpl = ref.Input
						}
					}
					if tmpl == nil {
						v.fail(field+".waiterInput", "missing, and waiters lists no %s to take the input from", a.Waiter)
					}
				}
				if tmpl != nil {
					v.required(field+".waiterInput", w.Operation, keys(tmpl), nil)
				}
			}
		} else if a.WaiterInput != nil {
			v.fail(field+".waiterInput", "set without a waiter")
		}
	}
	for i, w := range d.Waiters {
		field := fmt.Sprintf("waiters[%d] (%s)", i, w.Waiter)
		if wd := v.waiter(field+".waiter", w.Waiter); wd != nil {
			v.required(field+".input", wd.Operation, keys(w.Input), nil)
		}
	}
	childNames := map[string]bool{}
	for i, c := range d.Children {
		field := fmt.Sprintf("children[%d] (%s)", i, c.Name)
		if c.Name == "" {
			v.fail(field+".name", "missing")
		}
		if childNames[c.Name] {
			v.fail(field+".name", "another child has this name")
		}
		childNames[c.Name] = true
		child, ok := r.Lookup(c.Type)
		if !ok {
			v.fail(field+".type", "unknown type %q", c.Type)
			continue
		}
		if child.Type != c.Type {
			v.fail(field+".type", "%q is an alias: name the type %q", c.Type, child.Type)
		}
		// The bind's members go to the child's list operation, maybe of another service.
		if csvc, err := v.lib.Load(child.Service); err == nil {
			if o, ok := csvc.Operations[child.List.Operation]; ok {
				in, _ := csvc.InputShape(o.Name)
				for _, k := range keys(c.Bind) {
					if in != nil && in.Members[k] == nil {
						v.fail(field+".bind", "%s %s has no input member %q", child.Service, o.Name, k)
					}
				}
				// A bind may set a member that changes the class (WithDecryption): the child's
				// listing runs on its own, so it must stay a read.
				bound := map[string]any{}
				for k, val := range child.List.Input {
					bound[k] = val
				}
				for k, val := range c.Bind {
					bound[k] = val
				}
				if d := readonly.Classify(child.Service, o.Name, bound); d.Class != readonly.Read {
					v.fail(field+".bind", "makes %s %s %s (%s): a listing must read", child.Service, o.Name, d.Class, d.Reason)
				}
			}
		}
	}
	if d.Default != "" && !childNames[d.Default] {
		v.fail("default", "%q names no child", d.Default)
	}
	for _, t := range d.templates() {
		v.template(t)
	}
	v.hydrate()
	v.paths()
}

// paths checks that the first member each expression reads exists: List.Items in the list
// operation's output, Load.Path in the load operation's, and the identifier, name, ARN and
// column paths in the item's shape when Items leads to it plainly ("Reservations[].Instances[]").
// A misspelt member would otherwise give an empty table or column without a word.
func (v *validator) paths() {
	d := v.d
	out, ok := v.outputShape(d.List.Operation)
	if !ok {
		return
	}
	if name, ok := leadingMember(d.List.Items); ok && out.Members[name] == nil {
		v.fail("list.items", "%s %s output has no member %q (members: %s)", d.Service, d.List.Operation, name, strings.Join(out.OrderedMembers(), ", "))
	}
	if d.Load != nil && d.Load.Path != "" {
		if lout, ok := v.outputShape(d.Load.Operation); ok {
			if name, ok := leadingMember(d.Load.Path); ok && lout.Members[name] == nil {
				v.fail("load.path", "%s %s output has no member %q (members: %s)", d.Service, d.Load.Operation, name, strings.Join(lout.OrderedMembers(), ", "))
			}
		}
	}
	item := v.itemShape(out, d.List.Items)
	if h := d.List.Hydrate; h != nil {
		// Rows are hydrated items, or listed ones the describe lacked: a path may read either.
		var hydrated *model.Shape
		if hout, ok := v.outputShape(h.Operation); ok {
			hydrated = v.itemShape(hout, h.Items)
		}
		if hydrated == nil || hydrated.Type != "structure" {
			return
		}
		v.checkHydratedPaths(item, hydrated)
		return
	}
	if item == nil {
		return
	}
	check := func(field, path string) {
		name, ok := leadingMember(path)
		if !ok {
			return
		}
		if item.Type != "structure" {
			v.fail(field, "%q reads member %q, but each item is a %s: use @", path, name, item.Type)
			return
		}
		if item.Members[name] == nil {
			v.fail(field, "the items (%s) have no member %q (members: %s)", d.List.Items, name, strings.Join(item.OrderedMembers(), ", "))
		}
	}
	check("identifier", d.Identifier)
	check("name", d.Name)
	check("arn", d.ARN)
	for i, c := range d.Columns {
		check(fmt.Sprintf("columns[%d] (%s).path", i, c.Title), c.Path)
	}
}

// checkHydratedPaths checks the paths of a hydrated type: each must start with a member of the
// hydrated item, or of the listed item when that is a structure too.
func (v *validator) checkHydratedPaths(listed, hydrated *model.Shape) {
	d := v.d
	check := func(field, path string) {
		name, ok := leadingMember(path)
		if !ok || hydrated.Members[name] != nil {
			return
		}
		if listed != nil && listed.Type == "structure" && listed.Members[name] != nil {
			return
		}
		v.fail(field, "neither the hydrated items (%s %s) nor the listed ones have a member %q (members: %s)",
			d.List.Hydrate.Operation, d.List.Hydrate.Items, name, strings.Join(hydrated.OrderedMembers(), ", "))
	}
	check("identifier", d.Identifier)
	check("name", d.Name)
	check("arn", d.ARN)
	check("list.hydrate.match", d.List.Hydrate.Match)
	for i, c := range d.Columns {
		check(fmt.Sprintf("columns[%d] (%s).path", i, c.Title), c.Path)
	}
}

func (v *validator) outputShape(op string) (*model.Shape, bool) {
	o, ok := v.svc.Operations[op]
	if !ok {
		return nil, false
	}
	out, err := v.svc.OutputShape(o.Name)
	if err != nil || out == nil || out.Type != "structure" {
		return nil, false
	}
	return out, true
}

// itemShape follows a plain items path ("Buckets", "Reservations[].Instances[]",
// "DistributionList.Items", "Table") from the output shape to the shape of one item; nil when the
// path is anything else.
func (v *validator) itemShape(out *model.Shape, items string) *model.Shape {
	sh := out
	for _, seg := range strings.Split(items, ".") {
		seg = strings.TrimSuffix(strings.TrimSuffix(seg, "[]"), "[*]")
		if sh != nil && sh.Type == "list" && sh.Member != nil {
			sh = v.svc.Shape(sh.Member.Shape)
		}
		if !isIdentifier(seg) || sh == nil || sh.Type != "structure" || sh.Members[seg] == nil {
			return nil
		}
		sh = v.svc.Shape(sh.Members[seg].Shape)
	}
	if sh != nil && sh.Type == "list" && sh.Member != nil {
		return v.svc.Shape(sh.Member.Shape)
	}
	// A projection's elements ("KeyPairs[].KeyName"), or one object that counts as one item.
	return sh
}

// leadingMember returns the member an expression starts by reading: "State" of "State.Name",
// "Tags" of "Tags[?Key=='Name'].Value | [0]"; false for "@", literals and function calls.
func leadingMember(expr string) (string, bool) {
	expr = strings.TrimSpace(expr)
	end := 0
	for end < len(expr) {
		c := expr[end]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || end > 0 && c >= '0' && c <= '9' {
			end++
			continue
		}
		break
	}
	if end == 0 {
		return "", false
	}
	rest := strings.TrimSpace(expr[end:])
	if rest != "" && !strings.ContainsRune(".[|", rune(rest[0])) {
		return "", false // a function call, a comparison, an or-expression…
	}
	return expr[:end], true
}

func isIdentifier(s string) bool {
	name, ok := leadingMember(s)
	return ok && name == s
}

// operation checks that op is an operation of the service under its model name.
func (v *validator) operation(field, op string) {
	if op == "" {
		v.fail(field, "missing")
		return
	}
	if _, ok := v.svc.Operations[op]; ok {
		return
	}
	if name, ok := v.svc.OperationName(op); ok {
		v.fail(field, "%q: write the model name %q", op, name)
		return
	}
	v.fail(field, "%s has no operation %q", v.d.Service, op)
}

// waiter returns the waiter named name, or reports that the service has none.
func (v *validator) waiter(field, name string) *model.Waiter {
	if w, ok := v.svc.Waiters[name]; ok {
		return w
	}
	v.fail(field, "%s has no waiter %q (it has: %s)", v.d.Service, name, strings.Join(v.svc.WaiterNames(), ", "))
	return nil
}

// required checks that the template's top-level members exist in op's input and that the
// template (with the members prompted for) gives every required one.
func (v *validator) required(field, op string, given []string, prompted []string) {
	o, ok := v.svc.Operations[op]
	if !ok {
		return
	}
	in, err := v.svc.InputShape(o.Name)
	if err != nil || in == nil {
		return
	}
	for _, k := range given {
		if in.Members[k] == nil {
			v.fail(field, "%s %s has no input member %q (members: %s)", v.d.Service, op, k, strings.Join(in.OrderedMembers(), ", "))
		}
	}
	for _, req := range in.Required {
		if !slices.Contains(given, req) && !slices.Contains(prompted, req) {
			v.fail(field, "%s %s requires %q", v.d.Service, op, req)
		}
	}
}

// template checks a template's placeholders for where it is used.
func (v *validator) template(t template) {
	var listIn *model.Shape
	if o, ok := v.svc.Operations[v.d.List.Operation]; ok {
		listIn, _ = v.svc.InputShape(o.Name)
	}
	err := walkStrings(t.value, func(s string) error {
		segs, err := parseTemplate(s)
		if err != nil {
			return err
		}
		for _, seg := range segs {
			switch {
			case seg.kind == "":
			case seg.kind == "output":
				if !t.output {
					return fmt.Errorf("{output:%s}: only an action's waiterInput has an output to read", seg.text)
				}
			case t.rows == 0:
				return fmt.Errorf("{%s}: a list input has no row to take it from", seg.kind)
			case t.field == "attributes.keys.input" && seg.kind != "input":
				return fmt.Errorf("{%s}: the key attributes are found before any row: use {input.X}", seg.kind)
			case t.rows < 0 && seg.kind != "ids" && seg.kind != "input" && seg.kind != "each":
				return fmt.Errorf("{%s} stands for one row, but %s takes several rows: use {ids} or {each:EXPR}", seg.kind, severalRows(t))
			case seg.kind == "input":
				top, _, _ := strings.Cut(seg.text, ".")
				if listIn != nil && listIn.Members[top] == nil {
					return fmt.Errorf("{input.%s}: %s %s has no input member %q", seg.text, v.d.Service, v.d.List.Operation, top)
				}
				if !slices.Contains(v.listed, top) {
					return fmt.Errorf("{input.%s}: rows may be listed without %s: put it in list.input, or make the type topLevel: false with every parent binding it", seg.text, top)
				}
			}
		}
		return nil
	})
	if err != nil {
		v.fail(t.field, "%v", err)
	}
}

// severalRows names what binds a template on several rows, for messages.
func severalRows(t template) string {
	if strings.HasPrefix(t.field, "list.hydrate") {
		return "a hydrate with batch above 1"
	}
	return "a multi action"
}

// readsOnly fails unless op, called with input (a template), is a read: listing, loading and
// hydrating run on their own (on open, on refresh, in the background), so they may neither change
// state nor fetch a secret, which only a confirmed action with result: secret may do.
func (v *validator) readsOnly(field, op string, input map[string]any) {
	if op == "" {
		return
	}
	switch d := readonly.Classify(v.d.Service, op, input); d.Class {
	case readonly.Mutate:
		v.fail(field, "%s changes state (%s): use a read (Describe*, Get*, List*)", op, d.Reason)
	case readonly.RevealsSecret:
		v.fail(field, "%s reveals a secret (%s): it runs on its own here; reveal it with an action (result: secret)", op, d.Reason)
	}
}

// hydrate checks List.Hydrate: a read operation of the service, its input, a batch size, and a
// match to pair hydrated items with listed ones when a call takes several.
func (v *validator) hydrate() {
	h := v.d.List.Hydrate
	if h == nil {
		return
	}
	v.operation("list.hydrate.operation", h.Operation)
	v.readsOnly("list.hydrate.operation", h.Operation, h.Input)
	v.required("list.hydrate.input", h.Operation, keys(h.Input), nil)
	if h.Batch < 1 {
		v.fail("list.hydrate.batch", "%d: give the most ids one call takes (1: one call per item)", h.Batch)
	}
	if h.Batch != 1 && h.Match == "" {
		v.fail("list.hydrate.match", "missing: with batch %d the hydrated items must be paired with the listed ones by id", h.Batch)
	}
	if h.Batch != 1 && strings.Contains(h.Items, "$item") {
		v.fail("list.hydrate.items", "$item is the listed item only with batch 1")
	}
	// The input must carry the page's items: {ids} in a batch, a row placeholder with batch 1.
	var ids bool
	_ = walkStrings(h.Input, func(s string) error {
		segs, _ := parseTemplate(s)
		for _, seg := range segs {
			if seg.kind != "" && seg.kind != "input" {
				ids = true
			}
		}
		return nil
	})
	if !ids {
		v.fail("list.hydrate.input", "names no item: use {ids} (or {id} with batch 1)")
	}
	if out, ok := v.outputShape(h.Operation); ok {
		if name, ok := leadingMember(h.Items); ok && out.Members[name] == nil {
			v.fail("list.hydrate.items", "%s %s output has no member %q (members: %s)", v.d.Service, h.Operation, name, strings.Join(out.OrderedMembers(), ", "))
		}
	}
}

// keys returns the top-level member names of templates.
func keys(ts ...map[string]any) []string {
	var ks []string
	for _, t := range ts {
		for k := range t {
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
	}
	slices.Sort(ks)
	return ks
}
