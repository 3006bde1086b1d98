package s3

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/resources"
)

// objectPage shows one object: HeadObject metadata, tags, and a preview of its first 64 KiB.
type objectPage struct {
	env     tui.Env
	browser *Browser
	session tui.Session
	bucket  string
	key     string
	tasks   *tui.Tasks

	info       *s3nav.ObjectInfo
	infoErr    error
	preview    *s3nav.Preview
	previewErr error
	view       viewport.Model
	acts       *resources.RowActions
	// onGone, when set, is the listing's refresh, run when an action or a waiter took the object
	// away and the page leaves.
	onGone func() tea.Cmd
}

type headMsg struct {
	info s3nav.ObjectInfo
	err  error
}

type previewMsg struct {
	preview s3nav.Preview
	err     error
}

// checkedMsg is the HeadObject of Refresh: whether the object is still there.
type checkedMsg struct{ err error }

func newObjectPage(b *Browser, s tui.Session, bucket, objectKey string) *objectPage {
	vp := viewport.New()
	k := b.env.Keys.Viewer
	vp.KeyMap = viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		HalfPageUp: key.NewBinding(key.WithDisabled()), HalfPageDown: key.NewBinding(key.WithDisabled()),
		Left: key.NewBinding(key.WithDisabled()), Right: key.NewBinding(key.WithDisabled())}
	p := &objectPage{env: b.env, browser: b, session: s, bucket: bucket, key: objectKey,
		tasks: tui.NewTasks(b.env.Ctx), view: vp}
	return p
}

// rowActs are the object's row keys, once the resource definitions are in (nil before).
func (p *objectPage) rowActs() *resources.RowActions {
	acts := p.browser.rowActionsIn(&p.acts, "object", p, func(int) string { return "s3://" + p.bucket + "/" + p.key })
	if acts != nil {
		// The listing's delete key deletes the object here too (its definition's delete has none).
		acts.SetKey("delete", tui.Rename(p.env.Keys.Objects.Delete, "delete"))
	}
	return acts
}

// The object page is the row host of its one object: d y a D W act on it as on its row.
var _ resources.RowHost = (*objectPage)(nil)

func (p *objectPage) Session() tui.Session              { return p.session }
func (p *objectPage) Cursor() int                       { return 0 }
func (p *objectPage) Targets() (rows []int, hidden int) { return []int{0}, 0 }
func (p *objectPage) ClearSelection()                   {}

// Refresh follows an action or a waiter on the object: the page shows it again if it is still
// there, else (D deleted it) goes back to the listing, which lists again without it.
func (p *objectPage) Refresh() tea.Cmd {
	b, s, bucket, k := p.browser, p.session, p.bucket, p.key
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err == nil {
			_, err = c.Head(ctx, bucket, k)
		}
		return checkedMsg{err: err}
	})
}

// checked acts on Refresh's answer.
func (p *objectPage) checked(m checkedMsg) tea.Cmd {
	if !s3nav.IsNotFound(m.err) {
		return p.Reload(p.session)
	}
	cmds := []tea.Cmd{tui.Leave(p), tui.Toast(textsafe.Sprintf("s3://%s/%s is gone", p.bucket, p.key))}
	if p.onGone != nil {
		cmds = append(cmds, p.onGone())
	}
	return tea.Batch(cmds...)
}

// Row is the object, bound to its bucket.
func (p *objectPage) Row(int) (resource.Row, bool, string) {
	item := map[string]any{"Key": p.key}
	if i := p.info; i != nil {
		item["Size"], item["LastModified"], item["StorageClass"] = i.Size, i.LastModified, i.StorageClass
	}
	return resource.Row{Item: item, ListInput: map[string]any{"Bucket": p.bucket}}, true, ""
}

func (p *objectPage) Title() string {
	return textsafe.Clean(p.key[strings.LastIndex(p.key, "/")+1:])
}

func (p *objectPage) Tasks() *tui.Tasks { return p.tasks }

func (p *objectPage) Init() tea.Cmd {
	b, s, bucket, k := p.browser, p.session, p.bucket, p.key
	head := p.tasks.Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return headMsg{err: err}
		}
		info, err := c.Head(ctx, bucket, k)
		return headMsg{info: info, err: err}
	})
	preview := p.tasks.Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return previewMsg{err: err}
		}
		pv, err := c.Preview(ctx, bucket, k, s3nav.PreviewLimit)
		return previewMsg{preview: pv, err: err}
	})
	p.refresh()
	return tea.Batch(head, preview)
}

func (p *objectPage) Reload(s tui.Session) tea.Cmd {
	p.session = s
	p.tasks.Restart()
	p.info, p.infoErr, p.preview, p.previewErr = nil, nil, nil, nil
	return p.Init()
}

func (p *objectPage) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		if acts := p.rowActs(); acts != nil {
			if cmd, ok := acts.Update(inner); ok {
				return cmd
			}
		}
		switch m := inner.(type) {
		case checkedMsg:
			return p.checked(m)
		case headMsg:
			p.info, p.infoErr = &m.info, m.err
		case previewMsg:
			p.preview, p.previewErr = &m.preview, m.err
		}
		p.refresh()
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, ok := p.actions().Handle(k); ok {
			return cmd
		}
		var cmd tea.Cmd
		p.view, cmd = p.view.Update(k)
		return cmd
	}
	return nil
}

