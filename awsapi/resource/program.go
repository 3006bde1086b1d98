package resource

import (
	"errors"
	"fmt"
	"sync"
)

// program is a Def's compiled form: every JMESPath compiled once.
type program struct {
	id, name, arn, items, loadPath *expr
	columns                        []*expr
	// itemExprs are the {item:EXPR}, {each:EXPR} and {output:EXPR} placeholders of the Def's
	// templates, by source.
	itemExprs map[string]*expr
	// hydrateItems and hydrateMatch are List.Hydrate's expressions.
	hydrateItems, hydrateMatch *expr
	// attrKeys is Attributes.Keys.Path.
	attrKeys *expr
	// children maps a child's type to its Def (set when the Def belongs to a Registry).
	children map[string]*Def
	// extra caches {item:EXPR} expressions met at bind time that the templates did not hold.
	mu    sync.Mutex
	extra map[string]*expr
}

// Compile compiles the Def's expressions, for a Def built in Go rather than parsed by a Registry
// (which compiles its Defs itself). Children are only resolved by a Registry.
func (d *Def) Compile() error {
	p, err := d.compile()
	if err != nil {
		return err
	}
	d.prog = p
	return nil
}

// program returns the compiled form, compiling a Def that was never compiled (without keeping
// the result, since a Def may be shared between goroutines).
func (d *Def) program() *program {
	if d.prog != nil {
		return d.prog
	}
	p, _ := d.compile()
	return p
}

func (d *Def) where(field string) string {
	if d.file != "" {
		return fmt.Sprintf("%s: type %s: %s", d.file, d.Type, field)
	}
	return fmt.Sprintf("type %s: %s", d.Type, field)
}

func (d *Def) compile() (*program, error) {
	p := &program{itemExprs: map[string]*expr{}}
	var errs []error
	comp := func(field, src string, required bool) *expr {
		if src == "" {
			if required {
				errs = append(errs, fmt.Errorf("%s: missing", d.where(field)))
			}
			return nil
		}
		e, err := compileExpr(src)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", d.where(field), err))
		}
		return e
	}
	p.id = comp("identifier", d.Identifier, true)
	p.name = comp("name", d.Name, false)
	p.arn = comp("arn", d.ARN, false)
	p.items = comp("list.items", d.List.Items, true)
	if d.Load != nil {
		p.loadPath = comp("load.path", d.Load.Path, false)
	}
	if h := d.List.Hydrate; h != nil {
		p.hydrateItems = comp("list.hydrate.items", h.Items, true)
		p.hydrateMatch = comp("list.hydrate.match", h.Match, false) // required by Validate when Batch > 1
	}
	if a := d.Attributes; a != nil && a.Keys != nil {
		p.attrKeys = comp("attributes.keys.path", a.Keys.Path, false)
	}
	p.columns = make([]*expr, len(d.Columns))
	for i, c := range d.Columns {
		p.columns[i] = comp(fmt.Sprintf("columns[%d] (%s).path", i, c.Title), c.Path, true)
	}
	for _, t := range d.templates() {
		if err := p.collectItemExprs(t.value); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", d.where(t.field), err))
		}
	}
	return p, errors.Join(errs...)
}

// template is one input template of a Def, with the field it sits in and the operation it feeds.
type template struct {
	field     string
	operation string // "" for a waiter's input (see waiter) or a child's bind (see child)
	waiter    string
	child     string
	value     map[string]any
	// rows says how many rows the template is bound on: 0 (none: the list input), 1, or -1
	// (a Multi action: every selected row).
	rows int
	// output is true for an action's waiter input, which may read the action's output.
	output bool
}

