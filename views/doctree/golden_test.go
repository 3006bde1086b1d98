package doctree

import (
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/theme"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

func TestViewGolden(t *testing.T) {
	tr := newTree(ec2Doc(), 44, 9)
	tuitest.Golden(t, "tree_44x9.golden", ansi.Strip(tr.View()))

	keys(tr, "E", "j", "j", "j", "j")
	tuitest.Golden(t, "tree_all_44x9.golden", ansi.Strip(tr.View()))

	keys(tr, "G") // scrolled to the end; long lines cut with …
	tr.SetSize(30, 6)
	tuitest.Golden(t, "tree_end_30x6.golden", ansi.Strip(tr.View()))

	keys(tr, "g", "t")
	tuitest.Golden(t, "json_30x6.golden", ansi.Strip(tr.View()))
	keys(tr, "ctrl+d", "ctrl+d", "ctrl+d")
	tuitest.Golden(t, "json_scrolled_30x6.golden", ansi.Strip(tr.View()))

	keys(tr, "t")
	tr.SetSize(50, 14)
	tuitest.Golden(t, "yaml_50x14.golden", ansi.Strip(tr.View()))

	keys(tr, "t")
	tr.SetFilter("running")
	tuitest.Golden(t, "filter_running_50x14.golden", ansi.Strip(tr.View()))
}

func TestPlainStylesViewGolden(t *testing.T) {
	tr := New(ec2Doc(), keymap.Default(), StylesFrom(theme.Default(true)))
	tr.SetSize(44, 6)
	keys(tr, "j")
	tuitest.Golden(t, "plain_44x6.golden", ansi.Strip(tr.View()))
}
