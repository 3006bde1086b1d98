package s3

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/plural"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// objectsPage lists the common prefixes and objects of a bucket under a prefix. Rows stream in
// one ListObjectsV2 page per task through pagekit.Stream, as every collection's do, so the first
// page is drawn as soon as it arrives.
//
// The table is the only copy of the rows, kept small for million-key prefixes (see
// BenchmarkObjectRows1M): the name (sharing the key's bytes), the size and the time as int64
// keys drawn when shown, the storage class interned. A row's key is the prefix and its name.
type objectsPage struct {
	pagekit.TablePage
	browser *Browser
	session tui.Session
	bucket  string
	prefix  string
	// rawNames holds the names that textsafe.Clean changed (rare), by row: the table shows the
	// cleaned text, the calls need the real key.
	rawNames map[int]string
	classes  map[string]string // storage classes, interned
	folders  int               // how many entries are prefixes, for the count
	stream   *pagekit.Stream[[]s3nav.Entry]
	acts     *resources.RowActions
	// selectName is a row awaited (W): the cursor goes to it when the listing brings it.
	selectName string
	// replace is set by a refresh: the rows on screen stay until its first page replaces them,
	// so a refresh that fails (the endpoint gone for a moment) leaves them, marked stale.
	replace bool
}

// Columns of the objects table; colSize's key is -1 for a prefix.
const (
	colName = iota
	colSize
	colModified
	colStorage
)

// noTime is the LAST MODIFIED key of a row without one (a prefix).
const noTime = math.MinInt64

func newObjectsPage(b *Browser, s tui.Session, bucket, prefix string) *objectsPage {
	cols := []vtable.Column{
		{Title: "NAME", MinWidth: 12, Flex: true},
		{Title: "SIZE", MinWidth: 8, MaxWidth: 10, Right: true, Keyed: true, Format: format.AppendBytes, Chars: format.BytesChars},
		{Title: "LAST MODIFIED", MinWidth: 19, MaxWidth: 19, Keyed: true, Format: appendTime, Chars: format.TimeChars},
		{Title: "STORAGE", MinWidth: 8, MaxWidth: 20},
	}
	p := &objectsPage{
		TablePage: pagekit.NewTablePage(b.env, "objects", cols),
		browser:   b, session: s, bucket: bucket, prefix: prefix,
		rawNames: map[int]string{}, classes: map[string]string{},
	}
	p.stream = pagekit.NewStream[[]s3nav.Entry](&p.TablePage)
	p.CountText = p.countText
	p.SetRowID(func(row int) string { return p.Table.Cell(row, colName) }) // names are unique under a prefix
	return p
}

// rowActs are the objects' row keys, once the resource definitions are in (nil before).
func (p *objectsPage) rowActs() *resources.RowActions {
	return p.browser.rowActionsIn(&p.acts, "object", p, func(i int) string { return "s3://" + p.bucket + "/" + p.entry(i).Key })
}

// The objects page is the object type's row host: d (HeadObject), y (the s3:// URI), a, D, W act
// on objects; a prefix is no object, so they say so there.
var _ resources.RowHost = (*objectsPage)(nil)

func (p *objectsPage) Session() tui.Session { return p.session }
func (p *objectsPage) Cursor() int          { return p.Table.Cursor() }
func (p *objectsPage) ClearSelection()      { p.Table.ClearSelected() }

// Row is object i as ListObjectsV2 lists it, bound to the bucket and prefix listed.
func (p *objectsPage) Row(i int) (resource.Row, bool, string) {
	if i < 0 || i >= p.Table.Len() {
		return resource.Row{}, false, "no object here"
	}
	e := p.entry(i)
	if e.IsPrefix {
		return resource.Row{}, false, textsafe.Clean(e.Key) + " is a prefix, not an object: " + tui.KeyHint(p.Env.Keys.Table.Open, "opens it")
	}
	item := map[string]any{"Key": e.Key, "Size": p.Table.Key(i, colSize),
		"StorageClass": p.Table.Cell(i, colStorage)}
	if t := p.Table.Key(i, colModified); t != noTime {
		item["LastModified"] = time.Unix(t, 0).UTC()
	}
	return resource.Row{Item: item, ListInput: map[string]any{"Bucket": p.bucket, "Prefix": p.prefix}}, true, ""
}

