// Package docpage is a page that shows one AWS document (an operation's result, a resource's
// description, a collection item) as a collapsible JSON/YAML tree, with the AWS CLI and boto3
// code that would fetch it.
package docpage

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/doctree"
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
	showing bool        // the snippet panel is open
	extra   tui.Actions // keys the page's opener adds (the wire view of the call)
	// panel is drawn above the document once loaded (a resource's metric sparklines).
	panel     []string
	loadPanel func(ctx context.Context) ([]string, error)
	tasks     *tui.Tasks
	w, h      int
}

// New returns the page for doc; status is shown at the right of the breadcrumbs ("200 OK · 84 ms").
func New(env tui.Env, title, status string, doc any, snippet Snippet) *Page {
	return &Page{env: env, title: title, status: status, tree: doctree.New(doc, env.Keys, doctree.StylesFrom(env.Styles.Theme)),
		snippet: snippet, tasks: tui.NewTasks(env.Ctx)}
}

// AddActions adds keys of the page's opener to the page (the result page's wire view).
func (p *Page) AddActions(as ...tui.Action) { p.extra = append(p.extra, as...) }

// SetPanel loads lines to draw above the document when the page opens (in a task: the
// document shows at once, the panel when it comes; a failed load is one dim line).
func (p *Page) SetPanel(load func(ctx context.Context) ([]string, error)) {
	p.loadPanel = load
	p.panel = []string{"loading…"}
}

type panelMsg struct {
	lines []string
	err   error
}

// SetKeyOrder orders the members of the document's objects (nil: by name), as the operation
// result page does to show the AWS CLI's order.
func (p *Page) SetKeyOrder(order doctree.KeyOrder) { p.tree.SetKeyOrder(order) }

// Title implements tui.Page.
func (p *Page) Title() string { return textsafe.Clean(p.title) }

// Init implements tui.Page: it starts the panel's load.
func (p *Page) Init() tea.Cmd {
	if p.loadPanel == nil {
		return nil
	}
	load := p.loadPanel
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		lines, err := load(ctx)
		return panelMsg{lines: lines, err: err}
	})
}

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
	h := p.h - len(p.panel)
	if p.showing {
		h -= len(p.snippetLines())
	}
	p.tree.SetSize(p.w, max(h, 1))
}

// Update implements tui.Page.
func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		if cmd, ok := append(append(p.pageActions(), p.snippetAction()), p.extra...).Handle(m); ok {
			return cmd
		}
		if p.showing && p.copyKey(m) {
			return nil // y and Y copy the code while it is shown, not the tree
		}
		return p.tasks.Wrap(p.tree.Update(m))
	case panelMsg:
		p.panel = m.lines
		if m.err != nil {
			p.panel = []string{"✗ " + textsafe.OneLine(m.err.Error())}
		}
		p.layout()
		return nil
	case doctree.CopiedMsg:
		return func() tea.Msg { return tui.ToastMsg{Text: textsafe.From(m.String()), Error: m.Err != nil} }
	}
	if inner, ok := p.tasks.Accept(msg); ok {
		return p.Update(inner)
	}
	return nil
}

// pageActions are the page's own keys: the code panel and, while it is shown, copying the code.
func (p *Page) pageActions() tui.Actions {
	tk := p.tree.Keys()
	showing := func(code string) func() bool { return func() bool { return p.showing && code != "" } }
	return tui.Actions{
		{Binding: tui.Rename(tk.Copy, "copy aws command"), Footer: true, Enabled: showing(p.snippet.AWSCLI),
			Run: func() tea.Cmd { return copyCode("aws command", p.snippet.AWSCLI) }},
		{Binding: tui.Rename(tk.CopyAll, "copy boto3 code"), Footer: true, Enabled: showing(p.snippet.Boto3),
			Run: func() tea.Cmd { return copyCode("boto3 code", p.snippet.Boto3) }},
	}
}