// templates lists every input template of the Def.
func (d *Def) templates() []template {
	ts := []template{{field: "list.input", operation: d.List.Operation, value: d.List.Input}}
	if h := d.List.Hydrate; h != nil {
		rows := -1
		if h.Batch == 1 {
			rows = 1
		}
		ts = append(ts, template{field: "list.hydrate.input", operation: h.Operation, value: h.Input, rows: rows})
	}
	if d.Load != nil {
		ts = append(ts, template{field: "load.input", operation: d.Load.Operation, value: d.Load.Input, rows: 1})
	}
	for i, a := range d.Actions {
		rows := 1
		if a.Multi {
			rows = -1
		}
		ts = append(ts, template{field: fmt.Sprintf("actions[%d] (%s).input", i, a.Name), operation: a.Operation, value: a.Input, rows: rows})
		if a.Waiter != "" && a.WaiterInput != nil {
			ts = append(ts, template{field: fmt.Sprintf("actions[%d] (%s).waiterInput", i, a.Name), waiter: a.Waiter, value: a.WaiterInput, rows: 1, output: true})
		}
	}
	if a := d.Attributes; a != nil && a.Keys != nil {
		// Bound on no row: only the list input ({input.X}) is there.
		ts = append(ts, template{field: "attributes.keys.input", operation: a.Keys.Operation, value: a.Keys.Input, rows: -1})
	}
	for i, c := range d.Children {
		ts = append(ts, template{field: fmt.Sprintf("children[%d] (%s).bind", i, c.Name), child: c.Type, value: c.Bind, rows: 1})
	}
	for i, w := range d.Waiters {
		ts = append(ts, template{field: fmt.Sprintf("waiters[%d] (%s).input", i, w.Waiter), waiter: w.Waiter, value: w.Input, rows: 1})
	}
	return ts
}

// collectItemExprs compiles the {item:EXPR} placeholders of a template.
func (p *program) collectItemExprs(v any) error {
	return walkStrings(v, func(s string) error {
		segs, err := parseTemplate(s)
		if err != nil {
			return err
		}
		for _, seg := range segs {
			if !isExprKind(seg.kind) || p.itemExprs[seg.text] != nil {
				continue
			}
			e, err := compileExpr(seg.text)
			if err != nil {
				return err
			}
			p.itemExprs[seg.text] = e
		}
		return nil
	})
}

// isExprKind reports whether a placeholder's argument is a JMESPath expression.
func isExprKind(kind string) bool { return kind == "item" || kind == "each" || kind == "output" }

// itemExpr returns the compiled expression of an {item:EXPR}, {each:EXPR} or {output:EXPR}.
func (p *program) itemExpr(src string) (*expr, error) {
	if e := p.itemExprs[src]; e != nil {
		return e, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if e := p.extra[src]; e != nil {
		return e, nil
	}
	e, err := compileExpr(src)
	if err != nil {
		return nil, err
	}
	if p.extra == nil {
		p.extra = map[string]*expr{}
	}
	p.extra[src] = e
	return e, nil
}

// walkStrings calls f on every string inside a template, with the member path in errors.
func walkStrings(v any, f func(string) error) error {
	switch x := v.(type) {
	case string:
		return f(x)
	case map[string]any:
		for k, e := range x {
			if err := walkStrings(e, f); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
	case []any:
		for i, e := range x {
			if err := walkStrings(e, f); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
	}
	return nil
}

// ID returns the item's identifier (Identifier evaluated on it), or "" when it has none.
func (d *Def) ID(item any) string {
	v, err := d.program().id.search(item)
	if err != nil {
		return ""
	}
	return text(v)
}

// DisplayName returns the item's display name: Name evaluated on it, else its identifier.
func (d *Def) DisplayName(item any) string {
	if p := d.program(); p.name != nil {
		if v, err := p.name.search(item); err == nil && v != nil {
			if s := text(v); s != "" {
				return s
			}
		}
	}
	return d.ID(item)
}

// ARNOf returns the item's ARN, or "" when the type has none.
func (d *Def) ARNOf(item any) string {
	v, err := d.program().arn.search(item)
	if err != nil {
		return ""
	}
	return text(v)
}
