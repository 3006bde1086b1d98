package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// toastTTL is how long a toast stays; errors stay longer, there is more to read.
const (
	toastTTL      = 4 * time.Second
	errorToastTTL = 10 * time.Second
)

// toast is the single message line above the footer.
type toast struct {
	text  textsafe.Text
	isErr bool
	id    int
}

type toastExpiredMsg struct{ id int }

func (t *toast) show(text textsafe.Text, isErr bool) tea.Cmd {
	t.id++
	t.text, t.isErr = text, isErr
	ttl, id := toastTTL, t.id
	if isErr {
		ttl = errorToastTTL
	}
	return tea.Tick(ttl, func(time.Time) tea.Msg { return toastExpiredMsg{id: id} })
}

// expire clears the toast unless a newer one replaced it since.
func (t *toast) expire(m toastExpiredMsg) {
	if m.id == t.id {
		t.text = ""
	}
}
