package s3

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/plural"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
)

// Deleting from the objects page: the selected rows (else the cursor's), objects and whole
// prefixes alike. Prefixes are listed and counted first, so the typed confirmation states how
// many objects and bytes go; the keys then go in DeleteObjects calls of 1,000, and the keys S3
// refuses are shown one by one.

type (
	// deleteCountedMsg is the count of what a delete would remove, ready to confirm.
	deleteCountedMsg struct {
		plan deletePlan
		err  error
	}
	// deleteConfirmedMsg comes back from the confirmation.
	deleteConfirmedMsg struct{ plan deletePlan }
	// deletedMsg is what the delete did.
	deletedMsg struct {
		plan deletePlan
		res  s3nav.DeleteResult
		err  error
	}
)

// deletePlan is one delete: the rows chosen and every key they stand for.
type deletePlan struct {
	bucket   string
	names    []string // the rows, as shown
	prefixes int      // how many of them are prefixes
	hidden   int      // selected rows the filter hides, left alone
	ids      []s3nav.ObjectID
	count    s3nav.Count
}

// deleteRows starts a delete of the target rows: objects are known from the listing; prefixes are
// counted first, in a task.
func (p *objectsPage) deleteRows() tea.Cmd {
	rows, hidden := p.Targets()
	if len(rows) == 0 {
		return nil
	}
	plan := deletePlan{bucket: p.bucket, hidden: hidden}
	var prefixes []string
	for _, i := range rows {
		e := p.entry(i)
		plan.names = append(plan.names, strings.TrimPrefix(e.Key, p.prefix))
		if e.IsPrefix {
			prefixes = append(prefixes, e.Key)
			continue
		}
		plan.ids = append(plan.ids, s3nav.ObjectID{Key: e.Key})
		plan.count.Objects++
		plan.count.Bytes += p.Table.Key(i, colSize)
	}
	plan.prefixes = len(prefixes)
	if len(prefixes) == 0 {
		return p.confirmDelete(plan)
	}
	b, s := p.browser, p.session
	count := p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return deleteCountedMsg{err: err}
		}
		for _, prefix := range prefixes {
			ids, n, err := c.Keys(ctx, plan.bucket, prefix)
			if err != nil {
				return deleteCountedMsg{err: err}
			}
			plan.ids = append(plan.ids, ids...)
			plan.count.Objects += n.Objects
			plan.count.Bytes += n.Bytes
		}
		return deleteCountedMsg{plan: plan}
	})
	return tea.Batch(count, tui.Toast(textsafe.Sprintf("counting the objects under %d %s…", len(prefixes), plural.Noun(len(prefixes), "prefixes"))))
}

// objectsPhrase says "1 object" or "1,234 objects".
func objectsPhrase(n int) string { return format.Count(n) + " " + plural.Noun(n, "objects") }

// confirmDelete asks for the typed confirmation: the object's name for one object, else
// "delete N" with N the number of objects counted.
func (p *objectsPage) confirmDelete(plan deletePlan) tea.Cmd {
	if plan.count.Objects == 0 {
		return tui.Toast(textsafe.Sprintf("nothing to delete: no objects under %s", strings.Join(plan.names, ", ")))
	}
	req := confirm.Request{Level: confirm.Typed, Confirmed: deleteConfirmedMsg{plan: plan}}
	if len(plan.names) == 1 && plan.prefixes == 0 {
		req.Title = "Delete " + plan.names[0]
		req.Name = plan.names[0]
	} else {
		req.Title = "Delete " + objectsPhrase(plan.count.Objects)
		req.Name, req.NameLabel = fmt.Sprintf("delete %d", plan.count.Objects), "phrase"
	}
	const shown = 10
	for k, n := range plan.names {
		if k == shown {
			req.Targets = append(req.Targets, fmt.Sprintf("… and %d more", len(plan.names)-shown))
			break
		}
		req.Targets = append(req.Targets, "s3://"+plan.bucket+"/"+p.prefix+n)
	}
	detail := []string{fmt.Sprintf("%s, %s in all", objectsPhrase(plan.count.Objects), format.Bytes(plan.count.Bytes))}
	if plan.prefixes > 0 {
		detail[0] += fmt.Sprintf(", counted under %d %s", plan.prefixes, plural.Noun(plan.prefixes, "prefixes"))
	}
	if calls := (len(plan.ids) + s3nav.DeleteBatch - 1) / s3nav.DeleteBatch; calls > 1 {
		detail = append(detail, fmt.Sprintf("DeleteObjects in %d calls of up to %s keys", calls, format.Count(s3nav.DeleteBatch)))
	}
	if plan.hidden > 0 {
		detail = append(detail, fmt.Sprintf("%d selected %s hidden by the filter stay", plan.hidden, plural.Noun(plan.hidden, "rows")))
	}
	req.Detail = strings.Join(detail, "\n")
	return confirm.Open(p.Env, req)
}

// runDelete sends the deletes after the confirmation.
func (p *objectsPage) runDelete(plan deletePlan) tea.Cmd {
	p.ClearSelection()
	b, s := p.browser, p.session
	run := p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return deletedMsg{plan: plan, err: err}
		}
		res, err := c.Delete(ctx, plan.bucket, plan.ids, nil)
		return deletedMsg{plan: plan, res: res, err: err}
	})
	return tea.Batch(run, tui.Toast(textsafe.Sprintf("deleting %s…", objectsPhrase(len(plan.ids)))))
}

// deleted reports the delete and lists the rows again: an error for a failed call, the keys S3
// refused on a page of their own, else a toast.
func (p *objectsPage) deleted(m deletedMsg) tea.Cmd {
	refresh := p.Refresh()
	done := textsafe.Sprintf("deleted %s from s3://%s", objectsPhrase(len(m.res.Deleted)), m.plan.bucket)
	switch {
	case m.err != nil:
		return tea.Batch(refresh, tui.Error(m.err))
	case len(m.res.Errors) > 0:
		doc := make([]any, len(m.res.Errors))
		for k, e := range m.res.Errors {
			doc[k] = map[string]any{"Key": e.Key, "Code": e.Code, "Message": e.Message}
		}
		title := fmt.Sprintf("%d not deleted", len(m.res.Errors))
		return tea.Batch(refresh, tui.Push(docpage.New(p.Env, title, "DeleteObjects errors", doc, docpage.Snippet{})),
			tui.Toast(textsafe.Sprintf("deleted %s; S3 refused %d", objectsPhrase(len(m.res.Deleted)), len(m.res.Errors))))
	}
	return tea.Batch(refresh, tui.Toast(done))
}

// deleteUpdate takes the delete's messages; ok is false for others.
func (p *objectsPage) deleteUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case deleteCountedMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		return p.confirmDelete(m.plan), true
	case deleteConfirmedMsg:
		return p.runDelete(m.plan), true
	case deletedMsg:
		return p.deleted(m), true
	}
	return nil, false
}
