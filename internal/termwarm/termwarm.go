// Package termwarm keeps terminal work Bubble Tea would do on the first frame's path off it:
// the colour profile is the one Lip Gloss already detected while the packages initialised
// (detecting it again runs `tmux info` a second time in tmux), and the rune-width table its
// renderer consults for the first character above U+02FF (≈ 8 ms of CPU, 2 MB touched) is built
// on a goroutine while nimbus still starts. Both give exactly what Bubble Tea would compute
// itself; only the time moves.
package termwarm

import (
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Profile is the colour profile of os.Stdout under os.Environ(), Bubble Tea's own detection
// (hand it to tea.WithColorProfile). Lip Gloss's package init computed it already, for its
// Writer: colorprofile.Detect(os.Stdout, os.Environ()), the call Bubble Tea would make, which
// in tmux runs `tmux info` (milliseconds, a process) and elsewhere reads the terminfo file.
// Nothing in nimbus changes the environment or os.Stdout before the TUI starts.
func Profile() colorprofile.Profile { return lipgloss.Writer.Profile }

// Widths builds the renderer's rune-width table on a goroutine. The renderer measures cells the
// terminal's way (ansi.WcWidth, go-runewidth underneath), whose table is built once, lazily, on
// the first rune above U+02FF: a frame with a box-drawing line or an ellipsis pays for it.
func Widths() {
	go ansi.WcWidth.StringWidth("─")
}
