package tui

import (
	"charm.land/lipgloss/v2"
)

// Styles is the app's theme. With NO_COLOR it uses attributes only (bold, reverse), never colour.
type Styles struct {
	// NoColor is set when NO_COLOR asked for attributes only; widgets with themes of their own follow it.
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

// NewStyles returns the colour theme, or the attribute-only one when noColor is set.
func NewStyles(noColor bool) Styles {
	if noColor {
		plain := lipgloss.NewStyle()
		return Styles{
			NoColor: true,
			Brand:   plain.Bold(true), Header: plain, Dim: plain, Badge: plain.Bold(true).Reverse(true),
			Crumbs: plain.Bold(true), Status: plain, TableHead: plain.Bold(true).Underline(true),
			Cursor: plain.Reverse(true), Selected: plain.Bold(true), Error: plain.Bold(true), Info: plain,
			Key: plain.Bold(true), Title: plain.Bold(true),
		}
	}
	accent := lipgloss.Color("#7aa2f7")
	dim := lipgloss.Color("#737aa2")
	return Styles{
		Brand:     lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#1a1b26")).Background(accent).Padding(0, 1),
		Header:    lipgloss.NewStyle().Foreground(lipgloss.Color("#c0caf5")),
		Dim:       lipgloss.NewStyle().Foreground(dim),
		Badge:     lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#1a1b26")).Background(lipgloss.Color("#e0af68")).Padding(0, 1),
		Crumbs:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Status:    lipgloss.NewStyle().Foreground(dim),
		TableHead: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#bb9af7")),
		Cursor:    lipgloss.NewStyle().Foreground(lipgloss.Color("#1a1b26")).Background(accent),
		Selected:  lipgloss.NewStyle().Foreground(lipgloss.Color("#9ece6a")),
		Error:     lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#f7768e")),
		Info:      lipgloss.NewStyle().Foreground(lipgloss.Color("#9ece6a")),
		Key:       lipgloss.NewStyle().Bold(true).Foreground(accent),
		Title:     lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#c0caf5")),
	}
}
