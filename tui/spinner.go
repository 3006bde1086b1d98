package tui

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// ticker is the spinner that turns while work is under way; its ticks also redraw the seconds of
// a wait on AWS.
type ticker struct {
	model    spinner.Model
	spinning bool
}

func newTicker() ticker { return ticker{model: spinner.New(spinner.WithSpinner(spinner.MiniDot))} }

// start sets the spinner turning unless it already is.
func (s *ticker) start() tea.Cmd {
	if s.spinning {
		return nil
	}
	s.spinning = true
	return s.model.Tick
}

// tick turns the spinner on while busy, and stops it otherwise.
func (s *ticker) tick(msg spinner.TickMsg, busy bool) tea.Cmd {
	if !busy {
		s.spinning = false
		return nil
	}
	var cmd tea.Cmd
	s.model, cmd = s.model.Update(msg)
	return cmd
}

func (s *ticker) view() string { return s.model.View() }

// busy reports whether anything the user waits for is under way: the identity, the top page's
// calls, a page's loading, a component's work.
func (a *App) busy() bool {
	if a.identity.loading {
		return true
	}
	if t := a.topTasks(); t != nil && t.Running() > 0 {
		return true // the spinner's ticks also count the seconds of a wait on AWS
	}
	for _, e := range a.stack {
		if s, ok := e.page.(StatusReporter); ok && s.Busy() {
			return true
		}
	}
	for _, c := range a.opts.Components {
		if c.Indicator() != "" {
			return true
		}
	}
	return false
}