func (p *objectPage) SetSize(w, h int) {
	p.view.SetWidth(w)
	p.view.SetHeight(h)
	p.refresh()
}

func (p *objectPage) View() string { return p.view.View() }

func (p *objectPage) Busy() bool {
	return p.info == nil && p.infoErr == nil || p.preview == nil && p.previewErr == nil
}

func (p *objectPage) Status() string {
	if p.preview != nil && p.previewErr == nil {
		if p.preview.Truncated {
			return fmt.Sprintf("preview: first %s of %s", format.Bytes(int64(len(p.preview.Data))), format.Bytes(p.preview.Total))
		}
		return "preview: whole object"
	}
	return ""
}

// actions is the page's action table: the viewport's keys (it scrolls itself), reload, and the
// object's row keys when it is a resource row.
func (p *objectPage) actions() tui.Actions {
	v := p.env.Keys.Viewer
	as := tui.Actions{
		{Binding: v.Down, Footer: true}, {Binding: v.Up, Footer: true}, {Binding: v.PageDown, Footer: true}, {Binding: v.PageUp},
		{Binding: v.Top, Run: func() tea.Cmd { p.view.GotoTop(); return nil }},
		{Binding: v.Bottom, Run: func() tea.Cmd { p.view.GotoBottom(); return nil }},
		{Binding: p.env.Keys.Table.Refresh, Run: func() tea.Cmd { return p.Reload(p.session) }},
	}
	if acts := p.rowActs(); acts != nil {
		as = append(as, acts.Actions(tui.Action{})...) // nothing to select on one object
	}
	as = append(as, p.browser.wireAction(p.session))
	// The footer: the object's keys before the scrolling everyone knows.
	a := p.env.Keys.Actions
	return as.Prioritize(a.Describe, a.Copy, p.env.Keys.Objects.Delete, a.Menu)
}

func (p *objectPage) Keys() help.KeyMap { return p.actions() }

// refresh rebuilds the viewport's content from what has arrived so far.
func (p *objectPage) refresh() {
	st := p.env.Styles
	var b strings.Builder
	field := func(name, value string) {
		if value == "" {
			return
		}
		fmt.Fprintf(&b, "%s %s\n", st.Dim.Render(fmt.Sprintf("%-16s", name)), textsafe.Clean(value))
	}
	fmt.Fprintf(&b, "%s\n\n", st.Title.Render(textsafe.Clean("s3://"+p.bucket+"/"+p.key)))
	switch {
	case p.infoErr != nil:
		b.WriteString(pagekit.ErrorBlock(st, p.infoErr, p.view.Width()) + "\n")
	case p.info == nil:
		b.WriteString(st.Dim.Render("loading metadata…") + "\n")
	default:
		i := p.info
		field("Size", fmt.Sprintf("%s (%d bytes)", format.Bytes(i.Size), i.Size))
		field("Content type", i.ContentType)
		field("Content encoding", i.ContentEncoding)
		field("ETag", i.ETag)
		field("Storage class", i.StorageClass)
		field("Last modified", format.Time(i.LastModified))
		field("Version", i.VersionID)
		field("Encryption", i.ServerSideEncryption)
		field("Cache control", i.CacheControl)
		field("Restore", i.Restore)
		writeMap(&b, st, "Metadata", i.Metadata)
		tags := map[string]string{}
		for _, t := range i.Tags {
			tags[t.Key] = t.Value
		}
		writeMap(&b, st, "Tags", tags)
		if i.TagsNote != "" {
			field("Tags", i.TagsNote)
		}
	}
	b.WriteString("\n" + st.Title.Render("Preview") + "\n")
	switch {
	case p.previewErr != nil:
		b.WriteString(pagekit.ErrorBlock(st, p.previewErr, p.view.Width()) + "\n")
	case p.preview == nil:
		b.WriteString(st.Dim.Render("loading preview…") + "\n")
	case len(p.preview.Data) == 0:
		b.WriteString(st.Dim.Render("(empty object)") + "\n")
	default:
		if p.preview.Binary {
			b.WriteString(st.Dim.Render("binary content, shown as a hex dump") + "\n")
		}
		b.WriteString(s3nav.Render(*p.preview))
	}
	p.view.SetContent(b.String())
}

func writeMap(b *strings.Builder, st tui.Styles, title string, m map[string]string) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, "%s %s = %s\n", st.Dim.Render(fmt.Sprintf("%-16s", title)), textsafe.Clean(k), textsafe.Clean(m[k]))
		title = ""
	}
}

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*objectPage)(nil)
	_ tui.Reloadable     = (*objectPage)(nil)
	_ tui.StatusReporter = (*objectPage)(nil)
)

// Location implements tui.Locator: `O` opens this object in the console.
func (p *objectPage) Location() tui.Location {
	return tui.Location{Service: "s3", Type: "object", ID: p.bucket, Prefix: p.key}
}

var _ tui.Locator = (*objectPage)(nil)
