package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Some commands come from definitions that take a while to parse (the resource types). The first
// frame does not wait for them: Options.LateCommands loads them off the UI goroutine after start,
// and a command line naming one of them before then runs once they are in.

// lateCommandsMsg carries the loaded commands to the UI goroutine, which alone touches Commands.
type lateCommandsMsg struct {
	add func(*Commands)
	err error
}

// lateCommands remembers whether they are still loading and the line that waits for them, and
// whether the first frame is drawn: work that can wait waits for it, so that on a busy machine
// it does not take the CPU the first frame needs.
type lateCommands struct {
	loading  bool
	pending  string
	drawn    chan struct{} // closed once the first frame with a page on it is out
	released bool          // the first frame was drawn: drawn closes after settle
}

// loadLateCommands starts Options.LateCommands, if any, once the first frame is drawn.
func (a *App) loadLateCommands() tea.Cmd {
	load := a.opts.LateCommands
	if load == nil {
		return nil
	}
	a.late.loading = true
	return a.afterFirstFrame(func() tea.Msg {
		add, err := load()
		return lateCommandsMsg{add: add, err: err}
	})
}

// afterFirstFrame runs cmd once the first frame is out (see frameDrawn); nothing if the app quits
// first.
func (a *App) afterFirstFrame(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	drawn, done := a.firstFrame(), a.rootCtx.Done()
	return func() tea.Msg {
		select {
		case <-drawn:
		case <-done:
			return nil
		}
		return cmd()
	}
}

// firstFrame is closed once the first frame with a page on it is out (see frameDrawn).
func (a *App) firstFrame() chan struct{} {
	if a.late.drawn == nil {
		a.late.drawn = make(chan struct{})
	}
	return a.late.drawn
}

// settle is how long after the first View the work that can wait starts. Bubble Tea writes the
// frame View returned on its renderer's next tick (1/60 s); CPU-heavy work started at once
// (parsing the resource definitions, seeding the demo) delays that write on a busy machine.
const settle = 50 * time.Millisecond

// frameDrawn records that View drew a frame: settle after the first one, what waits for it is
// released (the late commands, Options.OnFirstFrame).
func (a *App) frameDrawn() {
	if a.width <= 0 || a.height <= 0 || len(a.stack) == 0 || a.late.released {
		return
	}
	a.late.released = true
	ch, f, clock, ctx := a.firstFrame(), a.opts.OnFirstFrame, a.clock(), a.rootCtx
	go func() {
		clock.Sleep(ctx, settle) // on quit, release at once: nothing waits long
		close(ch)
		if f != nil {
			f()
		}
	}()
}

// addLateCommands registers them and runs the line typed while they loaded.
func (a *App) addLateCommands(m lateCommandsMsg) tea.Cmd {
	a.late.loading = false
	if m.add != nil {
		m.add(a.opts.Commands)
		a.bar.refreshSuggestions()
	}
	var cmds []tea.Cmd
	if m.err != nil {
		cmds = append(cmds, a.toast.show(a.render(a.advise(m.err)), true))
	}
	if line := a.late.pending; line != "" {
		a.late.pending = ""
		cmds = append(cmds, a.runCommand(line))
	}
	return tea.Batch(cmds...)
}

// deferCommand keeps a line whose command is not known yet while commands still load; it
// reports whether it did.
func (a *App) deferCommand(line string) bool {
	fields := strings.Fields(line)
	if !a.late.loading || len(fields) == 0 {
		return false
	}
	if _, ok := a.opts.Commands.Lookup(fields[0]); ok {
		return false
	}
	a.late.pending = line
	return true
}
