// Package paginate turns an operation with a botocore paginator into a lazy collection: pages
// fetched one at a time, the items of their result keys, a limit across pages, a stop, and an
// opaque token to resume from, all as botocore's PageIterator does.
package paginate

import (
	"context"
	"errors"
	"fmt"
	"github.com/nimbus-tui/nimbus/awsapi/document"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jmespath-community/go-jmespath"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Caller sends one operation. Documents are JSON-like maps keyed by wire names, as boto3
// returns them; lists are []any and numbers any Go number type or json.Number.
type Caller interface {
	Call(ctx context.Context, operation string, input map[string]any) (map[string]any, error)
}

// Options tune one pagination. The zero value fetches every page at the service's page size.
type Options struct {
	// Limit is the most items of the primary (first) result key to return across all pages;
	// 0 means no limit. Like botocore's MaxItems, the page that crosses it is cut short and its
	// NextToken resumes right after the last item returned.
	Limit int
	// PageSize is sent as the paginator's limit key (MaxKeys, Limit, MaxResults...); 0 leaves the
	// service's default. It is sent in the type Service gives the limit key.
	PageSize int
	// Service is the model of the operation's service. Like botocore, the paginator reads from it
	// the type of the limit key, so the page size goes out as a string where the model says so
	// (Route 53's MaxItems) and as a number elsewhere. Without it the page size is sent as a
	// number. Callers that have the model should always set it.
	Service *model.Service
	// StartingToken resumes from a Page's NextToken. A botocore/AWS CLI token or the bare token a
	// service returned works too.
	StartingToken string
}

// ErrNoMorePages is returned by Next once the last page has been read or Stop was called.
var ErrNoMorePages = errors.New("no more pages")

// ErrRepeatedToken is returned when the service answers with the token it was just sent, which
// would page forever; botocore stops with an error for the same reason.
var ErrRepeatedToken = errors.New("the service returned the same next token twice")

// Page is one response of the operation.
type Page struct {
	// Number counts pages from 1 within this Paginator.
	Number int
	// Raw is the response, with the result keys cut to what this page returns when a limit or a
	// starting token made it drop items.
	Raw map[string]any
	// Items are the elements of every list-valued result key, primary key first, each tagged
	// with its key (S3 ListObjectsV2 gives Contents and CommonPrefixes).
	Items []Item
	// NextToken resumes the pagination after this page (see Options.StartingToken); empty on
	// the last page.
	NextToken string
}

// Item is one element of a result key.
type Item struct {
	Key   string // the result key, e.g. "Contents" or "DistributionList.Items"
	Value any
}

// Values returns the items of one result key.
func (p Page) Values(key string) []any {
	var out []any
	for _, it := range p.Items {
		if it.Key == key {
			out = append(out, it.Value)
		}
	}
	return out
}

// Paginator fetches the pages of one operation. Next must not be called concurrently; Stop and
// HasMore may be called from any goroutine. Cancel Next's context to abort a request in flight.
type Paginator struct {
	caller    Caller
	operation string
	def       *model.Paginator
	input     map[string]any
	opts      Options

	outputTokens []expression
	moreResults  *expression
	resultKeys   [][]string

	// err is a lasting error: a bad definition or starting token, or a repeated token seen on
	// the previous page.
	err error
	// pageSize is Options.PageSize in the limit key's type (int or string); nil when unset.
	pageSize any
	// next holds the input tokens of the next request; nil before the first request when no
	// starting token was given. Nil values are removed from the request.
	next map[string]any
	// skip counts the primary items of the first page that an earlier pagination already returned.
	skip    int
	pages   int
	total   int
	done    atomic.Bool
	stopped atomic.Bool
}

// New prepares a pagination of operation with definition def. input is not modified. Problems
// with def or opts are returned by the first Next.
func New(caller Caller, operation string, def *model.Paginator, input map[string]any, opts Options) *Paginator {
	p := &Paginator{caller: caller, operation: operation, def: def, input: input, opts: opts}
	p.err = p.prepare()
	return p
}

func (p *Paginator) prepare() error {
	d := p.def
	if d == nil {
		return fmt.Errorf("paginating %s: no paginator definition", p.operation)
	}
	if len(d.InputToken) == 0 || len(d.InputToken) != len(d.OutputToken) {
		return fmt.Errorf("paginating %s: the definition has %d input and %d output tokens",
			p.operation, len(d.InputToken), len(d.OutputToken))
	}
	for _, expr := range d.OutputToken {
		c, err := compile(expr)
		if err != nil {
			return fmt.Errorf("paginating %s: output token %q: %w", p.operation, expr, err)
		}
		p.outputTokens = append(p.outputTokens, c)
	}
	if d.MoreResults != "" {
		c, err := compile(d.MoreResults)
		if err != nil {
			return fmt.Errorf("paginating %s: more_results %q: %w", p.operation, d.MoreResults, err)
		}
		p.moreResults = &c
	}
	for _, k := range d.ResultKey {
		p.resultKeys = append(p.resultKeys, splitPath(k))
	}
	if p.opts.PageSize < 0 || p.opts.Limit < 0 {
		return fmt.Errorf("paginating %s: page size and limit must not be negative", p.operation)
	}
	if p.opts.PageSize > 0 {
		if d.LimitKey == "" {
			return fmt.Errorf("paginating %s: the operation has no page size parameter; leave the page size unset", p.operation)
		}
		size, err := pageSizeValue(p.opts.Service, p.operation, d.LimitKey, p.opts.PageSize)
		if err != nil {
			return fmt.Errorf("paginating %s: %w", p.operation, err)
		}
		p.pageSize = size
	}
	if p.opts.StartingToken != "" {
		tokens, skip, err := decodeToken(p.opts.StartingToken, d.InputToken)
		if err == nil {
			err = checkTokenTypes(p.opts.Service, p.operation, tokens)
		}
		if err != nil {
			return fmt.Errorf("paginating %s: %w; pass a NextToken from an earlier listing of the same operation", p.operation, err)
		}
		p.next, p.skip = tokens, skip
	}
	return nil
}

// HasMore reports whether Next would fetch another page (or report a pending error).
func (p *Paginator) HasMore() bool {
	return !p.done.Load() && !p.stopped.Load()
}

// Stop ends the pagination: HasMore turns false and Next returns ErrNoMorePages. A request in
// flight is not interrupted; cancel its context for that.
func (p *Paginator) Stop() {
	p.stopped.Store(true)
}

// Next fetches the next page. When the service fails to answer, the error is a *PartialError
// (how far the pagination got, and a token that resumes at the failed page); calling Next
// again retries the same page.
func (p *Paginator) Next(ctx context.Context) (Page, error) {
	if p.err != nil {
		p.done.Store(true)
		return Page{}, p.err
	}
	if !p.HasMore() {
		return Page{}, ErrNoMorePages
	}
	if err := ctx.Err(); err != nil {
		return Page{}, fmt.Errorf("paginating %s: %w", p.operation, err)
	}
	in := p.request()
	sent := make(map[string]any, len(p.def.InputToken))
	for _, name := range p.def.InputToken {
		sent[name] = document.Searchable(in[name])
	}
	out, err := p.caller.Call(ctx, p.operation, in)
	if err != nil {
		return Page{}, p.partialError(err)
	}
	if out == nil {
		out = map[string]any{}
	}
	p.pages++
	return p.process(out, sent)
}

// pageSizeValue is size in the type svc gives the operation's limit key: a string for a string
// shape, as botocore converts it (Route 53's MaxItems), otherwise an int. Without a model it is
// an int.
func pageSizeValue(svc *model.Service, operation, limitKey string, size int) (any, error) {
	if svc == nil {
		return size, nil
	}
	input, err := svc.InputShape(operation)
	if err != nil {
		return nil, fmt.Errorf("finding the type of the page size parameter %s: %w", limitKey, err)
	}
	ref := input.Members[limitKey]
	if ref == nil || svc.Shape(ref.Shape) == nil {
		return nil, fmt.Errorf("the model has no input member %s, the paginator's page size parameter; leave the page size unset", limitKey)
	}
	if svc.Shape(ref.Shape).Type == "string" {
		return strconv.Itoa(size), nil
	}
	return size, nil
}

// request is the input plus the page size and the tokens of the next page. Tokens set by the
// caller in input are sent on the first request, as botocore does.
func (p *Paginator) request() map[string]any {
	in := make(map[string]any, len(p.input)+len(p.def.InputToken)+1)
	for k, v := range p.input {
		in[k] = v
	}
	for name, tok := range p.next {
		if tok != nil {
			in[name] = tok
		} else {
			delete(in, name)
		}
	}
	if p.pageSize != nil {
		in[p.def.LimitKey] = p.pageSize
	}
	return in
}

func (p *Paginator) process(raw map[string]any, sent map[string]any) (Page, error) {
	page := Page{Number: p.pages, Raw: raw}
	startTruncation := 0
	if p.skip > 0 {
		startTruncation = p.skip
		page.Raw = p.dropReturned(page.Raw, p.skip)
		p.skip = 0
	}

	var primary []any
	if len(p.resultKeys) > 0 {
		primary, _ = getPath(page.Raw, p.resultKeys[0]).([]any)
	}
	if p.opts.Limit > 0 && p.total+len(primary) > p.opts.Limit {
		keep := p.opts.Limit - p.total
		page.Raw = withPath(page.Raw, p.resultKeys[0], primary[:keep:keep])
		p.total += keep
		tok, err := encodeToken(p.def.InputToken, sent, keep+startTruncation)
		if err != nil {
			return Page{}, fmt.Errorf("paginating %s: %w", p.operation, err)
		}
		page.NextToken = tok
		page.Items = p.items(page.Raw)
		p.done.Store(true)
		return page, nil
	}
	p.total += len(primary)
	page.Items = p.items(page.Raw)

	next := p.nextTokens(raw)
	if next == nil {
		p.done.Store(true)
		return page, nil
	}
	atLimit := p.opts.Limit > 0 && p.total == p.opts.Limit
	if !atLimit && reflect.DeepEqual(sent, next) { // botocore checks the limit first too
		p.err = fmt.Errorf("paginating %s after page %d: %w (%s); stopped to avoid paging forever",
			p.operation, p.pages, ErrRepeatedToken, strings.Join(p.def.OutputToken, ", "))
		return page, nil
	}
	tok, err := encodeToken(p.def.InputToken, next, 0)
	if err != nil {
		return Page{}, fmt.Errorf("paginating %s: %w", p.operation, err)
	}
	page.NextToken = tok
	p.next = next
	if atLimit {
		p.done.Store(true)
	}
	return page, nil
}

// nextTokens evaluates the output tokens, or returns nil when the response says it is the last
// page (more_results false, or no token at all).
func (p *Paginator) nextTokens(raw map[string]any) map[string]any {
	var view any // raw with float64 numbers, made only for an expression that needs it
	search := func(e expression) any {
		if e.path != nil {
			return document.Searchable(getPath(raw, e.path))
		}
		if view == nil {
			view = document.Searchable(raw)
		}
		v, err := e.compiled.Search(view)
		if err != nil {
			return nil
		}
		return v
	}
	if p.moreResults != nil && !truthy(search(*p.moreResults)) {
		return nil
	}
	next := make(map[string]any, len(p.outputTokens))
	found := false
	for i, expr := range p.outputTokens {
		v := search(expr)
		if !truthy(v) {
			next[p.def.InputToken[i]] = nil
			continue
		}
		next[p.def.InputToken[i]] = v
		found = true
	}
	if !found {
		return nil
	}
	return next
}

// dropReturned removes, from the first page after a starting token, what the previous
// pagination already returned: the first skip primary items, and all of the other result keys
// (which were returned whole), keeping numbers such as DynamoDB's Count as botocore does.
func (p *Paginator) dropReturned(raw map[string]any, skip int) map[string]any {
	for i, key := range p.resultKeys {
		v := getPath(raw, key)
		if i == 0 {
			switch t := v.(type) {
			case []any:
				raw = withPath(raw, key, t[min(skip, len(t)):])
			case string:
				raw = withPath(raw, key, t[min(skip, len(t)):])
			default:
				raw = withPath(raw, key, nil)
			}
			continue
		}
		switch v.(type) {
		case []any:
			raw = withPath(raw, key, []any{})
		case string:
			raw = withPath(raw, key, "")
		default:
			if _, isNumber := document.ToFloat(v); !isNumber {
				raw = withPath(raw, key, nil)
			}
		}
	}
	return raw
}

func (p *Paginator) items(raw map[string]any) []Item {
	var items []Item
	for i, key := range p.resultKeys {
		list, _ := getPath(raw, key).([]any)
		if items == nil {
			items = make([]Item, 0, len(list))
		}
		name := p.def.ResultKey[i]
		for _, v := range list {
			items = append(items, Item{Key: name, Value: v})
		}
	}
	return items
}

// expression is an output token or more_results expression. Most are plain dotted names
// ("NextToken", "DistributionList.IsTruncated"), read straight from the response; the others
// ("NextMarker || Contents[-1].Key") go through JMESPath, which needs float64 numbers and so may
// copy the response.
type expression struct {
	path     []string
	compiled jmespath.JMESPath
}

var dottedName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
})

func compile(expr string) (expression, error) {
	if dottedName().MatchString(expr) {
		return expression{path: splitPath(expr)}, nil
	}
	c, err := jmespath.Compile(expr)
	if err != nil {
		return expression{}, err
	}
	return expression{compiled: c}, nil
}
