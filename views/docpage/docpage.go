// Package docpage is a page that shows one AWS document (an operation's result, a resource's
// description, a collection item) as a collapsible JSON/YAML tree, with the AWS CLI and boto3
// code that would fetch it.
package docpage

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/doctree"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// Snippet is the code that reproduces the call (both optional).
type Snippet struct {
	AWSCLI string
	Boto3  string
}

// Page shows a document.
type Page struct {
	env     tui.Env
	title   string
	status  string
	tree    *doctree.Tree
	snippet Snippet
	showing bool // the snippet panel is open
	tasks   *tui.Tasks
	w, h    int
}

// New returns the page for doc; status is shown at the right of the breadcrumbs ("200 OK · 84 ms").
func New(env tui.Env, title, status string, doc any, snippet Snippet) *Page {
	st := doctree.DefaultStyles()
	if env.Styles.NoColor {
		st = doctree.PlainStyles()
	}
	return &Page{env: env, title: title, status: status, tree: doctree.New(doc, env.Keys, st),
		snippet: snippet, tasks: tui.NewTasks(env.Ctx)}
}

// SetKeyOrder orders the members of the document's objects (nil: by name), as the operation
// result page does to show the AWS CLI's order.
func (p *Page) SetKeyOrder(order doctree.KeyOrder) { p.tree.SetKeyOrder(order) }

// Title implements tui.Page.
func (p *Page) Title() string { return textsafe.Clean(p.title) }

// Init implements tui.Page.
func (p *Page) Init() tea.Cmd { return nil }

// Tasks implements tui.Page.
func (p *Page) Tasks() *tui.Tasks { return p.tasks }

// Status implements tui.StatusReporter.
func (p *Page) Status() string { return p.status }

// Busy implements tui.StatusReporter.
func (p *Page) Busy() bool { return false }

// SetFilter keeps the paths whose key or value holds q.
func (p *Page) SetFilter(q string) tea.Cmd { p.tree.SetFilter(q); return nil }

// FilterQuery implements tui.Filterable.
func (p *Page) FilterQuery() string { return p.tree.Filter() }

// SetSize implements tui.Page.
func (p *Page) SetSize(w, h int) {
	p.w, p.h = w, h
	p.layout()
}

func (p *Page) layout() {
	h := p.h
	if p.showing {
		h -= len(p.snippetLines())
	}
	p.tree.SetSize(p.w, max(h, 1))
}

// Update implements tui.Page.
func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(m, p.env.Keys.Actions.Snippet) && (p.snippet.AWSCLI != "" || p.snippet.Boto3 != "") {
			p.showing = !p.showing
			p.layout()
			return nil
		}
		return p.tasks.Wrap(p.tree.Update(m))
	case doctree.CopiedMsg:
		return func() tea.Msg { return tui.ToastMsg{Text: textsafe.From(m.String()), Error: m.Err != nil} }
	}
	if inner, ok := p.tasks.Accept(msg); ok {
		return p.Update(inner)
	}
	return nil
}

func (p *Page) snippetLines() []string {
	st := p.env.Styles
	lines := []string{st.Dim.Render(strings.Repeat("─", max(p.w, 1)))}
	if p.snippet.AWSCLI != "" {
		lines = append(lines, st.Title.Render("aws cli"), textsafe.Clean(p.snippet.AWSCLI))
	}
	if p.snippet.Boto3 != "" {
		lines = append(lines, st.Title.Render("boto3"))
		for _, l := range strings.Split(p.snippet.Boto3, "\n") {
			lines = append(lines, textsafe.Clean(l))
		}
	}
	return lines
}

// View implements tui.Page.
func (p *Page) View() string {
	v := p.tree.View()
	if p.showing {
		v += "\n" + strings.Join(p.snippetLines(), "\n")
	}
	return v
}

// Keys implements tui.Page.
func (p *Page) Keys() help.KeyMap {
	tk := p.tree.KeyMap()
	short := tk.ShortHelp()
	full := tk.FullHelp()
	if p.snippet.AWSCLI != "" || p.snippet.Boto3 != "" {
		short = append(short, p.env.Keys.Actions.Snippet)
		full = append(full, []key.Binding{p.env.Keys.Actions.Snippet})
	}
	return pagekit.KeyMap{Short: short, Full: full}
}
