package pagekit

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui"
)

// Fetch returns the next page of a listing: its batch of rows in whatever form the page keeps
// them, whether more pages follow, or an error after which calling it again retries the same page
// (the listers keep their last good token). A Stream calls it from one task at a time, never
// concurrently, so it may keep state between pages.
type Fetch[B any] func(ctx context.Context) (batch B, more bool, err error)

// Listed is one page of a Stream, back on the UI goroutine. The page hands it to Stream.Take,
// appends Batch to its rows, then calls Stream.Next.
type Listed[B any] struct {
	Batch B
	More  bool
	Err   error
	fetch Fetch[B]
}

// Stream lists a collection into a TablePage page by page: one task on the loading lane per page,
// so the first rows are drawn as soon as they arrive and a reload (BeginReload) cancels the rest.
// A failed page keeps the rows on screen with a resumable "incomplete" status (FailAt). It is the
// one streaming loop of the table pages (the resource collections, the S3 object list); what a
// row is and how it is stored stays the page's, so a page may keep its rows as compact as it
// likes. The zero value is not usable: make it with NewStream.
type Stream[B any] struct {
	tp    *TablePage
	pages int
}

// NewStream returns a stream that loads into tp, the TablePage of the page holding the stream.
func NewStream[B any](tp *TablePage) *Stream[B] { return &Stream[B]{tp: tp} }

// Start begins a listing: open makes the Fetch (an invoker and a lister, say) and the first page is
// fetched in the same task.
func (s *Stream[B]) Start(open func(ctx context.Context) (Fetch[B], error)) tea.Cmd {
	s.tp.Loading, s.pages = true, 0
	return s.tp.Load(func(ctx context.Context) tea.Msg {
		fetch, err := open(ctx)
		if err != nil {
			return Listed[B]{Err: err}
		}
		return fetchPage(ctx, fetch)
	})
}

func fetchPage[B any](ctx context.Context, fetch Fetch[B]) Listed[B] {
	batch, more, err := fetch(ctx)
	return Listed[B]{Batch: batch, More: more, Err: err, fetch: fetch}
}

func (s *Stream[B]) next(fetch Fetch[B]) tea.Cmd {
	return s.tp.Load(func(ctx context.Context) tea.Msg { return fetchPage(ctx, fetch) })
}

// Take receives a page. A failed one is recorded (the rows stay; the refresh key fetches the
// failed page again while more were expected) and ok is false with the error's notice to return;
// otherwise the page is counted and ok is true: append m.Batch, then call Next.
func (s *Stream[B]) Take(m Listed[B]) (notice tea.Cmd, ok bool) {
	if m.Err != nil {
		var resume func() tea.Cmd
		if fetch := m.fetch; fetch != nil && m.More {
			resume = func() tea.Cmd { return s.next(fetch) }
		}
		s.tp.FailAt(m.Err, s.pages+1, resume)
		return tui.Error(m.Err), false
	}
	s.pages++
	return nil, true
}

// Next fetches the page after m when there is one (more is true); after the last page the caller
// ends the loading with TablePage.Done.
func (s *Stream[B]) Next(m Listed[B]) (cmd tea.Cmd, more bool) {
	if !m.More {
		return nil, false
	}
	if m.fetch == nil { // a page handed in by a test or a benchmark
		return nil, true
	}
	return s.next(m.fetch), true
}

// Pages counts the pages the current listing has brought so far.
func (s *Stream[B]) Pages() int { return s.pages }

// Forget zeroes the page count of a listing the page dropped without loading another.
func (s *Stream[B]) Forget() { s.pages = 0 }
