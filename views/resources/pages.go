// Package resources shows boto3's resources in the terminal: any resource type declared in
// awsapi/resource as a streaming table with its columns, actions (confirmed, multi-select,
// followed by their waiters), sub-resources to drill into, describe, copy and auto-refresh.
package resources

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// Catalog is what the resource pages need of the services catalog (views/clients.Catalog): the
// models, one invoker per session and service, and the hook by which the operation form opens its
// paginated operations here. An interface, so that this package does not import the client pages.
type Catalog interface {
	Models() *model.Library
	Invoker(ctx context.Context, s tui.Session, service string) (*invoke.Invoker, *model.Service, error)
	SetCollections(open func(s tui.Session, svc *model.Service, op string, input map[string]any, snip docpage.Snippet, secret string) (tui.Page, error))
}

// Pages makes the pages of resource types and holds what they share: Open and OpenOperation
// build a type's collection page (or its Browser's), NewRowActions the row keys of any page
// showing a type's rows, Register the commands (:ec2, :list…), and the env, catalog, registry,
// waiter board and refresh interval they all use. One per app.
type Pages struct {
	env      tui.Env
	catalog  Catalog
	registry *resource.Registry
	board    *waitboard.Board
	browser  Browser
	// Refresh is the auto-refresh interval of collections (0: off); a hidden page does not refresh.
	refresh time.Duration
	// waitDelay overrides the waiters' delay between polls (0: the model's); tests shorten it.
	waitDelay time.Duration
	now       func() time.Time
	// rowPages are the actions by type that open another package's page (AddRowPage).
	rowPages map[string][]RowPage
	// waiterPages open beside the waiters started on rows of a service (OnWaiters).
	waiterPages map[string]WaiterPage
	// describePanel adds a panel above a row's description (metric sparklines): SetDescribePanel.
	describePanel DescribePanel
	// liveColumn is the column of live values collections may show (SetLiveColumn).
	liveColumn *LiveColumn
}

// LiveColumn is a column of live values that the collection pages of some types show on a key
// (actions.metrics): metric sparklines. Only the rows on screen are fetched.
type LiveColumn struct {
	// Title is the column's title for a type; "" : the type has none.
	Title func(typ string) string
	// Fetch returns one cell per item, in one call for them all.
	Fetch func(ctx context.Context, s tui.Session, typ string, items []any) ([]string, error)
	// Width is the cells' width.
	Width int
}

// SetLiveColumn sets the live column of collections (views/metricsview: a key metric's sparkline).
func (ps *Pages) SetLiveColumn(c LiveColumn) { ps.liveColumn = &c }

// DescribePanel returns what to draw above the description of a row of type typ (listed as
// item, described as doc), loaded in the describe page's task; nil: nothing.
type DescribePanel func(typ string, s tui.Session, item, doc any) func(ctx context.Context) ([]string, error)

// SetDescribePanel sets the panel of describe pages (views/metricsview: key metrics).
func (ps *Pages) SetDescribePanel(p DescribePanel) { ps.describePanel = p }

// RowPage is an action of a resource type that opens a page rather than calling an operation:
// the log tail of a log group, of a function or of an ECS task's containers. It shows in the
// actions menu and answers its key, as the YAML actions do; it applies to the targeted rows.
type RowPage struct {
	// Name is the menu's; its key is the key map's resource.<type>.<name> (keymap's row pages).
	Name string
	// Then says what it opens, for the menu's THEN column.
	Then string
	Open func(s tui.Session, rows []resource.Row) tea.Cmd
}

// WaiterPage opens a page that follows what the waiters started on rows wait for (a stack's
// events while it deploys). targets are the waiters' targets on the board, by row.
type WaiterPage func(s tui.Session, def *resource.Def, rows []resource.Row, waiter string, targets []string) tea.Cmd

// OnWaiters makes open follow every waiter started (by an action or W) on rows of service,
// once the waiters are on the board.
func (ps *Pages) OnWaiters(service string, open WaiterPage) {
	if ps.waiterPages == nil {
		ps.waiterPages = map[string]WaiterPage{}
	}
	ps.waiterPages[service] = open
}

// Board is the waiter board the pages start waiters on.
func (ps *Pages) Board() *waitboard.Board { return ps.board }

// AddRowPage adds a to the rows of type typ.
func (ps *Pages) AddRowPage(typ string, a RowPage) {
	if ps.rowPages == nil {
		ps.rowPages = map[string][]RowPage{}
	}
	ps.rowPages[typ] = append(ps.rowPages[typ], a)
}

// RowPages are the pages rows of type typ open (AddRowPage).
func (ps *Pages) RowPages(typ string) []RowPage { return ps.rowPages[typ] }

// SetWaitDelay overrides the delay between a waiter's polls (0: the model's).
func (ps *Pages) SetWaitDelay(d time.Duration) { ps.waitDelay = d }

// Browser is a dedicated page for the types declared with `browser:` (the S3 browser), which
// lists them its own way and runs their row keys through resources.Pages (NewRowActions).
type Browser interface {
	// Attach gives the browser the Pages its row keys run through; NewPages calls it.
	Attach(ps *Pages)
	// Page is the browser's page of def's rows listed with input.
	Page(s tui.Session, def *resource.Def, input map[string]any) tui.Page
}

// NewPages returns the app's Pages. refresh is the auto-refresh interval (0 turns it off); browser may be nil.
func NewPages(env tui.Env, catalog Catalog, reg *resource.Registry, board *waitboard.Board, browser Browser, refresh time.Duration) *Pages {
	ps := &Pages{env: env, catalog: catalog, registry: reg, board: board, browser: browser, refresh: refresh, now: env.Time().Now}
	if browser != nil {
		browser.Attach(ps)
	}
	if catalog != nil {
		catalog.SetCollections(ps.OpenOperation) // the form's paginated operations open here, as :list
	}
	return ps
}

// Registry is the resource registry.
func (ps *Pages) Registry() *resource.Registry { return ps.registry }

// Open is the page of a collection of def listed with input; title is its breadcrumb. Types with
// a dedicated browser (S3) open that instead.
func (ps *Pages) Open(s tui.Session, def *resource.Def, input map[string]any, title string) tui.Page {
	if def.Browser != "" && ps.browser != nil {
		return ps.browser.Page(s, def, input)
	}
	if title == "" {
		title = def.Title
	}
	return newCollectionPage(ps, s, def, input, title)
}
