package views_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/theme"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/doctree"
	"github.com/nimbus-tui/nimbus/views/opform"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// Every widget derives its styles from the one theme (issue 13 #4): a user's accent reaches the
// app's cursor, the table's, the document tree's and the form's focused field, and NO_COLOR
// takes every colour away from all of them at once.
func TestEveryWidgetDrawsWithTheOneTheme(t *testing.T) {
	pal, err := theme.Dark().With(map[string]string{"accent": "#d7005f", "err": "#00ff00"})
	if err != nil {
		t.Fatal(err)
	}
	const accent, errColour = "215;0;95", "0;255;0"
	for _, noColor := range []bool{false, true} {
		th := theme.Theme{Palette: pal, Name: "dark", NoColor: noColor}
		env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.StylesFrom(th)}

		doc := docpage.New(env, "doc", "", map[string]any{"Name": "x"}, docpage.Snippet{})
		doc.SetSize(30, 3)
		table := pagekit.NewTablePage(env, "rows", []vtable.Column{{Title: "NAME"}})
		table.Table.Append([][]string{{"a"}})
		table.Table.SetSize(30, 3)
		drawn := map[string]string{
			"app cursor":    env.Styles.Cursor.Render("x"),
			"app error":     env.Styles.Error.Render("x"),
			"table cursor":  table.Table.View(),
			"document":      doc.View(),
			"tree cursor":   doctree.StylesFrom(th).Cursor.Render("x"),
			"form focus":    opform.StylesFrom(th).Focused.Render("x"),
			"form required": opform.StylesFrom(th).Required.Render("x"),
		}
		for what, out := range drawn {
			want := accent
			if strings.Contains(what, "error") || strings.Contains(what, "required") {
				want = errColour
			}
			switch {
			case noColor && (strings.Contains(out, "38;2;") || strings.Contains(out, "48;2;")):
				t.Errorf("NO_COLOR: %s is drawn in colour: %q", what, out)
			case !noColor && !strings.Contains(out, want):
				t.Errorf("%s does not use the theme's colour %s: %q", what, want, out)
			}
		}
	}
}
