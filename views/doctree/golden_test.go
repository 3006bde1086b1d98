package doctree

import (
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/theme"
)

func TestViewGolden(t *testing.T) {
	tr := newTree(ec2Doc(), 44, 9)
	golden(t, "tree_44x9.golden", ansi.Strip(tr.View()))

	keys(tr, "E", "j", "j", "j", "j")
	golden(t, "tree_all_44x9.golden", ansi.Strip(tr.View()))

	keys(tr, "G") // scrolled to the end; long lines cut with …
	tr.SetSize(30, 6)
	golden(t, "tree_end_30x6.golden", ansi.Strip(tr.View()))

	keys(tr, "g", "t")
	golden(t, "json_30x6.golden", ansi.Strip(tr.View()))
	keys(tr, "ctrl+d", "ctrl+d", "ctrl+d")
	golden(t, "json_scrolled_30x6.golden", ansi.Strip(tr.View()))

	keys(tr, "t")
	tr.SetSize(50, 14)
	golden(t, "yaml_50x14.golden", ansi.Strip(tr.View()))

	keys(tr, "t")
	tr.SetFilter("running")
	golden(t, "filter_running_50x14.golden", ansi.Strip(tr.View()))
}

func TestPlainStylesViewGolden(t *testing.T) {
	tr := New(ec2Doc(), keymap.Default(), StylesFrom(theme.Default(true)))
	tr.SetSize(44, 6)
	keys(tr, "j")
	golden(t, "plain_44x6.golden", ansi.Strip(tr.View()))
}
