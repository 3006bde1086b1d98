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
var (
	keyDelete  = key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete (objects, prefixes)"))
	keyPresign = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "presign a GET or PUT URL"))
	keyCopy    = key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "copy to… (server-side)"))
	keyMove    = key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "move / rename to…"))
	keyMeta    = key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "edit metadata & storage class"))
	keyTags    = key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "edit tags"))
	keyRestore = key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "restore from an archive tier (thaw)"))
	keyEdit    = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit in $EDITOR"))
	keyWait    = key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "wait for a key or prefix to arrive / go"))
)

// ownActions is the objects page's own action table, placed before the row keys.
func (p *objectsPage) ownActions() tui.Actions {
	has := func() bool { return p.Table.Cursor() >= 0 }
	return tui.Actions{
		{Binding: keyDelete, Enabled: has, Run: p.mutating("delete", p.deleteRows)},
		{Binding: keyVersions, Run: p.versionsOf},
		{Binding: keyWait, Run: p.waitPrompt}, // also in an empty prefix: the object may be on its way
		{Binding: keyPresign, Enabled: has, Run: p.presignPick},
		{Binding: keyCopy, Enabled: has, Run: p.mutating("copy", p.copyRows(false))},
		{Binding: keyMove, Enabled: has, Run: p.mutating("move", p.copyRows(true))},
		{Binding: keyEdit, Enabled: has, Run: p.mutating("editing", p.editObject)},
		{Binding: keyMeta, Enabled: has, Run: p.mutating("metadata editing", p.editProps(editMetadata))},
		{Binding: keyTags, Enabled: has, Run: p.mutating("tag editing", p.editProps(editTags))},
		{Binding: keyRestore, Enabled: has, Run: p.mutating("restore", p.restorePick)},
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
