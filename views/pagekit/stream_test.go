package pagekit

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/keymap"
)

// streamUntilIdle runs the stream's commands, appending each page's rows, until no page is left
// to fetch; it returns the last notice (an error's).
func streamUntilIdle(t *testing.T, p *TablePage, s *Stream[[][]string], cmd tea.Cmd) tea.Cmd {
	t.Helper()
	var notice tea.Cmd
	for cmd != nil {
		inner, _, ok := p.Result(cmd())
		cmd = nil
		if !ok {
			t.Fatal("a page of the stream did not come back to its page")
		}
		m := inner.(Listed[[][]string])
		n, ok := s.Take(m)
		if !ok {
			notice = n
			continue
		}
		p.Table.Append(m.Batch)
		next, more := s.Next(m)
		if !more {
			p.Done("")
		}
		cmd = next
	}
	return notice
}

// A stream fetches page after page until the last; a page that fails leaves the rows, an
// incomplete status naming the page, and r fetches that page again from the same fetcher.
func TestStreamFailsAtAPageAndResumesThere(t *testing.T) {
	p := newTestPage(t, keymap.Default())
	s := NewStream[[][]string](p)
	calls, failOn := 0, 3
	cmd := s.Start(func(context.Context) (Fetch[[][]string], error) {
		return func(context.Context) ([][]string, bool, error) {
			calls++
			if calls == failOn {
				return nil, true, internalError
			}
			return rows(1000), calls < 4, nil
		}, nil
	})
	if notice := streamUntilIdle(t, p, s, cmd); notice == nil {
		t.Fatal("the failed page gave no notice")
	}
	want := "incomplete: 2,000 objects, page 3 failed: InternalError — r retries from there"
	if got := p.Status(); got != want || s.Pages() != 2 {
		t.Fatalf("status %q after %d pages\nwant   %q after 2", got, s.Pages(), want)
	}
	resume, ok := p.Resume()
	if !ok {
		t.Fatal("the failed page cannot be resumed")
	}
	if notice := streamUntilIdle(t, p, s, resume); notice != nil {
		t.Fatal("the resumed pages failed")
	}
	if p.Table.Len() != 3000 || calls != 4 || s.Pages() != 3 || p.Loading {
		t.Fatalf("%d rows after %d calls, %d pages, loading %v; want 3,000 rows after 4 calls (the failed page again, the last), 3 pages, done",
			p.Table.Len(), calls, s.Pages(), p.Loading)
	}
}

// A reload drops the pages of the listing before it: the stream starts over at page 1.
func TestStreamReloadDropsTheOldListing(t *testing.T) {
	p := newTestPage(t, keymap.Default())
	s := NewStream[[][]string](p)
	open := func(n int) func(context.Context) (Fetch[[][]string], error) {
		return func(context.Context) (Fetch[[][]string], error) {
			return func(context.Context) ([][]string, bool, error) { return rows(n), false, nil }, nil
		}
	}
	old := s.Start(open(5))
	p.BeginReload()
	fresh := s.Start(open(2))
	if _, _, ok := p.Result(old()); ok {
		t.Fatal("a page of the listing before the reload reached the page")
	}
	streamUntilIdle(t, p, s, fresh)
	if p.Table.Len() != 2 || s.Pages() != 1 {
		t.Fatalf("%d rows from %d pages, want the reload's 2 from 1", p.Table.Len(), s.Pages())
	}
}
