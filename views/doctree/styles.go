package doctree

import (
	"charm.land/lipgloss/v2"

	"github.com/nimbus-tui/nimbus/tui/theme"
)

// Styles are what the tree paints with. The page derives them from the app's theme; without
// colour (NO_COLOR) they use attributes only, and the cursor mark keeps the cursor visible.
type Styles struct {
	Key    lipgloss.Style
	String lipgloss.Style
	Number lipgloss.Style
	Bool   lipgloss.Style
	Null   lipgloss.Style
	// Summary paints container summaries ("{…} 12 keys"), brackets and byte counts.
	Summary lipgloss.Style
	// Match paints the text that matches the filter.
	Match lipgloss.Style
	// Cursor paints the whole line under the cursor, drawn as plain text inside it.
	Cursor lipgloss.Style
	// CursorMark is drawn in the gutter of the cursor line; other lines get as many spaces.
	CursorMark string
}

// StylesFrom derives the tree's styles from a theme: member names in the accent, strings ok,
// numbers and booleans in their roles, null and summaries dim; matches on warn. Without colour:
// bold keys, underlined matches, a reverse-video cursor line.
func StylesFrom(th theme.Theme) Styles {
	plain := lipgloss.NewStyle()
	return Styles{
		Key:        th.Pick(th.Text(th.Accent), plain.Bold(true)),
		String:     th.Text(th.OK),
		Number:     th.Text(th.Number),
		Bool:       th.Text(th.Heading),
		Null:       th.Pick(th.Text(th.Dim).Italic(true), plain),
		Summary:    th.Text(th.Dim),
		Match:      th.Pick(th.On(th.Warn), plain.Underline(true)),
		Cursor:     th.On(th.Accent),
		CursorMark: "❯ ",
	}
}
