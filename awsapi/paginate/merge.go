package paginate

import (
	"context"
	"errors"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Merger combines pages into one response, the way `aws` prints a paginated call and botocore's
// build_full_result builds it: list result keys are concatenated, numbers (DynamoDB's Count)
// summed, strings joined; the non-aggregate keys come from the first page; other keys are
// dropped; "NextToken" is added when the pagination stopped before the end.
type Merger struct {
	def        *model.Paginator
	resultKeys [][]string
	out        map[string]any
	first      map[string]any // the first page's response, for the non-aggregate keys
	nextToken  string
}

// NewMerger starts an empty merge for pages of a paginator with definition def.
func NewMerger(def *model.Paginator) *Merger {
	m := &Merger{def: def, out: map[string]any{}}
	if def != nil {
		for _, k := range def.ResultKey {
			m.resultKeys = append(m.resultKeys, splitPath(k))
		}
	}
	return m
}

// Add merges the next page.
func (m *Merger) Add(page Page) {
	if m.first == nil {
		m.first = page.Raw
		if m.first == nil {
			m.first = map[string]any{}
		}
	}
	m.nextToken = page.NextToken
	for _, key := range m.resultKeys {
		value := getPath(page.Raw, key)
		if value == nil {
			continue
		}
		existing := getPath(m.out, key)
		if existing == nil {
			if list, ok := value.([]any); ok {
				value = append(make([]any, 0, len(list)), list...) // the merge owns its lists
			}
			setPathInPlace(m.out, key, value)
			continue
		}
		switch v := value.(type) {
		case []any:
			if list, ok := existing.([]any); ok {
				setPathInPlace(m.out, key, append(list, v...))
			}
		case string:
			if s, ok := existing.(string); ok {
				setPathInPlace(m.out, key, s+v)
			}
		default:
			if sum, ok := addNumbers(existing, value); ok {
				setPathInPlace(m.out, key, sum)
			}
		}
	}
}

// Result returns the merged response so far. It shares the merged lists with later calls.
func (m *Merger) Result() map[string]any {
	nonAggregate := map[string]any{}
	if m.first != nil && m.def != nil {
		for _, key := range m.def.NonAggregateKey {
			// botocore sets missing keys to None, which the CLI prints as null.
			setPathInPlace(nonAggregate, splitPath(key), getPath(m.first, splitPath(key)))
		}
	}
	result := mergeMaps(m.out, nonAggregate)
	if m.nextToken != "" {
		result["NextToken"] = m.nextToken
	}
	return result
}

// mergeMaps returns a new map with b's entries over a's, merging maps found in both.
func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b)+1)
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		am, aIsMap := out[k].(map[string]any)
		bm, bIsMap := v.(map[string]any)
		if aIsMap && bIsMap {
			out[k] = mergeMaps(am, bm)
		} else {
			out[k] = v
		}
	}
	return out
}

// Merge combines pages of a paginator with definition def; see Merger.
func Merge(def *model.Paginator, pages []Page) map[string]any {
	m := NewMerger(def)
	for _, p := range pages {
		m.Add(p)
	}
	return m.Result()
}

// All fetches every remaining page (up to Options.Limit) and merges them, for a call printed
// whole like `aws ... --output json`. Pages are merged as they arrive, not kept. On an error it
// also returns the pages merged so far (nil when there were none), whose NextToken resumes at
// the failed page.
func (p *Paginator) All(ctx context.Context) (map[string]any, error) {
	m := NewMerger(p.def)
	for p.HasMore() {
		page, err := p.Next(ctx)
		if errors.Is(err, ErrNoMorePages) {
			break
		}
		if err != nil {
			if m.first == nil {
				return nil, err
			}
			return m.Result(), err
		}
		m.Add(page)
	}
	return m.Result(), nil
}
