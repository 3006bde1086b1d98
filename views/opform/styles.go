package opform

import (
	"charm.land/lipgloss/v2"

	"github.com/nimbus-tui/nimbus/tui/theme"
)

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

// StylesFrom derives the form's styles from a theme: the focused field drawn as the cursor is,
// types dim, required marks and errors in err, documentation subtle. Without colour: bold and
// reverse video.
func StylesFrom(th theme.Theme) Styles {
	plain := lipgloss.NewStyle()
	bold := plain.Bold(true)
	return Styles{
		Name:     plain,
		Focused:  th.On(th.Accent).Bold(true),
		Type:     th.Text(th.Dim),
		Required: th.Text(th.Err).Bold(true),
		Value:    th.Text(th.OK),
		Doc:      th.Pick(th.Text(th.Subtle).Italic(true), plain),
		Error:    th.Text(th.Err).Bold(true),
		Warning:  th.Text(th.Warn),
		Title:    bold,
	}
}
