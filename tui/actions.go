package tui

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Action is one thing a page does on a key. A page lists its actions in one table (k9s's
// KeyActions) that both dispatches its keys and feeds the footer and the `?` help, so what the
// page says it does and what it does cannot drift apart.
type Action struct {
	// Binding comes from the effective key map, so its keys and the key shown in the help are
	// the user's. Use Rename to give it a description of the page's own.
	Binding key.Binding
	// Footer shows the action in the footer as well as in the `?` help.
	Footer bool
	// Enabled reports whether the action applies now (nil: always). A disabled action is neither
	// run nor shown.
	Enabled func() bool
	// Run does it. Nil (and RunKey nil) documents a key that a component of the page (a table,
	// a text field) handles itself: it is shown but not dispatched here.
	Run func() tea.Cmd
	// RunKey, when set instead of Run, gets the key: for a binding of several keys that differ
	// in direction (see Join).
	RunKey func(tea.KeyPressMsg) tea.Cmd
	// first places the action in the footer before the others, lower first (Prioritize).
	first int
}

func (a Action) enabled() bool {
	return a.Binding.Enabled() && (a.Enabled == nil || a.Enabled())
}

// Actions is a page's action table, in the order the footer and help show them.
type Actions []Action

var _ help.KeyMap = Actions(nil)

// Handle runs the first enabled action whose binding matches msg; ok is false when none does
// (the page then gives the key to its components).
func (as Actions) Handle(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	for _, a := range as {
		if (a.Run == nil && a.RunKey == nil) || !a.enabled() || !key.Matches(msg, a.Binding) {
			continue
		}
		if a.RunKey != nil {
			return a.RunKey(msg), true
		}
		return a.Run(), true
	}
	return nil, false
}

// ShortHelp implements help.KeyMap: the enabled actions marked for the footer that have help
// text, most useful first (the app keeps the first ones when the line is short): those
// Prioritize named, then the others in the table's order.
func (as Actions) ShortHelp() []key.Binding {
	var shown Actions
	for _, a := range as {
		if a.Footer && a.enabled() && a.Binding.Help().Key != "" {
			shown = append(shown, a)
		}
	}
	slices.SortStableFunc(shown, func(x, y Action) int { return cmp.Compare(x.place(), y.place()) })
	out := make([]key.Binding, len(shown))
	for i, a := range shown {
		out[i] = a.Binding
	}
	return out
}

func (a Action) place() int {
	if a.first == 0 {
		return math.MaxInt
	}
	return a.first
}

// Prioritize puts the actions of bs (matched by their help: key and description) in the footer
// first, in that order; the table's order, which decides what a key runs, stays. The others
// follow as they were.
func (as Actions) Prioritize(bs ...key.Binding) Actions {
	out := slices.Clone(as)
	for i, b := range bs {
		for j := range out {
			if out[j].Binding.Help() == b.Help() && out[j].first == 0 {
				out[j].Footer, out[j].first = true, i+1
				break
			}
		}
	}
	return out
}

// FullHelp implements help.KeyMap: every enabled action once, the footer's first; bindings
// without help text are left out.
func (as Actions) FullHelp() [][]key.Binding {
	short := as.ShortHelp()
	seen := map[key.Help]bool{}
	for _, b := range short {
		seen[b.Help()] = true
	}
	rest := []key.Binding{}
	for _, a := range as {
		if !a.Footer && a.enabled() && a.Binding.Help().Key != "" && !seen[a.Binding.Help()] {
			seen[a.Binding.Help()] = true
			rest = append(rest, a.Binding)
		}
	}
	return [][]key.Binding{short, rest}
}

// Rename is b with the page's own description, keeping the user's keys and key label.
func Rename(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// Join is one binding for the keys of several, shown as "←/→ desc": for actions whose keys
// only differ in direction.
func Join(desc string, bs ...key.Binding) key.Binding {
	var keys, labels []string
	for _, b := range bs {
		if b.Enabled() {
			keys = append(keys, b.Keys()...)
			labels = append(labels, b.Help().Key)
		}
	}
	if len(keys) == 0 {
		return key.NewBinding(key.WithDisabled())
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(strings.Join(labels, "/"), desc))
}

// Document lists bindings that a component handles itself (a table's movement keys), for the
// help only.
func Document(bs ...key.Binding) Actions {
	out := make(Actions, len(bs))
	for i, b := range bs {
		out[i] = Action{Binding: b}
	}
	return out
}

// KeyHint is how a hint names a binding: "r retries" says the user's key, not the default.
func KeyHint(b key.Binding, does string) string { return b.Help().Key + " " + does }
