package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// chromeLines is how many lines the header, breadcrumbs, message line and footer take.
const chromeLines = 4

// View implements tea.Model. The frame passes textsafe.Screen on its way to the terminal: a
// renderer that forgot to clean outside text can then change colours at worst, never drive the
// terminal (links, titles, clipboard, cursor). Tests check Render, before this guard.
func (a *App) View() tea.View {
	v := tea.NewView(textsafe.Screen(a.Render()))
	a.frameDrawn()
	v.AltScreen = true
	if !a.opts.NoMouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.WindowTitle = "nimbus"
	if a.bar.active() {
		if c := a.bar.input.Cursor(); c != nil {
			c.Y += a.height - 2
			v.Cursor = c
		}
	}
	return v
}

// Render draws the whole screen as a string; tests snapshot it.
func (a *App) Render() string {
	if a.width <= 0 || a.height <= 0 {
		return ""
	}
	lines := make([]string, 0, a.height)
	lines = append(lines, a.headerLine(), a.crumbLine())
	body := ""
	if a.help != nil {
		body = a.help.view()
	} else if t := a.top(); t != nil {
		body = t.page.View()
	}
	lines = append(lines, a.overlay(fitLines(body, a.width, a.bodyHeight()))...)
	lines = append(lines, a.messageLine(), a.footerLine())
	return strings.Join(lines, "\n")
}

