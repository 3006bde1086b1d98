package resource

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/smithy-go"
)

// HydrateConcurrency is how many hydrate calls a Lister has in flight at once: enough to hide
// the round trips of one-call-per-item describes (DynamoDB DescribeTable) on a page of 100, few
// enough to stay clear of the services' throttling.
const HydrateConcurrency = 8

// hydrate returns the page's items with each replaced by its description (List.Hydrate). An
// item the describe does not return stays as listed; so does every item of a call that fails,
// whose error is returned as failed (the first one) while the page still counts as hydrated.
// Only the context's end is an error.
func (d *Def) hydrate(ctx context.Context, caller Caller, input map[string]any, items []any) (out []any, failed error, err error) {
	h := d.List.Hydrate
	batch := h.Batch
	if batch < 1 {
		batch = 1
	}
	out = make([]any, len(items))
	copy(out, items)
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		slots = make(chan struct{}, HydrateConcurrency)
	)
	fail := func(e error) {
		mu.Lock()
		if failed == nil {
			failed = e
		}
		mu.Unlock()
	}
	for start := 0; start < len(items); start += batch {
		end := min(start+batch, len(items))
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return nil, nil, fmt.Errorf("hydrating %s: %w", d.Title, ctx.Err())
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			if e := d.hydrateChunk(ctx, caller, input, items[start:end], out[start:end]); e != nil {
				fail(e)
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, nil, fmt.Errorf("hydrating %s: %w", d.Title, ctx.Err())
	}
	return out, failed, nil
}

// hydrateChunk describes the listed items of one call and writes the hydrated ones into out
// (the same positions of the page).
func (d *Def) hydrateChunk(ctx context.Context, caller Caller, input map[string]any, listed, out []any) error {
	h, p := d.List.Hydrate, d.program()
	rows := make([]Row, len(listed))
	for i, it := range listed {
		rows[i] = Row{Item: it, ListInput: input}
	}
	in, err := binding{def: d, rows: rows}.bindTemplate(h.Input)
	if err != nil {
		return fmt.Errorf("hydrating %s with %s: %w", d.Title, h.Operation, err)
	}
	res, err := caller.Call(ctx, h.Operation, in)
	if err != nil {
		if len(listed) == 1 && isNotFound(err) {
			return nil // gone since it was listed: it stays as listed
		}
		return fmt.Errorf("hydrating %s with %s: %w", d.Title, h.Operation, err)
	}
	if h.Batch == 1 {
		v, err := p.hydrateItems.searchWith(res, "$item", listed[0])
		if err != nil {
			return fmt.Errorf("hydrating %s: %w", d.Title, err)
		}
		if l, ok := v.([]any); ok {
			v = nil
			if len(l) > 0 {
				v = l[0]
			}
		}
		if v != nil {
			out[0] = v
		}
		return nil
	}
	v, err := p.hydrateItems.search(res)
	if err != nil {
		return fmt.Errorf("hydrating %s: %w", d.Title, err)
	}
	hydrated, _ := v.([]any)
	if v != nil && hydrated == nil {
		hydrated = []any{v}
	}
	byID := make(map[string]any, len(hydrated))
	for _, it := range hydrated {
		id, err := p.hydrateMatch.search(it)
		if err != nil {
			return fmt.Errorf("hydrating %s: %w", d.Title, err)
		}
		if s := text(id); s != "" {
			byID[s] = it
		}
	}
	for i, it := range listed {
		if hv, ok := byID[d.ID(it)]; ok {
			out[i] = hv
		}
	}
	return nil
}

// isNotFound reports whether an API error says the resource does not exist (deleted between the
// list and the describe).
func isNotFound(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	code := ae.ErrorCode()
	if code == "404" { // a HEAD-style answer without a body, named by its status as botocore does
		return true
	}
	for _, s := range []string{"NotFound", "NonExistent", "DoesNotExist", "NoSuch"} {
		if strings.Contains(code, s) {
			return true
		}
	}
	return false
}
