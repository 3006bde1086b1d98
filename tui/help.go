package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/keymap"
)

// helpScreen is the `?` screen: the keys of the page below, the keys that work everywhere, the
// commands and their aliases. It is drawn in place of the page body and takes every key while
// open; it scrolls with the viewer keys and searches with the filter key, and the back, help
// and quit keys of the user's key map close it.
type helpScreen struct {
	keys      keymap.KeyMap
	st        Styles
	sections  []helpSection
	lines     []helpLine // sections laid out at width
	query     string
	input     textinput.Model
	searching bool
	closed    bool // the last key closed the screen
	top       int  // first line shown
	width     int
	height    int
}

type helpSection struct {
	title   string
	entries []helpEntry
}

// helpEntry is one key or command: Key in the key column, Desc beside it.
type helpEntry struct{ Key, Desc string }

type helpLine struct {
	text    string
	section int
	entry   int // -1: the section's heading or the blank line after it
	heading bool
}

// helpPageSection lists a page's keys (each binding once, enabled ones only).
func helpPageSection(title string, groups [][]key.Binding) helpSection {
	s := helpSection{title: title}
	for _, g := range groups {
		for _, b := range g {
			if !b.Enabled() || b.Help().Key == "" {
				continue
			}
			e := helpEntry{Key: b.Help().Key, Desc: b.Help().Desc}
			if !slices.Contains(s.entries, e) {
				s.entries = append(s.entries, e)
			}
		}
	}
	return s
}

// helpSections are the five groups: page keys, global keys, the bar's keys, commands, aliases.
func helpSections(keys keymap.KeyMap, page Page, global help.KeyMap, cmds *Commands) []helpSection {
	var out []helpSection
	if page != nil {
		out = append(out, helpPageSection(textsafe.Clean(page.Title())+" keys", page.Keys().FullHelp()))
	}
	out = append(out, helpPageSection("Everywhere", global.FullHelp()))
	in, bar := keys.Input, keys.Bar
	out = append(out, helpPageSection("In the : and / bar", [][]key.Binding{{in.Submit, in.Cancel,
		Rename(in.Complete, "complete a command"), bar.Next, bar.Prev}}))
	commands := helpSection{title: "Commands"}
	aliases := helpSection{title: "Aliases"}
	for _, c := range cmds.List() {
		usage := c.Usage
		if usage == "" {
			usage = c.Name
		}
		commands.entries = append(commands.entries, helpEntry{Key: ":" + usage, Desc: c.Help})
		if len(c.Aliases) > 0 {
			aliases.entries = append(aliases.entries, helpEntry{Key: ":" + strings.Join(c.Aliases, " :"), Desc: "same as :" + c.Name})
		}
	}
	out = append(out, commands)
	if len(aliases.entries) > 0 {
		out = append(out, aliases)
	}
	return out
}

func newHelpScreen(keys keymap.KeyMap, st Styles, page Page, global help.KeyMap, cmds *Commands, width, height int) *helpScreen {
	in := textinput.New()
	in.Prompt = "/"
	in.CharLimit = 64
	h := &helpScreen{keys: keys, st: st, sections: helpSections(keys, page, global, cmds), input: in}
	h.setSize(width, height)
	return h
}

func (h *helpScreen) setSize(w, ht int) {
	h.width, h.height = max(w, 20), max(ht, 2)
	h.input.SetWidth(max(h.width-4, 10))
	h.layout()
}

// layout lays the sections out at the width: a key column as wide as the section's widest key
// (at most half the screen), descriptions wrapped beside it.
func (h *helpScreen) layout() {
	h.lines = h.lines[:0]
	for si, s := range h.sections {
		if si > 0 {
			h.lines = append(h.lines, helpLine{section: si, entry: -1})
		}
		h.lines = append(h.lines, helpLine{text: h.st.Title.Render(s.title), section: si, entry: -1, heading: true})
		kw := 0
		for _, e := range s.entries {
			kw = max(kw, ansi.StringWidth(e.Key))
		}
		kw = min(kw, h.width/2)
		dw := max(h.width-kw-4, 10)
		for ei, e := range s.entries {
			k := ansi.Truncate(textsafe.Clean(e.Key), kw, "…")
			k += strings.Repeat(" ", kw-ansi.StringWidth(k))
			desc := strings.Split(ansi.Wrap(textsafe.Clean(e.Desc), dw, " "), "\n")
			for i, d := range desc {
				left := "  " + h.st.Key.Render(k)
				if i > 0 {
					left = strings.Repeat(" ", kw+2)
				}
				h.lines = append(h.lines, helpLine{text: left + "  " + d, section: si, entry: ei})
			}
		}
	}
	h.clamp()
}

