package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
)

// lateApp is an app whose "ec2" command comes late, as the resource commands do.
func lateApp(t *testing.T, ran *[]string, firstFrames *int) (*App, tea.Cmd) {
	t.Helper()
	a := New(Options{
		Session: Session{Profile: "dev", Region: "eu-west-1"}, Keys: keymap.Default(), Styles: NewStyles(true),
		Start: func(Session) Page { return newFakePage("s3") },
		LateCommands: func() (func(*Commands), error) {
			return func(c *Commands) {
				c.Add(Command{Name: "ec2", Run: func(_ Session, args []string) tea.Cmd {
					*ran = append(*ran, "ec2 "+strings.Join(args, " "))
					return nil
				}})
			}, nil
		},
		OnFirstFrame: func() { *firstFrames++ },
	})
	init := a.Init()
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	return a, init
}

// lateMsg runs the app's Init commands and returns the late commands' message.
func lateMsg(t *testing.T, init tea.Cmd) tea.Msg {
	t.Helper()
	for _, c := range init().(tea.BatchMsg) {
		if c == nil {
			continue
		}
		if m, ok := c().(lateCommandsMsg); ok {
			return m
		}
	}
	t.Fatal("Init started no late commands")
	return nil
}

func TestCommandTypedBeforeLateCommandsRunsOnceTheyAreIn(t *testing.T) {
	var ran []string
	frames := 0
	a, init := lateApp(t, &ran, &frames)
	a.View()
	msg := lateMsg(t, init)
	for _, k := range ":ec2 x" {
		a.Update(keyPress(string(k)))
	}
	a.Update(keyPress("enter"))
	if s := ansi.Strip(a.Render()); strings.Contains(s, "unknown command") {
		t.Fatalf("a command that is still loading is not unknown:\n%s", s)
	}
	a.Update(msg)
	if len(ran) != 1 || ran[0] != "ec2 x" {
		t.Fatalf("the line typed while the commands loaded should run once they are in: %v", ran)
	}
	a.Update(keyPress(":"))
	a.Update(keyPress("n"))
	a.Update(keyPress("enter"))
	if s := ansi.Strip(a.Render()); !strings.Contains(s, `unknown command "n"`) {
		t.Errorf("once loaded, an unknown command is reported:\n%s", s)
	}
}

func TestLateCommandsWaitForTheFirstFrame(t *testing.T) {
	var ran []string
	frames := 0
	a, _ := lateApp(t, &ran, &frames)
	select {
	case <-a.firstFrame():
		t.Fatal("no frame is drawn yet: the late work must wait")
	default:
	}
	a.View()
	a.View()
	select {
	case <-a.firstFrame():
	default:
		t.Fatal("the first frame should release the late work")
	}
	if frames != 1 {
		t.Errorf("OnFirstFrame called %d times, want once", frames)
	}
}
