package xferboard

import (
	"context"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/keymap/keymaptest"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// The overwrite question's answers are conflict.* bindings: remapped in keys.json, the dialog
// answers on the new keys only and its footer names them (o, s, r, O, S, R were its own).
func TestConflictDialogAnswersOnTheKeyMapsKeys(t *testing.T) {
	r := keymaptest.RemapAll(t)
	env := tui.Env{Ctx: context.Background(), Keys: r.Keys, Styles: tui.NewStyles(true)}
	for _, c := range []struct {
		name string
		want s3xfer.Answer
	}{
		{"conflict.overwrite", s3xfer.Answer{Action: s3xfer.Overwrite}},
		{"conflict.skip", s3xfer.Answer{Action: s3xfer.Skip}},
		{"conflict.rename", s3xfer.Answer{Action: s3xfer.Rename}},
		{"conflict.overwriteall", s3xfer.Answer{Action: s3xfer.Overwrite, All: true}},
		{"conflict.skipall", s3xfer.Answer{Action: s3xfer.Skip, All: true}},
		{"conflict.renameall", s3xfer.Answer{Action: s3xfer.Rename, All: true}},
	} {
		q := &Question{reply: make(chan reply, 1)}
		d := NewConflictDialog(env, q)
		if bad := keymaptest.Unmapped(d.Keys()); len(bad) > 0 {
			t.Fatalf("keys not from the key map: %s", strings.Join(bad, ", "))
		}
		for _, old := range r.Default[c.name] {
			if cmd := d.Update(tuitest.KeyPress(old)); cmd != nil {
				t.Errorf("%s: the default key %q still answers", c.name, old)
			}
		}
		if cmd := d.Update(keymaptest.Press(r.New[c.name])); cmd == nil {
			t.Fatalf("%s: its new key %s does nothing", c.name, r.New[c.name])
		}
		if got := <-q.reply; got.err != nil || got.answer != c.want {
			t.Errorf("%s answered %+v, %v; want %+v", c.name, got.answer, got.err, c.want)
		}
	}
}
