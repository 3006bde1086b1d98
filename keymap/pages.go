package keymap

import (
	"sort"

	"charm.land/bubbles/v2/key"
)

// The contexts below are the keys of one page or dialog each, beside the shared contexts of
// keymap.go. Every key a page answers is in a context, so a user can remap it and `?` shows it.

// Tree keys are a document's own (describe, a call's result, a preview as a tree); it moves with
// the table's cursor keys, opens with table.open and copies a value with actions.copy.
type Tree struct {
	Toggle      key.Binding // open or close the node (beside table.open)
	Expand      key.Binding // open the node, or step into it
	Collapse    key.Binding // close the node, or step out to its parent
	ExpandAll   key.Binding
	CollapseAll key.Binding
	Mode        key.Binding // tree → JSON → YAML
	Wrap        key.Binding
	CopyAll     key.Binding // the whole document as JSON
	NextMatch   key.Binding // next value matching the filter
	PrevMatch   key.Binding
}

// Tail keys are the log tail's own; it moves with the table's keys.
type Tail struct {
	Wrap      key.Binding
	Pretty    key.Binding // JSON messages indented
	Zone      key.Binding // UTC or local times
	NextMatch key.Binding
	PrevMatch key.Binding
}

// Insights keys are the Logs Insights page's own; it runs with actions.run and stops with
// actions.cancel.
type Insights struct {
	Editor key.Binding // the query in $EDITOR
	Groups key.Binding // choose the log groups
	Range  key.Binding // cycle the time range
	Older  key.Binding // recall an older query
	Newer  key.Binding
	Focus  key.Binding // query or results
}

// Form keys are the operation form's own; it runs with actions.run, goes on with input.submit
// and cancels with input.cancel.
type Form struct {
	Next   key.Binding
	Prev   key.Binding
	Editor key.Binding // the whole input as JSON in $EDITOR
	Left   key.Binding // previous enum value
	Right  key.Binding // next enum value
	Toggle key.Binding // a boolean
	Clear  key.Binding // a value too large to edit in one line
}

// Confirm keys answer a y/n confirmation besides input.submit and input.cancel.
type Confirm struct {
	Yes key.Binding
	No  key.Binding
}

// Conflict keys answer a download that would replace a file; the "all" ones answer for every
// later file of the job too.
type Conflict struct {
	Overwrite    key.Binding
	Skip         key.Binding
	Rename       key.Binding
	OverwriteAll key.Binding
	SkipAll      key.Binding
	RenameAll    key.Binding
}

// Bar keys cycle the command bar's candidates (input.complete does too).
type Bar struct {
	Next key.Binding
	Prev key.Binding
}

// MFA keys edit the code typed into the MFA dialog (its digits are typed text, not keys).
type MFA struct {
	Erase key.Binding
}

func pageDefaults(k *KeyMap) {
	k.Tree = Tree{
		Toggle:      bind("space", "open/close", "space"),
		Expand:      bind("→/l", "open", "right", "l"),
		Collapse:    bind("←/h", "close", "left", "h"),
		ExpandAll:   bind("E", "open all", "E"),
		CollapseAll: bind("C", "close all", "C"),
		Mode:        bind("t", "tree/json/yaml", "t"),
		Wrap:        bind("w", "wrap", "w"),
		CopyAll:     bind("Y", "copy all", "Y"),
		NextMatch:   bind("n", "next match", "n"),
		PrevMatch:   bind("N", "previous match", "N"),
	}
	k.Tail = Tail{
		Wrap:      bind("w", "wrap", "w"),
		Pretty:    bind("J", "pretty JSON", "J"),
		Zone:      bind("z", "UTC/local", "z"),
		NextMatch: bind("n", "next match", "n"),
		PrevMatch: bind("N", "previous match", "N"),
	}
	k.Insights = Insights{
		Editor: bind("ctrl+e", "$EDITOR", "ctrl+e"),
		Groups: bind("ctrl+g", "log groups", "ctrl+g"),
		Range:  bind("ctrl+t", "time range", "ctrl+t"),
		Older:  bind("ctrl+p", "older query", "ctrl+p"),
		Newer:  bind("ctrl+n", "newer query", "ctrl+n"),
		Focus:  bind("tab", "query/results", "tab"),
	}
	k.Form = Form{
		Next:   bind("tab/↓", "next field", "tab", "down"),
		Prev:   bind("shift+tab/↑", "previous field", "shift+tab", "up"),
		Editor: bind("ctrl+e", "edit in $EDITOR", "ctrl+e"),
		Left:   bind("←", "previous value", "left"),
		Right:  bind("→", "next value", "right"),
		Toggle: bind("space", "toggle", "space"),
		Clear:  bind("backspace", "clear the value", "backspace", "delete"),
	}
	k.Confirm = Confirm{Yes: bind("y", "confirm", "y"), No: bind("n", "cancel", "n", "q")}
	k.Conflict = Conflict{
		Overwrite:    bind("o", "overwrite", "o"),
		Skip:         bind("s", "skip", "s"),
		Rename:       bind("r", "keep both", "r"),
		OverwriteAll: bind("O", "overwrite all", "O"),
		SkipAll:      bind("S", "skip all", "S"),
		RenameAll:    bind("R", "keep both, all", "R"),
	}
	k.Bar = Bar{
		Next: bind("↓", "next candidate", "down", "ctrl+n"),
		Prev: bind("↑", "previous candidate", "up", "ctrl+p", "shift+tab"),
	}
	k.MFA = MFA{Erase: bind("backspace", "erase a digit", "backspace")}
}