// Refresh lists again after an action or a waiter, unless a listing is under way.
func (p *objectsPage) Refresh() tea.Cmd {
	if p.Loading {
		return nil
	}
	return p.Reload(p.session)
}

// countText says "3 objects", "2 prefixes" or "1 object, 2 prefixes" (a folder is no object);
// filtered, "1 of 31 entries: 30 objects, 1 prefix".
func (p *objectsPage) countText(n int) string {
	objects := n - p.folders
	switch {
	case p.folders == 0:
		return format.Count(n) + " " + plural.Noun(n, "objects")
	case objects == 0:
		return format.Count(n) + " " + plural.Noun(n, "prefixes")
	}
	both := format.Count(objects) + " " + plural.Noun(objects, "objects") + ", " +
		format.Count(p.folders) + " " + plural.Noun(p.folders, "prefixes")
	if p.Table.Filter() != "" { // the status reads "1 of " before it: of what, then
		return format.Count(n) + " entries: " + both
	}
	return both
}

// Title is the bucket at its root, else the last segment of the prefix ("01/").
func (p *objectsPage) Title() string {
	if p.prefix == "" {
		return textsafe.Clean(p.bucket)
	}
	trimmed := strings.TrimSuffix(p.prefix, "/")
	return textsafe.Clean(trimmed[strings.LastIndex(trimmed, "/")+1:] + "/")
}

func (p *objectsPage) Init() tea.Cmd {
	b, s, bucket, prefix := p.browser, p.session, p.bucket, p.prefix
	return p.stream.Start(func(ctx context.Context) (pagekit.Fetch[[]s3nav.Entry], error) {
		c, err := b.client(ctx, s)
		if err != nil {
			return nil, err
		}
		l := c.NewLister(bucket, prefix, false, s3nav.DefaultPageSize)
		return func(ctx context.Context) ([]s3nav.Entry, bool, error) {
			page, err := l.Next(ctx)
			return page.Entries, page.More, err
		}, nil
	})
}

func (p *objectsPage) Reload(s tui.Session) tea.Cmd {
	switched := !s.Same(p.session)
	p.session = s
	if !switched {
		p.BeginReload()
		p.replace = true
		return p.Init()
	}
	// Another profile or region: its rows must not stay under the new name.
	p.replace = false
	restart := p.Restart()
	p.rawNames, p.folders = map[int]string{}, 0
	return tea.Batch(restart, p.Init())
}

func (p *objectsPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.HandleKey(p.actions(), k)
	}
	inner, cmd, ok := p.Result(msg)
	if !ok {
		return cmd
	}
	if cmd, ok := p.xferUpdate(inner); ok {
		return cmd
	}
	if cmd, ok := p.ownUpdate(inner); ok {
		return cmd
	}
	if acts := p.rowActs(); acts != nil {
		if cmd, ok := acts.Update(inner); ok {
			return cmd
		}
	}
	if m, isPage := inner.(pagekit.Listed[[]s3nav.Entry]); isPage {
		return p.listed(m)
	}
	return nil
}

