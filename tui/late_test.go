package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// lateApp is an app whose "ec2" command comes late, as the resource commands do.
func lateApp(t *testing.T, ran *[]string, firstFrames chan struct{}) (*App, tea.Cmd, *tuitest.Clock) {
	t.Helper()
	clock := tuitest.NewClock(time.Unix(0, 0))
	a := New(Options{
		Clock:   clock,
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
		OnFirstFrame: func() { firstFrames <- struct{}{} },
	})
	init := a.Init()
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	return a, init, clock
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
	a, init, clock := lateApp(t, &ran, make(chan struct{}, 1))
	a.View()
	clock.WaitSleepers(t, 1, 5*time.Second)
	clock.Advance(settle)
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
	frames := make(chan struct{}, 2)
	a, _, clock := lateApp(t, &ran, frames)
	a.View()
	a.View()
	clock.WaitSleepers(t, 1, 5*time.Second) // one wait, however many frames
	clock.Advance(settle - time.Millisecond)
	select {
	case <-a.firstFrame():
		t.Fatal("the late work must leave the renderer time to write the first frame")
	default:
	}
	clock.Advance(time.Millisecond)
	select {
	case <-frames:
	case <-time.After(5 * time.Second):
		t.Fatal("OnFirstFrame was not called")
	}
	<-a.firstFrame()
	a.View()
	select {
	case <-frames:
		t.Error("OnFirstFrame called twice")
	default:
	}
}

// The identity lookup (an STS call) starts only once the first frame is out, so that it does not
// take the CPU the first frame needs.
func TestIdentityWaitsForTheFirstFrame(t *testing.T) {
	clock := tuitest.NewClock(time.Unix(0, 0))
	looked := make(chan bool, 1) // whether the first frame was out when the lookup ran
	var a *App
	a = New(Options{
		Clock:   clock,
		Session: Session{Profile: "dev", Region: "eu-west-1"}, Keys: keymap.Default(), Styles: NewStyles(true),
		Start: func(Session) Page { return newFakePage("s3") },
		Identity: func(context.Context, Session) (Identity, error) {
			select {
			case <-a.firstFrame():
				looked <- true
			default:
				looked <- false
			}
			return Identity{Account: "123456789012"}, nil
		},
	})
	init := a.Init()
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	for _, c := range init().(tea.BatchMsg) {
		if c != nil {
			go c() // as Bubble Tea runs them, while it draws the first frame
		}
	}
	a.View()
	clock.WaitSleepers(t, 1, 5*time.Second)
	clock.Advance(settle)
	select {
	case afterFrame := <-looked:
		if !afterFrame {
			t.Fatal("the identity was looked up before the first frame was out")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the identity was not looked up after the first frame")
	}
}
