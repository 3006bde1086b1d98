// Package termwarm does, off the UI goroutine and while nimbus still starts, two pieces of work
// Bubble Tea would otherwise do on the first frame's path: detecting the terminal's colour
// profile (in tmux that runs `tmux info`, tens of milliseconds) and building the rune-width
// table its renderer consults for the first character above U+02FF (≈ 8 ms of CPU, 2 MB
// touched). Both give exactly what Bubble Tea would compute itself; only the time moves.
package termwarm

import (
	"io"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Profile starts colorprofile.Detect(out, env), Bubble Tea's own detection, on a goroutine; the
// returned function waits for its answer (hand it to tea.WithColorProfile).
func Profile(out io.Writer, env []string) func() colorprofile.Profile {
	ch := make(chan colorprofile.Profile, 1)
	go func() { ch <- colorprofile.Detect(out, env) }()
	var p colorprofile.Profile
	got := false
	return func() colorprofile.Profile {
		if !got {
			p, got = <-ch, true
		}
		return p
	}
}

// Widths builds the renderer's rune-width table on a goroutine. The renderer measures cells the
// terminal's way (ansi.WcWidth, go-runewidth underneath), whose table is built once, lazily, on
// the first rune above U+02FF: a frame with a box-drawing line or an ellipsis pays for it.
func Widths() {
	go ansi.WcWidth.StringWidth("─")
}
