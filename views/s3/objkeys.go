package s3

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// The S3 browser's own object actions, on keys of their own. They come before the resource row
// keys in the page's action table, so D here is the browser's delete (objects and whole
// prefixes, counted, batched) rather than the object type's one-key DeleteObject.

// ownActions is the objects page's own action table, placed before the row keys.
func (p *objectsPage) ownActions() tui.Actions {
	k := p.Env.Keys.Objects
	has := func() bool { return p.Table.Cursor() >= 0 }
	return tui.Actions{
		{Binding: p.writeKey(k.Delete), Enabled: has, Run: p.mutating("delete", p.deleteRows)},
		{Binding: k.Versions, Run: p.versionsOf},
		{Binding: p.Env.Keys.Actions.Wait, Run: p.waitPrompt}, // also in an empty prefix: the object may be on its way
		{Binding: k.Presign, Enabled: has, Run: p.presignPick},
		{Binding: p.writeKey(k.Copy), Enabled: has, Run: p.mutating("copy", p.copyRows(false))},
		{Binding: p.writeKey(k.Move), Enabled: has, Run: p.mutating("move", p.copyRows(true))},
		{Binding: p.writeKey(k.Edit), Enabled: has, Run: p.mutating("editing", p.editObject)},
		{Binding: p.writeKey(k.Metadata), Enabled: has, Run: p.mutating("metadata editing", p.editProps(editMetadata))},
		{Binding: p.writeKey(k.Tags), Enabled: has, Run: p.mutating("tag editing", p.editProps(editTags))},
		{Binding: p.writeKey(k.Restore), Enabled: has, Run: p.mutating("restore", p.restorePick)},
	}
}

// writeKey is b, or under --readonly b without its help text: a key that only says it is
// disabled is neither in the footer nor in the help (as the resource pages do).
func (p *objectsPage) writeKey(b key.Binding) key.Binding { return writeKey(p.session, b) }

func writeKey(s tui.Session, b key.Binding) key.Binding {
	if s.ReadOnly {
		b.SetHelp("", "")
	}
	return b
}

// mutating runs run, unless the session is read-only: then the key says so (the client would
// refuse the calls anyway, before sending them).
func (p *objectsPage) mutating(name string, run func() tea.Cmd) func() tea.Cmd {
	return func() tea.Cmd {
		if p.session.ReadOnly {
			return tui.Toast(textsafe.Sprintf("read-only: %s is disabled", name))
		}
		return run()
	}
}

// ownUpdate takes the results of the own actions; ok is false for other messages.
func (p *objectsPage) ownUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case presignedMsg:
		return p.presigned(m), true
	}
	if cmd, ok := p.editUpdate(msg); ok {
		return cmd, true
	}
	if cmd, ok := p.restoreUpdate(msg); ok {
		return cmd, true
	}
	if cmd, ok := p.waitUpdate(msg); ok {
		return cmd, true
	}
	if cmd, ok := p.propsUpdate(msg); ok {
		return cmd, true
	}
	if cmd, ok := p.copyUpdate(msg); ok {
		return cmd, true
	}
	return p.deleteUpdate(msg)
}
