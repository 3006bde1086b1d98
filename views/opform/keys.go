package opform

import (
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
)

// Keys are the form's bindings.
type Keys struct {
	Next   key.Binding
	Prev   key.Binding
	Submit key.Binding // on any field
	Enter  key.Binding // next field, or submit on the last one
	Cancel key.Binding
	Editor key.Binding
	Left   key.Binding // previous enum value, toggle
	Right  key.Binding // next enum value, toggle
	Toggle key.Binding // booleans
}

// NewKeys derives the form's bindings from the user's key map: cancel and enter follow its
// input keys, run is actions.run; the rest are the form's own.
func NewKeys(km keymap.KeyMap) Keys {
	bind := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	enter := km.Input.Submit
	enter.SetHelp(enter.Help().Key, "next/run")
	cancel := km.Input.Cancel
	cancel.SetHelp(cancel.Help().Key, "cancel")
	return Keys{
		Next:   bind("tab/↓", "next field", "tab", "down"),
		Prev:   bind("shift+tab/↑", "previous field", "shift+tab", "up"),
		Submit: tui.Rename(km.Actions.Run, "run"),
		Enter:  enter,
		Cancel: cancel,
		Editor: bind("ctrl+e", "edit in $EDITOR", "ctrl+e"),
		Left:   bind("←", "previous value", "left"),
		Right:  bind("→", "next value", "right"),
		Toggle: bind("space", "toggle", "space"),
	}
}

// Styles are the form's looks.
type Styles struct {
	Name     lipgloss.Style // a field's name
	Focused  lipgloss.Style // the focused field's name
	Type     lipgloss.Style // the type column
	Required lipgloss.Style // the required mark
	Value    lipgloss.Style // a toggle's or a read-only value
	Doc      lipgloss.Style // the focused field's doc
	Error    lipgloss.Style
	Warning  lipgloss.Style
	Title    lipgloss.Style
}

// DefaultStyles returns the colour styles, or attribute-only ones when noColor is set.
func DefaultStyles(noColor bool) Styles {
	plain := lipgloss.NewStyle()
	if noColor {
		return Styles{
			Name: plain, Focused: plain.Bold(true).Reverse(true), Type: plain, Required: plain.Bold(true),
			Value: plain, Doc: plain, Error: plain.Bold(true), Warning: plain, Title: plain.Bold(true),
		}
	}
	return Styles{
		Name:     plain,
		Focused:  plain.Bold(true).Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#7dcfff")),
		Type:     plain.Foreground(lipgloss.Color("#7a8199")),
		Required: plain.Foreground(lipgloss.Color("#f7768e")).Bold(true),
		Value:    plain.Foreground(lipgloss.Color("#9ece6a")),
		Doc:      plain.Foreground(lipgloss.Color("#a9b1d6")).Italic(true),
		Error:    plain.Foreground(lipgloss.Color("#f7768e")).Bold(true),
		Warning:  plain.Foreground(lipgloss.Color("#e0af68")),
		Title:    plain.Bold(true),
	}
}

// FormEnv is what a form needs from its page.
type FormEnv struct {
	Keys   keymap.KeyMap
	Styles Styles
}
