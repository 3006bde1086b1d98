package resource

import (
	"context"
	"errors"
	"fmt"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// Caller sends one operation of a service; an *invoke.Invoker is one.
type Caller interface {
	Call(ctx context.Context, operation string, input map[string]any) (map[string]any, error)
}

// Row is one resource of a collection: its item as listed, and the input its collection was
// listed with (which {input.X} placeholders read).
type Row struct {
	Item      any
	ListInput map[string]any
}

// ListInput returns the list operation's input: the static List.Input merged with bind (a child's
// bound Bind). Structures merge member by member, lists are concatenated (a bound filter joins
// the static ones), scalars from bind win. The result is a fresh map.
func (d *Def) ListInput(bind map[string]any) map[string]any {
	out, _ := merge(deepCopy(d.List.Input), bind).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	return out
}

func merge(base, over any) any {
	switch o := over.(type) {
	case nil:
		return base
	case map[string]any:
		b, ok := base.(map[string]any)
		if !ok {
			return deepCopy(o)
		}
		for k, v := range o {
			b[k] = merge(b[k], v)
		}
		return b
	case []any:
		if b, ok := base.([]any); ok {
			return append(b, deepCopy(o).([]any)...)
		}
		return deepCopy(o)
	}
	return over
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// Input returns the list input of the child collection below row (a row of parent): the child
// type's List.Input merged with Bind evaluated on the row.
func (c Child) Input(parent *Def, row Row) (map[string]any, error) {
	child := parent.program().children[c.Type]
	if child == nil {
		return nil, fmt.Errorf("%s: child %q: type %q is not known (the Def does not come from a Registry)", parent.Type, c.Name, c.Type)
	}
	bind, err := binding{def: parent, rows: []Row{row}}.bindTemplate(c.Bind)
	if err != nil {
		return nil, fmt.Errorf("binding %s of %s %s: %w", c.Name, parent.Type, parent.ID(row.Item), err)
	}
	return child.ListInput(bind), nil
}

// Inputs returns the inputs to call the action with on the selected rows: one input for every
// row together when Multi ({ids}), else one per row.
func (a Action) Inputs(d *Def, rows []Row) ([]map[string]any, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no row selected", a.Name)
	}
	if a.Multi {
		in, err := binding{def: d, rows: rows}.bindTemplate(a.Input)
		if err != nil {
			return nil, fmt.Errorf("binding %s on %d %s: %w", a.Name, len(rows), d.Title, err)
		}
		return []map[string]any{in}, nil
	}
	ins := make([]map[string]any, len(rows))
	for i, r := range rows {
		in, err := binding{def: d, rows: []Row{r}}.bindTemplate(a.Input)
		if err != nil {
			return nil, fmt.Errorf("binding %s on %s %s: %w", a.Name, d.Type, d.ID(r.Item), err)
		}
		ins[i] = in
	}
	return ins, nil
}

// WaiterInputs returns the input of the action's waiter for each row (one waiter per row, so
// each row shows its own progress); nil when the action has no waiter. Without a WaiterInput, the
// input of the Def's WaiterRef of the same waiter is used. A waiter input that reads the action's
// output ({output:EXPR}) needs WaiterInputsWithOutputs.
func (a Action) WaiterInputs(d *Def, rows []Row) ([]map[string]any, error) {
	return a.WaiterInputsWithOutputs(d, rows, nil)
}

// WaiterInputsWithOutputs is WaiterInputs with the action's outputs, which {output:EXPR}
// placeholders read: one output per row when the action was called per row (outputs[i] is
// rows[i]'s), or the one output of a Multi action, shared by every row. outputs may be nil when
// the waiter input reads no output.
func (a Action) WaiterInputsWithOutputs(d *Def, rows []Row, outputs []map[string]any) ([]map[string]any, error) {
	if a.Waiter == "" {
		return nil, nil
	}
	tmpl := a.WaiterInput
	if tmpl == nil {
		for _, w := range d.Waiters {
			if w.Waiter == a.Waiter {
				tmpl = w.Input
				break
			}
		}
	}
	if tmpl == nil {
		return nil, fmt.Errorf("%s %s: waiter %s has no input: set waiterInput or list it under waiters", d.Type, a.Name, a.Waiter)
	}
	switch {
	case outputs == nil:
	case a.Multi && len(outputs) != 1:
		return nil, fmt.Errorf("%s %s: %d outputs for a multi action, want its one output", d.Type, a.Name, len(outputs))
	case !a.Multi && len(outputs) != len(rows):
		return nil, fmt.Errorf("%s %s: %d outputs for %d rows, want one per row", d.Type, a.Name, len(outputs), len(rows))
	}
	ins := make([]map[string]any, len(rows))
	for i, r := range rows {
		b := binding{def: d, rows: []Row{r}}
		if outputs != nil {
			if a.Multi {
				b.output = outputs[0]
			} else {
				b.output = outputs[i]
			}
			if b.output == nil {
				b.output = map[string]any{} // an empty output still counts as one
			}
		}
		in, err := b.bindTemplate(tmpl)
		if err != nil {
			return nil, fmt.Errorf("binding waiter %s on %s %s: %w", a.Waiter, d.Type, d.ID(r.Item), err)
		}
		ins[i] = in
	}
	return ins, nil
}

// ConfirmLevel is the action's confirmation: Confirm when set, else ConfirmSimple for an
// operation that changes state or reveals a secret and ConfirmNone for a read. The class is the
// one of the action's input, or the worst one when the user fills members in (Prompt).
func (a Action) ConfirmLevel(service string) string {
	if a.Confirm != "" {
		return a.Confirm
	}
	class := readonly.Classify(service, a.Operation, a.Input).Class
	if len(a.Prompt) > 0 {
		class = readonly.Worst(service, a.Operation).Class
	}
	if class != readonly.Read {
		return ConfirmSimple
	}
	return ConfirmNone
}

// InputFor returns the waiter's input for one row of d.
func (w WaiterRef) InputFor(d *Def, row Row) (map[string]any, error) {
	in, err := binding{def: d, rows: []Row{row}}.bindTemplate(w.Input)
	if err != nil {
		return nil, fmt.Errorf("binding waiter %s on %s %s: %w", w.Waiter, d.Type, d.ID(row.Item), err)
	}
	return in, nil
}

// ErrNotFound is returned by Describe when the load operation's answer holds no resource.
var ErrNotFound = errors.New("resource not found")

// Describe loads one resource with Load, or returns the row's item when the type has no Load.
func (d *Def) Describe(ctx context.Context, caller Caller, row Row) (any, error) {
	if d.Load == nil {
		return row.Item, nil
	}
	id := d.ID(row.Item)
	in, err := binding{def: d, rows: []Row{row}}.bindTemplate(d.Load.Input)
	if err != nil {
		return nil, fmt.Errorf("describing %s %s: %w", d.Type, id, err)
	}
	out, err := caller.Call(ctx, d.Load.Operation, in)
	if err != nil {
		return nil, fmt.Errorf("describing %s %s: %w", d.Type, id, err)
	}
	if d.Load.Path == "" {
		return out, nil
	}
	v, err := d.program().loadPath.search(out)
	if err != nil {
		return nil, fmt.Errorf("describing %s %s: %w", d.Type, id, err)
	}
	if v == nil {
		return nil, fmt.Errorf("describing %s %s: %w (%s gave nothing)", d.Type, id, ErrNotFound, d.Load.Path)
	}
	return v, nil
}
