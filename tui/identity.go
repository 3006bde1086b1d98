package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// Identity is who the session's credentials belong to, shown in the header.
type Identity struct {
	Account string
	ARN     string
}

// identity looks up who the session is, once per session, with tasks of its own.
type identity struct {
	lookup  func(ctx context.Context, s Session) (Identity, error) // nil: never looked up
	tasks   *Tasks
	id      Identity
	err     error
	loading bool
}

type identityMsg struct {
	id  Identity
	err error
}

// load looks s up, dropping any lookup of an earlier session still under way.
func (i *identity) load(s Session) tea.Cmd {
	if i.lookup == nil {
		return nil
	}
	i.tasks.Restart()
	i.id, i.err, i.loading = Identity{}, nil, true
	lookup := i.lookup
	return i.tasks.Run(func(ctx context.Context) tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		id, err := lookup(ctx, s)
		return identityMsg{id: id, err: err}
	})
}

// update takes the lookup's result.
func (i *identity) update(r Result) tea.Cmd {
	msg, ok := i.tasks.Accept(r)
	if !ok {
		return nil
	}
	m := msg.(identityMsg)
	i.id, i.err, i.loading = m.id, m.err, false
	return nil
}

// text is the header's account of who the session is; "" before any lookup.
func (i *identity) text() string {
	switch {
	case i.loading:
		return "…"
	case i.err != nil:
		return "identity unknown"
	case i.id.Account != "":
		return textsafe.Clean(i.id.Account + " (" + i.id.ARN + ")") // from AWS: outside text
	}
	return ""
}