// copyKey reports whether k is one of the tree's copy keys.
func (p *Page) copyKey(k tea.KeyPressMsg) bool {
	tk := p.tree.Keys()
	return key.Matches(k, tk.Copy) || key.Matches(k, tk.CopyAll)
}

// actions is the whole table for the footer and help: the page's keys, then the tree's (without
// its copies while the code is shown), then the code panel's.
func (p *Page) actions() tui.Actions {
	as := p.pageActions()
	tk := p.tree.Keys()
	for _, a := range p.tree.Actions() {
		if p.showing && (a.Binding.Help() == tk.Copy.Help() || a.Binding.Help() == tk.CopyAll.Help()) {
			continue
		}
		as = append(as, a)
	}
	return append(append(as, p.snippetAction()), p.extra...)
}

// snippetAction shows or hides the code panel.
func (p *Page) snippetAction() tui.Action {
	return tui.Action{Binding: p.env.Keys.Actions.Snippet, Footer: true, Enabled: p.hasSnippet, Run: func() tea.Cmd {
		p.showing = !p.showing
		p.layout()
		return nil
	}}
}

func (p *Page) hasSnippet() bool { return p.snippet.AWSCLI != "" || p.snippet.Boto3 != "" }

// copyCode puts code on the clipboard (OSC 52, as the tree's copies) and says so.
func copyCode(what, code string) tea.Cmd {
	toast := tui.ToastMsg{Text: textsafe.From("copied " + what + " (" + format.Bytes(int64(len(code))) + ")")}
	return tea.Batch(tea.SetClipboard(code), func() tea.Msg { return toast })
}

// snippetLines are the rows of the code panel. Code is wrapped at the page width, never cut, so
// a long aws command can be read whole (and y copies it); a panel taller than the page keeps
// the first rows and says how to get the rest.
func (p *Page) snippetLines() []string {
	st := p.env.Styles
	w := max(p.w, 1)
	lines := []string{st.Dim.Render(strings.Repeat("─", w))}
	code := func(text string) {
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, strings.Split(ansi.Hardwrap(textsafe.Clean(l), w, true), "\n")...)
		}
	}
	if p.snippet.AWSCLI != "" {
		lines = append(lines, st.Title.Render("aws cli")+st.Dim.Render(" · "+p.tree.Keys().Copy.Help().Key+" copies"))
		code(p.snippet.AWSCLI)
	}
	if p.snippet.Boto3 != "" {
		lines = append(lines, st.Title.Render("boto3")+st.Dim.Render(" · "+p.tree.Keys().CopyAll.Help().Key+" copies"))
		code(p.snippet.Boto3)
	}
	if limit := max(p.h-1, 1); len(lines) > limit {
		lines = append(lines[:limit-1], st.Dim.Render(ansi.Truncate("… more: "+p.tree.Keys().Copy.Help().Key+"/"+p.tree.Keys().CopyAll.Help().Key+" copy the whole code", w, "…")))
	}
	return lines
}

// View implements tui.Page.
func (p *Page) View() string {
	v := p.tree.View()
	if len(p.panel) > 0 {
		lines := make([]string, len(p.panel))
		for i, l := range p.panel {
			lines[i] = p.env.Styles.Dim.Render(ansi.Truncate(textsafe.Clean(l), max(p.w, 1), "…"))
		}
		v = strings.Join(lines, "\n") + "\n" + v
	}
	if p.showing {
		v += "\n" + strings.Join(p.snippetLines(), "\n")
	}
	return v
}

// ClickLine implements tui.Clicker: a click on the document puts the tree's cursor there (the
// panel above it and the code panel below take no clicks).
func (p *Page) ClickLine(line int) bool { return p.tree.ClickLine(line - len(p.panel)) }

// Keys implements tui.Page.
func (p *Page) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*Page)(nil)
	_ tui.Filterable     = (*Page)(nil)
	_ tui.StatusReporter = (*Page)(nil)
	_ tui.Clicker        = (*Page)(nil)
)
