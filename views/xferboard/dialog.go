package xferboard

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// ConflictDialog asks what to do with a file a download would replace, or an object an upload
// would. Closing it any other way (esc, its page closing, the app quitting) fails that file and
// writes nothing.
type ConflictDialog struct {
	env   tui.Env
	q     *Question
	tasks *tui.Tasks
}

var _ tui.Dialog = (*ConflictDialog)(nil)

// NewConflictDialog returns the dialog answering q.
func NewConflictDialog(env tui.Env, q *Question) *ConflictDialog {
	return &ConflictDialog{env: env, q: q, tasks: tui.NewTasks(env.Ctx)}
}

func (d *ConflictDialog) answer(a s3xfer.Action, all bool) func() tea.Cmd {
	return func() tea.Cmd {
		d.q.Answer(s3xfer.Answer{Action: a, All: all})
		return tui.Close(d, nil)
	}
}

// actions answers with the conflict.* keys; the "all" ones (capitals by default) answer for
// every later file of the job too.
func (d *ConflictDialog) actions() tui.Actions {
	k := d.env.Keys.Conflict
	return tui.Actions{
		{Binding: k.Overwrite, Footer: true, Run: d.answer(s3xfer.Overwrite, false)},
		{Binding: k.Skip, Footer: true, Run: d.answer(s3xfer.Skip, false)},
		{Binding: k.Rename, Footer: true, Run: d.answer(s3xfer.Rename, false)},
		{Binding: k.OverwriteAll, Footer: true, Run: d.answer(s3xfer.Overwrite, true)},
		{Binding: k.SkipAll, Footer: true, Run: d.answer(s3xfer.Skip, true)},
		{Binding: k.RenameAll, Run: d.answer(s3xfer.Rename, true)},
		{Binding: tui.Rename(d.env.Keys.Input.Cancel, "cancel this file"), Footer: true, Run: func() tea.Cmd {
			d.q.Cancel()
			return tui.Close(d, nil)
		}},
	}
}

// Title implements tui.Dialog.
func (d *ConflictDialog) Title() string {
	if d.q.Item.MayExist {
		return "Object may exist"
	}
	if d.q.Item.Op == s3xfer.Upload {
		return "Object exists"
	}
	return "File exists"
}

// Init implements tui.Dialog: whatever ends the dialog's tasks cancels the question.
func (d *ConflictDialog) Init() tea.Cmd {
	q, ctx := d.q, d.tasks.Context()
	go func() {
		<-ctx.Done()
		q.Cancel() // ignored once answered
	}()
	return nil
}

// Tasks implements tui.Dialog.
func (d *ConflictDialog) Tasks() *tui.Tasks { return d.tasks }

// SetSize implements tui.Dialog.
func (d *ConflictDialog) SetSize(int, int) {}

// Keys implements tui.Dialog.
func (d *ConflictDialog) Keys() help.KeyMap { return d.actions() }

// Update implements tui.Dialog.
func (d *ConflictDialog) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, ok := d.actions().Handle(k); ok {
			return cmd
		}
	}
	return nil
}

// View implements tui.Dialog.
func (d *ConflictDialog) View() string {
	st := d.env.Styles
	it := d.q.Item
	what := "downloading "
	if it.Op == s3xfer.Upload {
		what = "uploading "
	}
	exists := "exists; "
	if it.MayExist {
		exists = "may exist (S3 would not say: no permission to read it); "
	}
	return textsafe.Clean(it.Dst()) + "\n" + st.Dim.Render(exists+what+textsafe.Clean(it.Src())) + "\n\n" +
		"o overwrite · s skip · r keep both (a new name)\n" + st.Dim.Render("O S R: the same for every file of this transfer")
}

// PathDialog asks for a local path, completing it with tab: a directory to download into, or a
// file or directory to upload. Submit sends pick's message to the page that opened it.
type PathDialog struct {
	env     tui.Env
	title   string
	note    string
	tasks   *tui.Tasks
	input   textinput.Model
	matches []string
	hint    string
	pick    func(path string) tea.Msg
	mustDir bool
	w       int
}

var _ tui.Dialog = (*PathDialog)(nil)

