package s3

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/textprompt"
	"github.com/nimbus-tui/nimbus/views/vtable"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// W in a prefix waits for an object to arrive (boto3's ObjectExists, its best-known waiter) or to
// go, live on the waiter board; a prefix ending in "/" waits for anything under it. When it
// arrives the listing is refreshed and its row selected.

// s3Waiters are the browser's own waiters, over S3's operations, added to the model's on the board.
var s3Waiters = map[string]*model.Waiter{
	"PrefixNotEmpty": {Operation: "ListObjectsV2", Delay: 5, MaxAttempts: 20,
		Description: "Wait until a key exists under the prefix.",
		Acceptors:   []model.Acceptor{{Matcher: "path", Argument: "length(Contents || `[]`) > `0`", Expected: true, State: "success"}}},
	"PrefixEmpty": {Operation: "ListObjectsV2", Delay: 5, MaxAttempts: 20,
		Description: "Wait until no key is left under the prefix.",
		Acceptors:   []model.Acceptor{{Matcher: "path", Argument: "length(Contents || `[]`) == `0`", Expected: true, State: "success"}}},
	// A restore from an archive tier takes minutes (Expedited) to 48 hours (Bulk, Deep Archive).
	"ObjectRestored": {Operation: "HeadObject", Delay: 60, MaxAttempts: 2880,
		Description: "Wait until a restore from an archive tier has finished.",
		Acceptors: []model.Acceptor{
			{Matcher: "path", Argument: "Restore != null && contains(Restore, 'ongoing-request=\"false\"')", Expected: true, State: "success"},
			{Matcher: "path", Argument: "Restore == null", Expected: true, State: "failure"},
			{Matcher: "error", Expected: "NotFound", State: "failure"},
		}},
}

type (
	// waitKeyMsg is the key or prefix typed after W.
	waitKeyMsg struct{ key string }
	// waitedForMsg is a browser waiter that ended.
	waitedForMsg struct {
		key     string
		arrives bool
		entry   waitboard.Entry
	}
)

// waitPrompt asks for the key (or prefix) to wait for, prefilled with the cursor's object or the
// page's prefix.
func (p *objectsPage) waitPrompt() tea.Cmd {
	if p.rowActs() == nil {
		return tui.Toast(textsafe.Sprintf("no waiter board here"))
	}
	value := p.prefix
	if i := p.Table.Cursor(); i >= 0 {
		value = p.entry(i).Key
	}
	return textprompt.Open(p.Env, textprompt.Request{
		Title:  "Wait for an object in s3://" + p.bucket,
		Detail: "A key waits with ObjectExists or ObjectNotExists (HeadObject);\na prefix ending in / waits for any key under it, or for none (ListObjectsV2).",
		Label:  "key or prefix/", Value: value,
		Answer: func(v string) tea.Msg { return waitKeyMsg{key: v} },
	})
}

// waitPick asks whether to wait for the key to arrive or to go.
func (p *objectsPage) waitPick(key string) tea.Cmd {
	exists, gone := "ObjectExists", "ObjectNotExists"
	if strings.HasSuffix(key, "/") {
		exists, gone = "PrefixNotEmpty", "PrefixEmpty"
	}
	cols := []vtable.Column{{Title: "WAIT UNTIL", MinWidth: 12, MaxWidth: 30}, {Title: "WAITER", MinWidth: 12, Flex: true}}
	choices := []picker.Choice{
		{Value: exists, Cells: []string{"it arrives", exists}},
		{Value: gone, Cells: []string{"it is gone", gone}},
	}
	return tui.Open(picker.New(p.Env, "wait for "+textsafe.Clean(key), "waiters", cols, choices, exists, func(name string) tea.Cmd {
		return p.startWait(key, name, name == exists)
	}))
}

// startWait puts the waiter on the board.
func (p *objectsPage) startWait(key, name string, arrives bool) tea.Cmd {
	input := map[string]any{"Bucket": p.bucket, "Key": key}
	if strings.HasSuffix(key, "/") {
		input = map[string]any{"Bucket": p.bucket, "Prefix": key, "MaxKeys": 1}
	}
	done := func(e waitboard.Entry) tea.Msg { return waitedForMsg{key: key, arrives: arrives, entry: e} }
	return tea.Batch(p.rowActs().StartWaiter(name, "s3://"+p.bucket+"/"+key, input, s3Waiters, done),
		tui.Toast(textsafe.Sprintf("waiting on the board (w) for s3://%s/%s: %s", p.bucket, key, name)))
}

// waited refreshes the listing when the waiter succeeded; an object that arrived under this
// prefix gets the cursor once its row is listed.
func (p *objectsPage) waited(m waitedForMsg) tea.Cmd {
	if m.entry.Err != nil || m.entry.Cancelled {
		return nil // the board says how it ended
	}
	if m.arrives && strings.HasPrefix(m.key, p.prefix) {
		name := strings.TrimPrefix(m.key, p.prefix)
		if i := strings.IndexByte(name, '/'); i >= 0 {
			name = name[:i+1] // deeper: its folder here
		}
		p.selectName = name
	}
	return p.Reload(p.session)
}

// selectListed puts the cursor on the row awaited, if the rows from first on hold it.
func (p *objectsPage) selectListed(first int) {
	if p.selectName == "" {
		return
	}
	for i := first; i < p.Table.Len(); i++ {
		if p.Table.Cell(i, colName) == p.selectName || p.rawNames[i] == p.selectName {
			p.Table.SetCursor(i)
			p.selectName = ""
			return
		}
	}
}

// waitUpdate takes the wait's messages; ok is false for others.
func (p *objectsPage) waitUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case waitKeyMsg:
		return p.waitPick(m.key), true
	case waitedForMsg:
		return p.waited(m), true
	}
	return nil, false
}
