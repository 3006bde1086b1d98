// Package keymap holds nimbus's key bindings, one set per context, with k9s/vim-style defaults
// that a user can remap from a small JSON file.
package keymap

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
)

// Global keys work on every page unless a text input has focus.
type Global struct {
	Command key.Binding
	Filter  key.Binding
	Help    key.Binding
	Back    key.Binding
	Quit    key.Binding
	Profile key.Binding
	Region  key.Binding
	Aliases key.Binding // the page of every command and alias (k9s ctrl+a)
	Login   key.Binding // SSO login of the current profile (:login)
	Console key.Binding // the AWS console, signed in as the session, at what the page shows
}

// Table keys move the cursor of a table and open its rows.
type Table struct {
	Up           key.Binding
	Down         key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	HalfPageUp   key.Binding
	HalfPageDown key.Binding
	Top          key.Binding
	Bottom       key.Binding
	Open         key.Binding
	Sort         key.Binding
	// SortBy sorts by the column whose title starts with the letter typed (k9s). Its one key is a
	// pattern, LetterKeys: a page's own keys and actions come first, so a letter they hold ("S"
	// start) does not sort. SortLetter reads it.
	SortBy  key.Binding
	Refresh key.Binding
}

// LetterKeys is SortBy's pattern: shift and a letter (an upper-case letter typed).
const LetterKeys = "shift+letter"

// SortLetter returns the lower-case letter of k when k is the SortBy pattern (an upper-case A–Z
// typed alone) and SortBy is enabled.
func (t Table) SortLetter(k fmt.Stringer) (rune, bool) {
	if !t.SortBy.Enabled() || !slices.Contains(t.SortBy.Keys(), LetterKeys) {
		return 0, false
	}
	s := k.String()
	if len(s) != 1 || s[0] < 'A' || s[0] > 'Z' {
		return 0, false
	}
	return rune(s[0] - 'A' + 'a'), true
}

// Input keys apply while a text input (command bar, filter, dialog) has focus.
type Input struct {
	Submit   key.Binding
	Cancel   key.Binding
	Complete key.Binding
}

// Viewer keys scroll a read-only document such as an object preview.
type Viewer struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Wrap     key.Binding // long lines whole, in several rows, or cut at the width (the wire view)
}

// Actions are the keys of the pages that call AWS: operations, results, collections, waiters.
type Actions struct {
	Waiters  key.Binding
	Run      key.Binding
	Snippet  key.Binding
	Describe key.Binding
	Copy     key.Binding
	Cancel   key.Binding
	Menu     key.Binding
	Children key.Binding
	Select   key.Binding
	Wait     key.Binding
	Wire     key.Binding // the call's HTTP exchanges (requests, responses, retries)
	Metrics  key.Binding // a table's column of metric sparklines, on and off
}

// Buckets keys are the S3 buckets page's own.
type Buckets struct {
	Create     key.Binding
	Empty      key.Binding
	Properties key.Binding
	Edit       key.Binding // a property section that S3 takes as a document, in $EDITOR
}

// Objects keys are the S3 browser's own object actions (objects and whole prefixes). Its wait
// for a key to arrive is actions.wait.
type Objects struct {
	Delete   key.Binding
	Presign  key.Binding
	Copy     key.Binding
	Move     key.Binding
	Metadata key.Binding
	Tags     key.Binding
	Restore  key.Binding
	Edit     key.Binding
	Versions key.Binding
	Download key.Binding
	Upload   key.Binding
}

// Versions keys are the S3 versions list's own.
type Versions struct {
	Restore  key.Binding // copy the version over the current object
	Delete   key.Binding // delete versions permanently
	Download key.Binding // download versions to a directory, on the transfer board
}

// Accounts keys are the SSO accounts page's own (it has no resource actions).
type Accounts struct {
	// WriteProfile appends a profile for the role under the cursor to the AWS config.
	WriteProfile key.Binding
}