// NewPathDialog returns a path prompt starting at start. mustDir refuses anything but a
// directory (it may not exist yet: downloads create it).
func NewPathDialog(env tui.Env, title, note, start string, mustDir bool, pick func(path string) tea.Msg) *PathDialog {
	in := textinput.New()
	in.Prompt = "> "
	in.SetValue(start)
	in.CursorEnd()
	return &PathDialog{env: env, title: title, note: note, tasks: tui.NewTasks(env.Ctx), input: in, pick: pick, mustDir: mustDir}
}

// Title implements tui.Dialog.
func (d *PathDialog) Title() string { return d.title }

// Init implements tui.Dialog.
func (d *PathDialog) Init() tea.Cmd { return d.input.Focus() }

// Tasks implements tui.Dialog.
func (d *PathDialog) Tasks() *tui.Tasks { return d.tasks }

// SetSize implements tui.Dialog.
func (d *PathDialog) SetSize(w, _ int) { d.w = w; d.input.SetWidth(min(max(w-4, 20), 70)) }

// Keys implements tui.Dialog.
func (d *PathDialog) Keys() help.KeyMap { return d.actions() }

func (d *PathDialog) actions() tui.Actions {
	in := d.env.Keys.Input
	return tui.Actions{
		{Binding: tui.Rename(in.Submit, "start"), Footer: true, Run: d.submit},
		{Binding: in.Complete, Footer: true, Run: d.complete},
		{Binding: tui.Rename(in.Cancel, "cancel"), Footer: true, Run: func() tea.Cmd { return tui.Close(d, nil) }},
	}
}

func (d *PathDialog) submit() tea.Cmd {
	p := expandHome(strings.TrimSpace(d.input.Value()))
	if p == "" {
		d.hint = "type a path"
		return nil
	}
	st, err := os.Stat(p)
	switch {
	case d.mustDir && err == nil && !st.IsDir():
		d.hint = "that is a file: a directory is needed"
		return nil
	case !d.mustDir && err != nil:
		d.hint = "no such file or directory"
		return nil
	}
	return tui.Close(d, d.pick(p))
}

// complete fills in the longest common continuation of what is typed; several candidates are
// listed under the input.
func (d *PathDialog) complete() tea.Cmd {
	typed := d.input.Value()
	matches := Complete(expandHome(typed), d.mustDir)
	d.matches, d.hint = nil, ""
	switch len(matches) {
	case 0:
		d.hint = "no match"
		return nil
	case 1:
		d.setValue(typed, matches[0])
		return nil
	}
	d.setValue(typed, commonPrefix(matches))
	d.matches = matches
	return nil
}

// setValue puts the completion in, keeping a typed "~/" as it was.
func (d *PathDialog) setValue(typed, full string) {
	if home, err := os.UserHomeDir(); err == nil && strings.HasPrefix(typed, "~") && strings.HasPrefix(full, home) {
		full = "~" + strings.TrimPrefix(full, home)
	}
	d.input.SetValue(full)
	d.input.CursorEnd()
}

// Complete lists the paths that continue prefix (directories end in a separator); dirsOnly
// leaves out files. Hidden names are listed only when prefix's last part starts with a dot.
func Complete(prefix string, dirsOnly bool) []string {
	dir, part := filepath.Split(prefix)
	look := dir
	if look == "" {
		look = "."
	}
	entries, err := os.ReadDir(look)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, part) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(part, ".")) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(look, name)); err == nil {
				isDir = st.IsDir()
			}
		}
		if dirsOnly && !isDir {
			continue
		}
		p := dir + name
		if isDir {
			p += string(filepath.Separator)
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		for !strings.HasPrefix(s, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}

// Update implements tui.Dialog.
func (d *PathDialog) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if cmd, ok := d.actions().Handle(k); ok {
		return cmd
	}
	d.matches, d.hint = nil, ""
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(k)
	return cmd
}

// View implements tui.Dialog.
func (d *PathDialog) View() string {
	st := d.env.Styles
	var b strings.Builder
	b.WriteString(textsafe.Clean(d.note) + "\n\n" + d.input.View())
	for i, m := range d.matches {
		if i == 8 {
			b.WriteString("\n" + st.Dim.Render("…"))
			break
		}
		b.WriteString("\n  " + st.Dim.Render(textsafe.Clean(m)))
	}
	if d.hint != "" {
		b.WriteString("\n" + st.Error.Render(d.hint))
	}
	return b.String()
}