// visible are the lines the search keeps: entries whose key or description holds the query,
// under their section's heading.
func (h *helpScreen) visible() []helpLine {
	if h.query == "" {
		return h.lines
	}
	q := strings.ToLower(h.query)
	match := func(si, ei int) bool {
		e := h.sections[si].entries[ei]
		return strings.Contains(strings.ToLower(e.Key+" "+e.Desc), q)
	}
	var out []helpLine
	for _, l := range h.lines {
		switch {
		case l.heading:
			if slices.ContainsFunc(h.sections[l.section].entries, func(e helpEntry) bool {
				return strings.Contains(strings.ToLower(e.Key+" "+e.Desc), q)
			}) {
				out = append(out, l)
			}
		case l.entry >= 0 && match(l.section, l.entry):
			out = append(out, l)
		}
	}
	return out
}

// rows is how many lines of help fit above the status line.
func (h *helpScreen) rows() int { return max(h.height-1, 1) }

func (h *helpScreen) clamp() {
	h.top = max(min(h.top, len(h.visible())-h.rows()), 0)
}

func (h *helpScreen) scroll(n int) {
	h.top += n
	h.clamp()
}

// closeKeys are the keys that close the screen: the user's back, help and quit keys.
func (h *helpScreen) closeKeys() key.Binding {
	g := h.keys.Global
	var keys, labels []string
	for _, b := range []key.Binding{g.Back, g.Help, g.Quit} {
		if b.Enabled() {
			keys = append(keys, b.Keys()...)
			labels = append(labels, b.Help().Key)
		}
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(labels, "/"), "close"))
}

// actions is the screen's action table: its keys and its footer.
func (h *helpScreen) actions() Actions {
	if h.searching {
		in := h.keys.Input
		return Actions{
			{Binding: Rename(in.Submit, "keep"), Footer: true, Run: func() tea.Cmd {
				h.searching = false
				h.input.Blur()
				return nil
			}},
			{Binding: Rename(in.Cancel, "clear"), Footer: true, Run: func() tea.Cmd {
				h.searching, h.query, h.top = false, "", 0
				h.input.Blur()
				return nil
			}},
		}
	}
	v, g := h.keys.Viewer, h.keys.Global
	by := func(n func() int) func() tea.Cmd { return func() tea.Cmd { h.scroll(n()); return nil } }
	lines := func(n int) func() int { return func() int { return n } }
	return Actions{
		{Binding: v.Down, Footer: true, Run: by(lines(1))},
		{Binding: v.Up, Footer: true, Run: by(lines(-1))},
		{Binding: v.PageDown, Footer: true, Run: by(h.rows)},
		{Binding: v.PageUp, Run: by(func() int { return -h.rows() })},
		{Binding: v.Top, Run: func() tea.Cmd { h.top = 0; return nil }},
		{Binding: v.Bottom, Run: by(func() int { return len(h.lines) })},
		{Binding: Rename(g.Filter, "search"), Footer: true, Run: func() tea.Cmd {
			h.searching = true
			h.input.SetValue(h.query)
			h.input.CursorEnd()
			return h.input.Focus()
		}},
		// esc clears a search before it closes.
		{Binding: Rename(g.Back, "clear search"), Enabled: func() bool { return h.query != "" }, Run: func() tea.Cmd {
			h.query, h.top = "", 0
			return nil
		}},
		{Binding: h.closeKeys(), Footer: true, Run: func() tea.Cmd { h.closed = true; return nil }},
	}
}

// update handles a key; it reports whether the screen closed.
func (h *helpScreen) update(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	h.closed = false
	if cmd, ok := h.actions().Handle(msg); ok {
		return cmd, h.closed
	}
	if h.searching {
		var cmd tea.Cmd
		h.input, cmd = h.input.Update(msg)
		h.query, h.top = h.input.Value(), 0
		return cmd, false
	}
	return nil, false
}

// view draws the lines in view and, last, the search line or where the view is.
func (h *helpScreen) view() string {
	lines := h.visible()
	end := min(h.top+h.rows(), len(lines))
	out := make([]string, 0, h.rows()+1)
	for _, l := range lines[h.top:end] {
		out = append(out, l.text)
	}
	for len(out) < h.rows() {
		out = append(out, "")
	}
	var status string
	switch {
	case h.searching:
		status = h.input.View()
	case len(lines) == 0:
		status = h.st.Error.Render(fmt.Sprintf("nothing matches /%s", textsafe.Clean(h.query)))
	default:
		status = h.st.Dim.Render(fmt.Sprintf("%d–%d of %d", h.top+1, end, len(lines)))
		if h.query != "" {
			status += h.st.Dim.Render(" · /" + textsafe.Clean(h.query))
		}
	}
	return strings.Join(append(out, status), "\n")
}

// shortHelp is the footer while the screen is open.
func (h *helpScreen) shortHelp() []key.Binding { return h.actions().ShortHelp() }
