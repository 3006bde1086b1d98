package resource

import (
	"context"
	"errors"
	"fmt"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/paginate"
)

// Lister fetches a collection page by page. Next must not be called concurrently; cancel its
// context to abort a request in flight.
type Lister struct {
	def    *Def
	caller Caller
	input  map[string]any
	pages  *paginate.Paginator // nil when the operation has no paginator
	done   bool
	// pending is a listed page whose hydration the context interrupted, returned by the next Next.
	pending    *listedPage
	hydrateErr error
}

// NewLister prepares the listing of d's collection with input (see ListInput and Child.Input).
// It is paginated when svc has a paginator for the list operation, pageSize items at a time when
// the paginator has a limit key and pageSize > 0; otherwise the operation is called once.
func (d *Def) NewLister(caller Caller, svc *model.Service, input map[string]any, pageSize int) *Lister {
	l := &Lister{def: d, caller: caller, input: input}
	if svc != nil {
		if pg, ok := svc.Paginator(d.List.Operation); ok {
			opts := paginate.Options{Service: svc}
			if pg.LimitKey != "" && pageSize > 0 {
				opts.PageSize = pageSize
			}
			l.pages = paginate.New(caller, d.List.Operation, pg, input, opts)
		}
	}
	return l
}

// Next fetches the next page and returns its items (List.Items over the page) and whether more
// pages follow. With List.Hydrate, the page's items are then replaced by their descriptions
// before Next returns (see HydrateErr). After the last page it returns no items, false and no
// error. After an error, calling Next again retries the same page (a page listed but not
// hydrated when the context ended is hydrated again, not listed again).
func (l *Lister) Next(ctx context.Context) (items []any, more bool, err error) {
	l.hydrateErr = nil
	if l.pending != nil {
		items, more = l.pending.items, l.pending.more
	} else {
		if l.done {
			return nil, false, nil
		}
		items, more, err = l.list(ctx)
		if err != nil || items == nil && !more {
			return items, more, err
		}
	}
	if l.def.List.Hydrate != nil && len(items) > 0 {
		hydrated, failed, err := l.def.hydrate(ctx, l.caller, l.input, items)
		if err != nil {
			l.pending = &listedPage{items: items, more: more}
			return nil, true, err
		}
		items, l.hydrateErr = hydrated, failed
	}
	l.pending = nil
	if !more {
		l.done = true
	}
	return items, more, nil
}

// listedPage is a page listed but not yet hydrated.
type listedPage struct {
	items []any
	more  bool
}

// HydrateErr returns why some items of the page the last Next returned were left as listed (a
// hydrate call failed: no permission to describe, throttling); nil when every call succeeded.
// The page is usable all the same; show the error as a warning.
func (l *Lister) HydrateErr() error { return l.hydrateErr }

// list fetches the next listed page.
func (l *Lister) list(ctx context.Context) (items []any, more bool, err error) {
	var raw map[string]any
	if l.pages != nil {
		page, err := l.pages.Next(ctx)
		if errors.Is(err, paginate.ErrNoMorePages) {
			l.done = true
			return nil, false, nil
		}
		if err != nil {
			return nil, l.pages.HasMore(), fmt.Errorf("listing %s: %w", l.def.Title, err)
		}
		raw = page.Raw
		more = l.pages.HasMore()
	} else {
		raw, err = l.caller.Call(ctx, l.def.List.Operation, l.input)
		if err != nil {
			return nil, true, fmt.Errorf("listing %s: %w", l.def.Title, err)
		}
	}
	if !more {
		l.done = true
	}
	items, err = l.def.Items(raw)
	if err != nil {
		return nil, more, fmt.Errorf("listing %s: %w", l.def.Title, err)
	}
	return items, more, nil
}

// Input returns the input the collection is listed with (each Row's ListInput).
func (l *Lister) Input() map[string]any { return l.input }

// Items returns the items of one response of the list operation (List.Items over it). A single
// object counts as one item.
func (d *Def) Items(page map[string]any) ([]any, error) {
	v, err := d.program().items.search(page)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return x, nil
	}
	return []any{v}, nil
}
