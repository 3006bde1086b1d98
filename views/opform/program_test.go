package opform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// host runs a form as a program, as a page would, and keeps what it submitted.
type host struct {
	form      *Form
	submitted *SubmitMsg
}

func (h *host) Init() tea.Cmd { return nil }

func (h *host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case SubmitMsg:
		h.submitted = &msg
		return h, tea.Quit
	case CancelMsg:
		return h, tea.Quit
	case tea.WindowSizeMsg:
		h.form.SetSize(msg.Width, msg.Height)
		return h, nil
	}
	return h, h.form.Update(msg)
}

func (h *host) View() tea.View { return tea.NewView(h.form.View()) }

// TestEditorHandsOverTheTerminal runs the $EDITOR path for real: ctrl+e writes the skeleton,
// runs the editor through tea.ExecProcess (here a script that fills two members), reads the file
// back into the fields, and ctrl+s submits what the editor wrote.
func TestEditorHandsOverTheTerminal(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "editor.sh")
	body := `#!/bin/sh
sed -i -e 's|"QueueUrl": "<string>"|"QueueUrl": "https://q"|' -e 's|"MessageBody": "<string>"|"MessageBody": "from the editor"|' -e 's|"DelaySeconds": "<integer>"|"DelaySeconds": 7|' "$1"
`
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", script)

	h := &host{form: newForm(t, "sqs", "SendMessage")}
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(90, 20))
	tm.Send(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return strings.Contains(ansi.Strip(string(b)), "from the editor")
	}, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*host)
	if final.submitted == nil {
		t.Fatalf("nothing was submitted; status %q", final.form.status)
	}
	in := final.submitted.Input
	if in["QueueUrl"] != "https://q" || in["MessageBody"] != "from the editor" || in["DelaySeconds"] != int64(7) || len(in) != 3 {
		t.Errorf("submitted %#v", in)
	}
}
