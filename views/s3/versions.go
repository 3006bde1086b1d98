package s3

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// versionsPage is the objects page's versions toggle (v): every version and delete marker of the
// objects directly under the prefix (ListObjectVersions, paged), newest first per key. C restores a
// version by copying it over the current one; D deletes versions permanently (typed confirmation);
// S downloads versions on the transfer board (versiondl.go).
type versionsPage struct {
	pagekit.TablePage
	browser  *Browser
	session  tui.Session
	bucket   string
	prefix   string
	versions *pagekit.Rows[s3nav.Version]
	stream   *pagekit.Stream[[]s3nav.Version]
	folders  int
}

type (
	versionsListedMsg  = pagekit.Listed[[]s3nav.Version]
	versionRestoreMsg  struct{ v s3nav.Version }
	versionRestoredMsg struct {
		v   s3nav.Version
		err error
	}
	versionDeleteMsg  struct{ ids []s3nav.ObjectID }
	versionDeletedMsg struct {
		res s3nav.DeleteResult
		err error
	}
)

func newVersionsPage(b *Browser, s tui.Session, bucket, prefix string) *versionsPage {
	cols := []vtable.Column{
		{Title: "NAME", MinWidth: 12, Flex: true},
		{Title: "VERSION ID", MinWidth: 10, MaxWidth: 36},
		{Title: "KIND", MinWidth: 8, MaxWidth: 16},
		{Title: "SIZE", MinWidth: 8, MaxWidth: 10, Right: true, Keyed: true, Format: format.AppendBytes, Chars: format.BytesChars},
		{Title: "LAST MODIFIED", MinWidth: 19, MaxWidth: 19, Keyed: true, Format: appendTime, Chars: format.TimeChars},
	}
	p := &versionsPage{TablePage: pagekit.NewTablePage(b.env, "versions", cols), browser: b, session: s, bucket: bucket, prefix: prefix}
	p.versions = pagekit.NewRows(&p.TablePage, func(v s3nav.Version) string { return v.Key + "\x00" + v.VersionID })
	p.stream = pagekit.NewStream[[]s3nav.Version](&p.TablePage)
	return p
}

func (p *versionsPage) Title() string { return "versions" }

func (p *versionsPage) Init() tea.Cmd {
	b, s, bucket, prefix := p.browser, p.session, p.bucket, p.prefix
	return p.stream.Start(func(ctx context.Context) (pagekit.Fetch[[]s3nav.Version], error) {
		c, err := b.client(ctx, s)
		if err != nil {
			return nil, err
		}
		l := c.NewVersionLister(bucket, prefix, false, s3nav.DefaultPageSize)
		return func(ctx context.Context) ([]s3nav.Version, bool, error) {
			page, err := l.Next(ctx)
			return page.Versions, page.More, err
		}, nil
	})
}

func (p *versionsPage) Reload(s tui.Session) tea.Cmd {
	p.session, p.folders = s, 0
	return tea.Batch(p.versions.Restart(), p.Init())
}

func (p *versionsPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.HandleKey(p.actions(), k)
	}
	inner, cmd, ok := p.Result(msg)
	if !ok {
		return cmd
	}
	switch m := inner.(type) {
	case versionsListedMsg:
		return p.listed(m)
	case versionsDownloadToMsg:
		return p.planVersions(m)
	case plannedMsg:
		if m.err == nil && len(m.items) > 0 {
			p.Table.ClearSelected()
		}
		return p.browser.startTransfer(p.Env, m, nil)
	case versionRestoreMsg:
		return p.restore(m.v)
	case versionRestoredMsg:
		if m.err != nil {
			return tui.Error(m.err)
		}
		return tea.Batch(p.Reload(p.session), tui.Toast(textsafe.Sprintf("restored s3://%s/%s to version %s", p.bucket, m.v.Key, m.v.VersionID)))
	case versionDeleteMsg:
		return p.delete(m.ids)
	case versionDeletedMsg:
		reload := p.Reload(p.session)
		if m.err != nil {
			return tea.Batch(reload, tui.Error(m.err))
		}
		if n := len(m.res.Errors); n > 0 {
			e := m.res.Errors[0]
			return tea.Batch(reload, tui.Error(fmt.Errorf("deleted %d versions; S3 refused %d, first %s %s: %s: %s",
				len(m.res.Deleted), n, e.Key, e.VersionID, e.Code, e.Message)))
		}
		return tea.Batch(reload, tui.Toast(textsafe.Sprintf("deleted %d versions permanently", len(m.res.Deleted))))
	}
	return nil
}

func (p *versionsPage) listed(m versionsListedMsg) tea.Cmd {
	if notice, ok := p.stream.Take(m); !ok {
		return notice
	}
	rows := make([][]string, len(m.Batch))
	sizes, times := make([]int64, len(m.Batch)), make([]int64, len(m.Batch))
	for i, v := range m.Batch {
		kind := "version"
		switch {
		case v.DeleteMarker:
			kind = "delete marker"
		case v.IsLatest:
			kind = "current"
		}
		if v.DeleteMarker && v.IsLatest {
			kind = "delete marker ●"
		}
		rows[i] = []string{textsafe.Clean(v.NameIn(p.prefix)), textsafe.Clean(v.VersionID), kind, ""}
		sizes[i], times[i] = v.Size, v.LastModified.Unix()
		if v.DeleteMarker {
			sizes[i] = -1
		}
	}
	p.versions.Append(m.Batch, rows, [][]int64{nil, nil, nil, sizes, times})
	if next, more := p.stream.Next(m); more {
		return next
	}
	return p.Done("no versions under this prefix (the bucket may not be versioned)")
}