// fitLines cuts or pads s to exactly h lines of at most w cells.
func fitLines(s string, w, h int) []string {
	out := strings.Split(s, "\n")
	if len(out) > h {
		out = out[:h]
	}
	for i, l := range out {
		if ansi.StringWidth(l) > w {
			out[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

func (a *App) headerLine() string {
	st := a.opts.Styles
	s := a.session
	// Profile, region and endpoint come from config files and flags: outside text too.
	parts := []string{textsafe.Clean(s.Profile), textsafe.Clean(s.Region)}
	if id := a.identity.text(); id != "" {
		parts = append(parts, id)
	}
	if s.Endpoint != "" {
		parts = append(parts, textsafe.Clean(s.Endpoint))
	}
	left := st.Brand.Render("nimbus") + " " + st.Header.Render(strings.Join(parts, " · "))
	g := a.opts.Keys.Global
	badges := []string{st.Dim.Render(g.Profile.Help().Key + " profile · " + g.Region.Help().Key + " region")}
	for _, c := range a.opts.Components {
		if ind := c.Indicator(); ind != "" {
			badges = append(badges, st.Info.Render(a.spin.view()+" "+ind))
		}
	}
	if s.Demo {
		badges = append(badges, st.Badge.Render("DEMO"))
	}
	if s.ReadOnly {
		badges = append(badges, st.Badge.Render("READ-ONLY"))
	}
	line := spread(left, strings.Join(badges, " "), a.width)
	if s.Color != "" {
		// The profile's colour across the whole line, so production cannot pass for another
		// account; reverse video where there is no colour.
		th := st.Theme
		bar := th.Pick(lipgloss.NewStyle().Background(lipgloss.Color(s.Color)).Foreground(lipgloss.Color(th.Bg)).Bold(true),
			lipgloss.NewStyle().Reverse(true))
		line = bar.Render(ansi.Strip(line))
	}
	return line
}

func (a *App) crumbLine() string {
	st := a.opts.Styles
	titles := make([]string, len(a.stack))
	for i, e := range a.stack {
		titles[i] = textsafe.Clean(e.page.Title())
	}
	left := st.Crumbs.Render(strings.Join(titles, " › "))
	right := ""
	if stale := a.staleText(); stale != "" {
		return spread(left, st.Error.Render(stale), a.width)
	}
	if t := a.top(); t != nil {
		if r, ok := t.page.(StatusReporter); ok {
			right = textsafe.Clean(r.Status())
			if r.Busy() {
				right = a.spin.view() + " " + right
			}
		}
	}
	return spread(left, st.Status.Render(right), a.width)
}

func (a *App) messageLine() string {
	st := a.opts.Styles
	switch {
	case a.bar.active():
		return a.bar.view()
	case a.toast.text != "":
		if a.toast.isErr {
			return st.Error.Render("✗ " + a.toast.text.String())
		}
		return st.Info.Render(a.toast.text.String())
	}
	if w := a.waitingText(); w != "" {
		return st.Info.Render(a.spin.view() + " " + w)
	}
	if t := a.top(); t != nil {
		if f, ok := t.page.(Filterable); ok && f.FilterQuery() != "" {
			return st.Dim.Render("/" + textsafe.Clean(f.FilterQuery()) + "  (" + a.opts.Keys.Global.Back.Help().Key + " clears)")
		}
	}
	return ""
}

func (a *App) footerLine() string {
	var bindings []key.Binding
	t := a.top()
	switch {
	case a.bar.active():
		bindings = a.bar.footerKeys() // the bar takes every key: : / ? q are text there
	case a.dialog() != nil:
		bindings = a.dialog().Keys().ShortHelp() // the dialog has every key: the page's and the app's wait
	case a.help != nil:
		bindings = a.help.shortHelp()
	case t != nil && capturesKeys(t.page):
		// A focused text field takes : / ? q as text: only the page's own keys work.
		bindings = t.page.Keys().ShortHelp()
	default:
		var page []key.Binding
		if t != nil {
			page = t.page.Keys().ShortHelp()
		}
		return a.pageFooter(page, a.filters())
	}
	return a.fitFooter(a.footerParts(bindings), nil, "")
}

// pageFooter is the footer of a page: its keys, then the app's (esc back, / filter where the
// page filters, : command, q quit), then the help key. When not all fit, the most useful go
// first — the page's first two keys (each page lists its keys most useful first), esc, /, the
// page's next two, :, its others, then q — and the help key, always last, says "more" for the
// keys left out (all of them are on its screen).
func (a *App) pageFooter(page []key.Binding, filters bool) string {
	g := a.opts.Keys.Global
	parts := a.footerParts(page)
	rank := make([]int, len(parts))
	for i := range parts {
		switch {
		case i < 2:
			rank[i] = i
		case i < 4:
			rank[i] = i + 2 // esc and / after the first two
		default:
			rank[i] = i + 3 // : after the first four
		}
	}
	add := func(b key.Binding, r int) {
		if p := a.footerParts([]key.Binding{b}); len(p) > 0 {
			parts, rank = append(parts, p...), append(rank, r)
		}
	}
	if a.backDoesSomething() {
		add(Rename(g.Back, a.backDoes()), 2)
	}
	if filters {
		add(Rename(g.Filter, a.filterDoes()), 3)
	}
	add(g.Command, 6)
	add(g.Quit, len(page)+3)
	if !g.Help.Enabled() {
		return a.fitFooter(parts, rank)
	}
	st := a.opts.Styles
	hint := func(desc string) string { return st.Key.Render(g.Help.Help().Key) + " " + st.Dim.Render(desc) }
	return a.fitFooter(parts, rank, hint("help"), hint("more"))
}

// footerParts are the enabled bindings as "key desc" pieces.
func (a *App) footerParts(bindings []key.Binding) []string {
	st := a.opts.Styles
	var parts []string
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		parts = append(parts, st.Key.Render(h.Key)+" "+st.Dim.Render(h.Desc))
	}
	return parts
}

// fitFooter puts parts on one line of the window's width, whole: when they do not all fit, those
// of the lowest rank (nil: the first) are kept, each that fits in the room left, in their order.
// hint ends the line when set: hints[0] when every part is shown, hints[1] (if any) when some are
// not; without a hint a "…" says so. A part is cut only when it alone is wider than the line.
func (a *App) fitFooter(parts []string, rank []int, hints ...string) string {
	st := a.opts.Styles
	sep := st.Dim.Render(" · ")
	sw := ansi.StringWidth(sep)
	join := func(kept []string, hint string) string {
		if hint != "" {
			kept = append(slices.Clone(kept), hint)
		}
		return strings.Join(kept, sep)
	}
	hint := ""
	if len(hints) > 0 {
		hint = hints[0]
	}
	if all := join(parts, hint); ansi.StringWidth(all) <= a.width {
		return all
	}
	more := st.Dim.Render("…")
	if len(hints) > 1 {
		more = hints[1]
	} else if hint != "" {
		more = hint
	}
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	if rank != nil {
		slices.SortStableFunc(order, func(x, y int) int { return rank[x] - rank[y] })
	}
	keep := make([]bool, len(parts))
	used := ansi.StringWidth(more)
	for _, i := range order {
		if w := ansi.StringWidth(parts[i]) + sw; used+w <= a.width {
			keep[i], used = true, used+w
		}
	}
	var kept []string
	for i, p := range parts {
		if keep[i] {
			kept = append(kept, p)
		}
	}
	return ansi.Truncate(join(kept, more), a.width, "…")
}

// spread puts left and right on one line of width w, cutting left when both do not fit.
func spread(left, right string, w int) string {
	lw, rw := lipgloss.Width(left), lipgloss.Width(right)
	if lw+rw+1 > w {
		left = ansi.Truncate(left, max(w-rw-1, 0), "…")
		lw = lipgloss.Width(left)
	}
	gap := max(w-lw-rw, 1)
	line := left + strings.Repeat(" ", gap) + right
	return ansi.Truncate(line, w, "")
}