// listed appends one page of entries to the table as compact rows.
func (p *objectsPage) listed(m pagekit.Listed[[]s3nav.Entry]) tea.Cmd {
	if notice, ok := p.stream.Take(m); !ok {
		return notice
	}
	var refill tea.Cmd
	if p.replace { // the first page of a refresh: now the old rows go
		p.replace = false
		refill = p.ResetRows()
		p.rawNames, p.folders = map[int]string{}, 0
	}
	n := len(m.Batch)
	rows := make([][]string, n)
	sizes, times := make([]int64, n), make([]int64, n)
	first := p.Table.Len()
	for i, e := range m.Batch {
		name := e.Name
		if clean := textsafe.Clean(e.Name); clean != e.Name {
			p.rawNames[first+i] = e.Name
			// A tab is shown \t, not as the space Clean makes of it: "tab\tname" and
			// "tab name" are two keys.
			name = strings.ReplaceAll(e.Name, "\t", `\t`)
		}
		if e.IsPrefix {
			rows[i] = []string{name, "", "", "–"}
			sizes[i], times[i] = -1, noTime // folders sort before every object
			p.folders++
			continue
		}
		rows[i] = []string{name, "", "", p.intern(e.StorageClass)}
		sizes[i], times[i] = e.Size, noTime
		if !e.LastModified.IsZero() {
			times[i] = e.LastModified.Unix()
		}
	}
	p.Table.AppendKeyed(rows, [][]int64{nil, sizes, times})
	p.selectListed(first)
	if next, more := p.stream.Next(m); more {
		return tea.Batch(refill, next)
	}
	return tea.Batch(refill, p.Done("nothing under this prefix"))
}

// intern returns one shared copy of a storage class: a million rows hold three or four values.
func (p *objectsPage) intern(class string) string {
	if c, ok := p.classes[class]; ok {
		return c
	}
	c := textsafe.Clean(class)
	p.classes[class] = c
	return c
}

// appendTime draws a LAST MODIFIED key (Unix seconds, noTime for none) as format.Time does.
func appendTime(dst []byte, sec int64) []byte {
	if sec == noTime {
		return append(dst, format.Unknown...)
	}
	return format.AppendUnix(dst, sec)
}

// entry is row i as the listing gave it.
type entry struct {
	Key      string
	IsPrefix bool
}

func (p *objectsPage) entry(i int) entry {
	name, ok := p.rawNames[i]
	if !ok {
		name = p.Table.Cell(i, colName)
	}
	return entry{Key: p.prefix + name, IsPrefix: p.Table.Key(i, colSize) < 0}
}

func (p *objectsPage) open() tea.Cmd {
	i := p.Table.Cursor()
	if i < 0 || i >= p.Table.Len() {
		return nil
	}
	e := p.entry(i)
	if e.IsPrefix {
		return tui.Push(p.browser.Objects(p.session, p.bucket, e.Key))
	}
	page := newObjectPage(p.browser, p.session, p.bucket, e.Key)
	page.onGone = p.Refresh
	return tui.Push(page)
}

// Status adds the selection and the sort to the table's status.
func (p *objectsPage) Status() string {
	s := p.TablePage.Status()
	if n := p.Table.SelectedLen(); n > 0 {
		s += fmt.Sprintf(" · %d selected", n)
	}
	if sort := p.SortStatus(); sort != "" {
		s += " · " + sort
	}
	return s
}

// actions is the page's action table: its keys, footer and help.
func (p *objectsPage) actions() tui.Actions {
	as := append(append(p.ownActions(), p.xferActions()...), rowTable(&p.TablePage, p.rowActs(), p.open, func() tea.Cmd {
		if resume, ok := p.Resume(); ok { // a listing that failed part way goes on from there
			return resume
		}
		return p.Reload(p.session)
	}, true)...)
	as = append(as, p.browser.wireAction(p.session))
	// The footer: what a user of a bucket does most, before the row keys of any resource page.
	k, t := p.Env.Keys.Objects, p.Env.Keys.Table
	return as.Prioritize(t.Open, p.Env.Keys.Actions.Select, k.Download, k.Upload, k.Delete, p.Env.Keys.Actions.Describe,
		p.Env.Keys.Actions.Copy, p.Env.Keys.Actions.Menu)
}

func (p *objectsPage) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*objectsPage)(nil)
	_ tui.Reloadable     = (*objectsPage)(nil)
	_ tui.Filterable     = (*objectsPage)(nil)
	_ tui.StatusReporter = (*objectsPage)(nil)
	_ tui.BackHandler    = (*objectsPage)(nil)
)

// Location implements tui.Locator: `O` opens this prefix in the console.
func (p *objectsPage) Location() tui.Location {
	return tui.Location{Service: "s3", Type: "bucket", ID: p.bucket, Prefix: p.prefix}
}

var _ tui.Locator = (*objectsPage)(nil)