// pageBindings adds the names of the page contexts to m.
func (k *KeyMap) pageBindings(m map[string]*key.Binding) {
	for name, b := range map[string]*key.Binding{
		"tree.toggle": &k.Tree.Toggle, "tree.expand": &k.Tree.Expand, "tree.collapse": &k.Tree.Collapse,
		"tree.expandall": &k.Tree.ExpandAll, "tree.collapseall": &k.Tree.CollapseAll, "tree.mode": &k.Tree.Mode,
		"tree.wrap": &k.Tree.Wrap, "tree.copyall": &k.Tree.CopyAll, "tree.next": &k.Tree.NextMatch,
		"tree.prev": &k.Tree.PrevMatch,
		"tail.wrap": &k.Tail.Wrap, "tail.pretty": &k.Tail.Pretty, "tail.zone": &k.Tail.Zone,
		"tail.next": &k.Tail.NextMatch, "tail.prev": &k.Tail.PrevMatch,
		"insights.editor": &k.Insights.Editor, "insights.groups": &k.Insights.Groups, "insights.range": &k.Insights.Range,
		"insights.older": &k.Insights.Older, "insights.newer": &k.Insights.Newer, "insights.focus": &k.Insights.Focus,
		"form.next": &k.Form.Next, "form.prev": &k.Form.Prev, "form.editor": &k.Form.Editor, "form.left": &k.Form.Left,
		"form.right": &k.Form.Right, "form.toggle": &k.Form.Toggle, "form.clear": &k.Form.Clear,
		"confirm.yes": &k.Confirm.Yes, "confirm.no": &k.Confirm.No,
		"conflict.overwrite": &k.Conflict.Overwrite, "conflict.skip": &k.Conflict.Skip, "conflict.rename": &k.Conflict.Rename,
		"conflict.overwriteall": &k.Conflict.OverwriteAll, "conflict.skipall": &k.Conflict.SkipAll,
		"conflict.renameall": &k.Conflict.RenameAll,
		"bar.next":           &k.Bar.Next, "bar.prev": &k.Bar.Prev,
		"mfa.erase": &k.MFA.Erase,
	} {
		m[name] = b
	}
}

// pageScreens are the page contexts' screens: the contexts, or single bindings ("actions.copy"),
// live together on each.
var pageScreens = [][]string{
	{"global", "table", "tree", "actions.copy", "actions.snippet", "actions.wire"}, // documents
	{"global", "table", "tail", "actions.select", "actions.copy", "actions.wire"},  // log tail
	{"global", "table", "insights", "actions.run", "actions.cancel", "actions.copy"},
	{"input.submit", "input.cancel", "form", "actions.run"}, // operation form
	{"input.submit", "input.cancel", "confirm"},
	{"input.cancel", "conflict"},
	{"input", "bar"},
	{"input.submit", "input.cancel", "mfa"},
}

// Interrupt quits from anywhere, whatever the key file says: the one way out that a broken
// remap cannot take away. It is not remappable, and global.quit holds it too by default.
func Interrupt() key.Binding { return bind("ctrl+c", "quit", "ctrl+c") }

// Names lists the name of every binding ("table.down"), sorted: the names a key file uses.
func (k KeyMap) Names() []string {
	var out []string
	for name := range k.bindings() {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the binding called name.
func (k KeyMap) Lookup(name string) (key.Binding, bool) {
	b, ok := k.bindings()[name]
	if !ok {
		return key.Binding{}, false
	}
	return *b, true
}