// confirmRestore asks before copying a version over the current object.
func (p *versionsPage) confirmRestore() tea.Cmd {
	v, ok := p.versions.Current()
	if !ok {
		return nil
	}
	if v.DeleteMarker {
		return tui.Toast(textsafe.Sprintf("a delete marker has no content: delete it (D) to bring back the version under it"))
	}
	return confirm.Open(p.Env, confirm.Request{Title: "Restore " + v.Key + " to this version",
		Targets: []string{fmt.Sprintf("s3://%s/%s version %s (%s, %s)", p.bucket, v.Key, v.VersionID, format.Bytes(v.Size), format.Time(v.LastModified))},
		Detail:  "copies the version over the current object (CopyObject): a new current version; the history stays",
		Level:   confirm.Simple, Confirmed: versionRestoreMsg{v: v}})
}

func (p *versionsPage) restore(v s3nav.Version) tea.Cmd {
	b, s, bucket := p.browser, p.session, p.bucket
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err == nil {
			_, err = c.Copy(ctx, s3nav.ObjectRef{Bucket: bucket, Key: v.Key, VersionID: v.VersionID}, s3nav.ObjectRef{Bucket: bucket, Key: v.Key}, s3nav.CopyOptions{})
		}
		return versionRestoredMsg{v: v, err: err}
	})
}

// confirmDelete asks for "delete N versions" before deleting versions for good.
func (p *versionsPage) confirmDelete() tea.Cmd {
	vs, _ := p.versions.Targets()
	if len(vs) == 0 {
		return nil
	}
	ids := make([]s3nav.ObjectID, len(vs))
	var targets []string
	for i, v := range vs {
		ids[i] = s3nav.ObjectID{Key: v.Key, VersionID: v.VersionID}
		if i < 10 {
			what := "version"
			if v.DeleteMarker {
				what = "delete marker"
			}
			targets = append(targets, fmt.Sprintf("s3://%s/%s %s %s", p.bucket, v.Key, what, v.VersionID))
		}
	}
	if len(vs) > 10 {
		targets = append(targets, fmt.Sprintf("… and %d more", len(vs)-10))
	}
	return confirm.Open(p.Env, confirm.Request{Title: fmt.Sprintf("Delete %d versions permanently", len(vs)), Targets: targets,
		Detail: "DeleteObjects with version ids: the versions are gone for good (deleting a delete marker brings back the version under it)",
		Level:  confirm.Typed, Name: fmt.Sprintf("delete %d", len(vs)), NameLabel: "phrase", Confirmed: versionDeleteMsg{ids: ids}})
}

func (p *versionsPage) delete(ids []s3nav.ObjectID) tea.Cmd {
	p.Table.ClearSelected()
	b, s, bucket := p.browser, p.session, p.bucket
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return versionDeletedMsg{err: err}
		}
		res, err := c.Delete(ctx, bucket, ids, nil)
		return versionDeletedMsg{res: res, err: err}
	})
}

func (p *versionsPage) mutating(name string, run func() tea.Cmd) func() tea.Cmd {
	return func() tea.Cmd {
		if p.session.ReadOnly {
			return tui.Toast(textsafe.Sprintf("read-only: %s is disabled", name))
		}
		return run()
	}
}

func (p *versionsPage) actions() tui.Actions {
	has := func() bool { return p.Table.Cursor() >= 0 }
	t := p.Env.Keys.Table
	as := tui.Actions{
		{Binding: writeKey(p.session, p.Env.Keys.Versions.Restore), Footer: true, Enabled: has, Run: p.mutating("restore", p.confirmRestore)},
		{Binding: writeKey(p.session, p.Env.Keys.Versions.Delete), Footer: true, Enabled: has, Run: p.mutating("delete", p.confirmDelete)},
		{Binding: p.Env.Keys.Versions.Download, Footer: true, Enabled: func() bool { return has() && p.browser.transfers != nil }, Run: p.downloadPrompt},
		{Binding: p.Env.Keys.Actions.Select, Footer: true, Enabled: has, Run: func() tea.Cmd {
			p.Table.ToggleSelected(p.Table.Cursor())
			p.Table.MoveDown(1)
			return nil
		}},
		{Binding: t.Refresh, Footer: true, Run: func() tea.Cmd { return p.Reload(p.session) }},
	}
	as = append(append(as, p.TableKeys()...), p.browser.wireAction(p.session))
	v := p.Env.Keys.Versions
	return as.Prioritize(p.Env.Keys.Actions.Select, v.Download, v.Restore, v.Delete) // footer order
}

func (p *versionsPage) Keys() help.KeyMap { return p.actions() }

// Status adds the selection to the table's status.
func (p *versionsPage) Status() string {
	s := p.TablePage.Status()
	if n := p.Table.SelectedLen(); n > 0 {
		s += fmt.Sprintf(" · %d selected", n)
	}
	return s
}

var (
	_ tui.Page           = (*versionsPage)(nil)
	_ tui.Reloadable     = (*versionsPage)(nil)
	_ tui.StatusReporter = (*versionsPage)(nil)
	_ tui.BackHandler    = (*versionsPage)(nil)
)

// versionsOf opens the versions of the objects page's prefix.
func (p *objectsPage) versionsOf() tea.Cmd {
	return tui.Push(newVersionsPage(p.browser, p.session, p.bucket, p.prefix))
}
