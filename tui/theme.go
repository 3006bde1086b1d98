package tui

import (
	"charm.land/lipgloss/v2"

	"github.com/nimbus-tui/nimbus/tui/theme"
)

// Styles are the app shell's styles, derived from the one theme; pages use them for their own
// text, and widgets with styles of their own (the table, the document tree, the form) derive
// theirs from Theme. With NO_COLOR they use attributes only (bold, reverse), never colour.
type Styles struct {
	// Theme is the palette every style here and in the widgets comes from.
	Theme theme.Theme
	// NoColor is Theme.NoColor, kept for pages that choose text by it.
	NoColor   bool
	Brand     lipgloss.Style
	Header    lipgloss.Style
	Dim       lipgloss.Style
	Badge     lipgloss.Style
	Crumbs    lipgloss.Style
	Status    lipgloss.Style
	TableHead lipgloss.Style
	Cursor    lipgloss.Style
	Selected  lipgloss.Style
	Error     lipgloss.Style
	Info      lipgloss.Style
	Key       lipgloss.Style
	Title     lipgloss.Style
}

// NewStyles returns the default (dark) theme's styles, or the attribute-only ones when noColor
// is set. The program uses StylesFrom with the theme its options chose.
func NewStyles(noColor bool) Styles { return StylesFrom(theme.Default(noColor)) }

// StylesFrom derives the app's styles from a theme.
func StylesFrom(th theme.Theme) Styles {
	bold := lipgloss.NewStyle().Bold(true)
	return Styles{
		Theme:     th,
		NoColor:   th.NoColor,
		Brand:     th.Pick(th.On(th.Accent).Bold(true).Padding(0, 1), bold),
		Header:    th.Text(th.Fg),
		Dim:       th.Text(th.Dim),
		Badge:     th.Pick(th.On(th.Warn).Bold(true).Padding(0, 1), bold.Reverse(true)),
		Crumbs:    th.Text(th.Accent).Bold(true),
		Status:    th.Text(th.Dim),
		TableHead: th.Text(th.Heading).Bold(true).Underline(th.NoColor),
		Cursor:    th.On(th.Accent),
		Selected:  th.Pick(th.Text(th.OK), bold),
		Error:     th.Text(th.Err).Bold(true),
		Info:      th.Text(th.OK),
		Key:       th.Text(th.Accent).Bold(true),
		Title:     th.Text(th.Fg).Bold(true),
	}
}
