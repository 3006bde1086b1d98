package s3

import (
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
		{Binding: k.Delete, Enabled: has, Run: p.mutating("delete", p.deleteRows)},
		{Binding: k.Versions, Run: p.versionsOf},
		{Binding: p.Env.Keys.Actions.Wait, Run: p.waitPrompt}, // also in an empty prefix: the object may be on its way
		{Binding: k.Presign, Enabled: has, Run: p.presignPick},
		{Binding: k.Copy, Enabled: has, Run: p.mutating("copy", p.copyRows(false))},
		{Binding: k.Move, Enabled: has, Run: p.mutating("move", p.copyRows(true))},
		{Binding: k.Edit, Enabled: has, Run: p.mutating("editing", p.editObject)},
		{Binding: k.Metadata, Enabled: has, Run: p.mutating("metadata editing", p.editProps(editMetadata))},
		{Binding: k.Tags, Enabled: has, Run: p.mutating("tag editing", p.editProps(editTags))},
		{Binding: k.Restore, Enabled: has, Run: p.mutating("restore", p.restorePick)},
	}
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
