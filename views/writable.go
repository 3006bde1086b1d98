package views

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
)

// registerWritable adds :writable and :readonly, which lift and restore a profile's read-only
// setting for this session. Lifting asks for the profile's name typed out: a production profile
// must not become writable by a stray key.
func registerWritable(cmds *tui.Commands, d Deps) {
	cmds.Add(tui.Command{
		Name: "writable", Usage: "writable",
		Help: "allow changes in the current read-only profile until nimbus quits (type its name to confirm)",
		Run:  func(s tui.Session, _ []string) tea.Cmd { return allowWrites(d, s) },
	})
	cmds.Add(tui.Command{
		Name: "readonly", Aliases: []string{"ro"}, Usage: "readonly",
		Help: "make the current profile read-only until nimbus quits",
		Run: func(s tui.Session, _ []string) tea.Cmd {
			d.Sessions.ForbidWrites(s.Profile)
			return tea.Sequence(refreshMarks, tui.Toast(textsafe.Sprintf("%s is read-only until nimbus quits", s.Profile)))
		},
	})
}

func refreshMarks() tea.Msg { return tui.RefreshMarksMsg{} }

func allowWrites(d Deps, s tui.Session) tea.Cmd {
	m := d.Sessions
	by := m.ReadOnlyBy(s.Profile)
	switch {
	case by == "":
		return tui.Toast(textsafe.Sprintf("%s is not read-only", s.Profile))
	case m.ReadOnly():
		return tui.Error(sessionmgr.ErrReadOnlyFlag)
	}
	profile := s.Profile
	return confirm.Open(d.Env, confirm.Request{
		Title:     "Allow changes in profile " + profile,
		Targets:   []string{profile + " · " + s.Region},
		Detail:    "It is read-only: " + by + ". Calls that change state will be sent until nimbus quits (:readonly undoes it).",
		Level:     confirm.Typed,
		Warning:   "This profile is read-only for a reason.",
		Name:      profile,
		NameLabel: "profile name",
		Then: func() tea.Msg {
			if err := m.AllowWrites(profile); err != nil {
				return tui.ErrorMsg{Err: err}
			}
			// In order: the header has lost READ-ONLY when the toast says so.
			return tea.Sequence(refreshMarks, tui.Toast(textsafe.Sprintf("%s allows changes until nimbus quits", profile)))()
		},
	})
}
