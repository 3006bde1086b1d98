package doctree

import "charm.land/lipgloss/v2"

// Styles are what the tree paints with. The page passes them in, so NO_COLOR is the page's
// choice: PlainStyles uses no colour at all, and the cursor mark keeps the cursor visible.
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

// DefaultStyles is a colour theme that matches the app's.
func DefaultStyles() Styles {
	return Styles{
		Key:        lipgloss.NewStyle().Foreground(lipgloss.Color("#7aa2f7")),
		String:     lipgloss.NewStyle().Foreground(lipgloss.Color("#9ece6a")),
		Number:     lipgloss.NewStyle().Foreground(lipgloss.Color("#ff9e64")),
		Bool:       lipgloss.NewStyle().Foreground(lipgloss.Color("#bb9af7")),
		Null:       lipgloss.NewStyle().Foreground(lipgloss.Color("#737aa2")).Italic(true),
		Summary:    lipgloss.NewStyle().Foreground(lipgloss.Color("#737aa2")),
		Match:      lipgloss.NewStyle().Foreground(lipgloss.Color("#1a1b26")).Background(lipgloss.Color("#e0af68")),
		Cursor:     lipgloss.NewStyle().Foreground(lipgloss.Color("#1a1b26")).Background(lipgloss.Color("#7aa2f7")),
		CursorMark: "❯ ",
	}
}

// PlainStyles uses attributes only (for NO_COLOR): bold keys, underlined matches, a
// reverse-video cursor line.
func PlainStyles() Styles {
	plain := lipgloss.NewStyle()
	return Styles{
		Key:        plain.Bold(true),
		String:     plain,
		Number:     plain,
		Bool:       plain,
		Null:       plain,
		Summary:    plain,
		Match:      plain.Underline(true),
		Cursor:     plain.Reverse(true),
		CursorMark: "❯ ",
	}
}
