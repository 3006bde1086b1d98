package s3

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/vtable"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// T restores an archived object: the tier and the days are picked, RestoreObject is sent, and the
// restore is then watched live on the waiter board (ObjectRestored: HeadObject until the Restore
// header says ongoing-request="false").

type (
	restoredMsg struct {
		key string
		err error
	}
	restoreDoneMsg struct{ entry waitboard.Entry }
)

var restoreDays = []int32{1, 7, 30}

func (p *objectsPage) restorePick() tea.Cmd {
	i := p.Table.Cursor()
	if i < 0 {
		return nil
	}
	e := p.entry(i)
	if e.IsPrefix {
		return tui.Toast(textsafe.Sprintf("%s is a prefix: restore its objects one by one", e.Key))
	}
	cols := []vtable.Column{{Title: "TIER", MinWidth: 9, MaxWidth: 10}, {Title: "KEPT FOR", MinWidth: 8, MaxWidth: 9},
		{Title: "TAKES (GLACIER / DEEP ARCHIVE)", MinWidth: 12, Flex: true}}
	takes := map[string]string{"Expedited": "1–5 minutes / not offered", "Standard": "3–5 hours / within 12 hours",
		"Bulk": "5–12 hours / within 48 hours"}
	var choices []picker.Choice
	for _, tier := range s3nav.RestoreTiers {
		for _, d := range restoreDays {
			choices = append(choices, picker.Choice{Value: fmt.Sprintf("%s %d", tier, d),
				Cells: []string{tier, fmt.Sprintf("%d days", d), takes[tier]}})
		}
	}
	b, s, bucket, k := p.browser, p.session, p.bucket, e.Key
	return tui.Open(picker.New(p.Env, "restore "+textsafe.Clean(e.Key), "restores", cols, choices, "Standard 7", func(v string) tea.Cmd {
		tier, ds, _ := strings.Cut(v, " ")
		var days int32
		fmt.Sscan(ds, &days)
		return p.Tasks().Run(func(ctx context.Context) tea.Msg {
			c, err := b.client(ctx, s)
			if err == nil {
				err = c.Restore(ctx, bucket, k, days, tier)
			}
			return restoredMsg{key: k, err: err}
		})
	}))
}

// restored puts the restore's waiter on the board once S3 took the request.
func (p *objectsPage) restored(m restoredMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	if p.rowActs() == nil {
		return tui.Toast(textsafe.Sprintf("restore of s3://%s/%s requested", p.bucket, m.key))
	}
	done := func(e waitboard.Entry) tea.Msg { return restoreDoneMsg{entry: e} }
	return tea.Batch(p.rowActs().StartWaiter("ObjectRestored", "s3://"+p.bucket+"/"+m.key,
		map[string]any{"Bucket": p.bucket, "Key": m.key}, s3Waiters, done),
		tui.Toast(textsafe.Sprintf("restore of s3://%s/%s requested: watching it on the board (w)", p.bucket, m.key)))
}

func (p *objectsPage) restoreUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case restoredMsg:
		return p.restored(m), true
	case restoreDoneMsg:
		return p.Refresh(), true
	}
	return nil, false
}
