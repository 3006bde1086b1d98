package pagekit

import (
	"context"
	"errors"
	"net"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// partial is a listing that stopped at a failed page while rows stay on screen. The status says
// so for as long as it lasts (a toast would be gone in seconds), and the refresh key carries on
// from the failed page instead of starting over.
type partial struct {
	page   int // the page that failed, from 1
	cause  string
	resume func() tea.Cmd
}

// FailAt records that page (counted from 1) of a listing failed with err. The rows already shown
// stay; while there are some, the status reads "incomplete: 2,000 objects, page 3 failed:
// InternalError — r retries from there" until Resume. resume fetches the failed page again
// (the lister keeps the last good token); nil means the page must reload.
func (p *TablePage) FailAt(err error, page int, resume func() tea.Cmd) {
	p.Fail(err)
	p.partial = &partial{page: page, cause: Cause(err), resume: resume}
}

// Incomplete reports whether a listing failed with rows on screen: what is shown is not the
// whole collection.
func (p *TablePage) Incomplete() bool { return p.partial != nil && p.Table.Len() > 0 }

// Resume carries on a listing that failed part way, from its failed page: it clears the failure,
// marks the page loading and returns the command that fetches the page. ok is false when there
// is nothing to resume (no failure, or no way to resume it): reload instead.
func (p *TablePage) Resume() (cmd tea.Cmd, ok bool) {
	if p.partial == nil || p.partial.resume == nil {
		return nil, false
	}
	resume := p.partial.resume
	p.partial = nil
	p.Loading, p.Err = true, nil
	return resume(), true
}

// incompleteStatus is the status of a listing that failed with rows on screen; count is the
// usual "2,000 objects" or "12 of 2,000 objects". When the first page failed, the rows are those
// of the listing before (a refresh that keeps them until it has new ones).
func (p *TablePage) incompleteStatus(count string) string {
	r := p.Env.Keys.Table.Refresh.Help().Key
	if p.partial.page <= 1 {
		return "stale: " + count + ", refresh failed: " + p.partial.cause + " — " + r + " retries"
	}
	return "incomplete: " + count + ", page " + format.Count(p.partial.page) + " failed: " + p.partial.cause +
		" — " + r + " retries from there"
}

// Cause names why a call failed in a few words, for a status line: the service's error code
// ("InternalError", "Throttling"), "timed out", "network error", or the start of the message.
// It is safe to draw.
func Cause(err error) string {
	var api smithy.APIError
	var netErr net.Error
	switch {
	case errors.As(err, &api) && api.ErrorCode() != "":
		return textsafe.Clean(api.ErrorCode())
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.As(err, &netErr):
		if netErr.Timeout() {
			return "timed out"
		}
		return "network error"
	}
	msg := ErrorText(err).String()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if r := []rune(msg); len(r) > 40 {
		msg = string(r[:39]) + "…"
	}
	return textsafe.Clean(msg)
}