// KeyMap is every context's bindings.
type KeyMap struct {
	Global   Global
	Table    Table
	Input    Input
	Viewer   Viewer
	Actions  Actions
	Accounts Accounts
	Buckets  Buckets
	Objects  Objects
	Versions Versions
	Tree     Tree
	Tail     Tail
	Insights Insights
	Form     Form
	Confirm  Confirm
	Conflict Conflict
	Bar      Bar
	MFA      MFA
	// Resource are the resource types' own action keys (resource.instance.stop).
	Resource Resources
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// Default returns the k9s/vim-style bindings.
func Default() KeyMap {
	k := KeyMap{
		Global: Global{
			Command: bind(":", "command", ":"),
			Filter:  bind("/", "filter", "/"),
			Help:    bind("?", "help", "?"),
			Back:    bind("esc", "back", "esc"),
			Quit:    bind("q", "quit", "q", "ctrl+c"),
			Profile: bind("P", "profile", "P"),
			Region:  bind("R", "region", "R"),
			Aliases: bind("ctrl+a", "commands & aliases", "ctrl+a"),
			Login:   bind("L", "SSO login", "L"),
			Console: bind("O", "open in the AWS console", "O"),
		},
		Table: Table{
			Up:           bind("↑/k", "up", "up", "k"),
			Down:         bind("↓/j", "down", "down", "j"),
			PageUp:       bind("pgup", "page up", "pgup", "ctrl+b"),
			PageDown:     bind("pgdn", "page down", "pgdown", "ctrl+f"),
			HalfPageUp:   bind("ctrl+u", "½ page up", "ctrl+u"),
			HalfPageDown: bind("ctrl+d", "½ page down", "ctrl+d"),
			Top:          bind("g", "top", "g", "home"),
			Bottom:       bind("G", "bottom", "G", "end"),
			Open:         bind("enter", "open", "enter"),
			Sort:         bind("s", "sort", "s"),
			SortBy:       bind("A–Z", "sort by the column of that letter", LetterKeys),
			Refresh:      bind("r", "refresh", "r", "ctrl+r"),
		},
		Input: Input{
			// ctrl+j is LF: what enter sends while the terminal is still in line mode, so an
			// enter typed before the first frame arrives as ctrl+j.
			Submit:   bind("enter", "apply", "enter", "ctrl+j"),
			Cancel:   bind("esc", "cancel", "esc"),
			Complete: bind("tab", "complete", "tab"),
		},
		Actions: Actions{
			Waiters:  bind("w", "waiters", "w"),
			Run:      bind("ctrl+s", "run", "ctrl+s"),
			Snippet:  bind("c", "aws cli / boto3", "c"),
			Describe: bind("d", "describe", "d"),
			Copy:     bind("y", "copy", "y"),
			Cancel:   bind("x", "cancel", "x"),
			Menu:     bind("a", "actions", "a"),
			Children: bind("o", "sub-resources", "o"),
			Select:   bind("space", "select", "space"),
			Wait:     bind("W", "wait for…", "W"),
			Wire:     bind("ctrl+w", "wire", "ctrl+w"),
			Metrics:  bind("ctrl+k", "metrics column", "ctrl+k"),
		},
		Accounts: Accounts{WriteProfile: bind("w", "write profile", "w")},
		Buckets: Buckets{
			Create:     bind("n", "create a bucket", "n"),
			Empty:      bind("E", "empty (delete every object)", "E"),
			Properties: bind("i", "properties", "i"),
			Edit:       bind("e", "edit a property in $EDITOR", "e"),
		},
		Objects: Objects{
			Delete:   bind("D", "delete", "D"),
			Presign:  bind("p", "presign a GET or PUT URL", "p"),
			Copy:     bind("C", "copy to… (server-side)", "C"),
			Move:     bind("M", "move / rename to…", "M"),
			Metadata: bind("m", "edit metadata & storage class", "m"),
			Tags:     bind("t", "edit tags", "t"),
			Restore:  bind("T", "restore from an archive tier (thaw)", "T"),
			Edit:     bind("e", "edit in $EDITOR", "e"),
			Versions: bind("v", "versions and delete markers", "v"),
			Download: bind("S", "download", "S"),
			Upload:   bind("U", "upload", "U"),
		},
		Versions: Versions{
			Restore:  bind("C", "restore over the current", "C"),
			Delete:   bind("D", "delete permanently", "D"),
			Download: bind("S", "download", "S"),
		},
		Viewer: Viewer{
			Up:       bind("↑/k", "up", "up", "k"),
			Down:     bind("↓/j", "down", "down", "j"),
			PageUp:   bind("pgup", "page up", "pgup", "ctrl+b", "ctrl+u"),
			PageDown: bind("pgdn", "page down", "pgdown", "ctrl+f", "ctrl+d", "space"),
			Top:      bind("g", "top", "g", "home"),
			Bottom:   bind("G", "bottom", "G", "end"),
			Wrap:     bind("w", "wrap", "w"),
		},
	}
	pageDefaults(&k)
	k.Resource = defaultResources()
	return k
}

// ShortHelp lists the table keys worth a place in the footer.
func (t Table) ShortHelp() []key.Binding { return []key.Binding{t.Open, t.Sort} }

// FullHelp lists every table key.
func (t Table) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{t.Up, t.Down, t.PageUp, t.PageDown},
		{t.HalfPageUp, t.HalfPageDown, t.Top, t.Bottom},
		{t.Open, t.Sort, t.SortBy, t.Refresh},
	}
}

// ShortHelp lists the viewer keys for the footer.
func (v Viewer) ShortHelp() []key.Binding { return []key.Binding{v.Down, v.Up, v.PageDown} }

// FullHelp lists every viewer key.
func (v Viewer) FullHelp() [][]key.Binding {
	return [][]key.Binding{{v.Up, v.Down, v.PageUp, v.PageDown, v.Top, v.Bottom}}
}
