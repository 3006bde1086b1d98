package opform

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// SubmitMsg is sent when the person runs the form and its input is valid. The page calls the
// operation with Input (after a confirmation for a mutating call).
type SubmitMsg struct {
	Operation string
	Input     map[string]any
	Warnings  []string // e.g. an enum value the model does not list
}

// CancelMsg is sent when the person leaves the form without running it.
type CancelMsg struct{ Operation string }

// InputError lists what stops the input from being built, each problem starting with the field
// (and the path inside it) it is about.
type InputError struct {
	Operation string
	Problems  []string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("%s input: fix the fields named: %s", e.Operation, strings.Join(e.Problems, "; "))
}

// Form edits the input of one operation.
type Form struct {
	svc     *model.Service
	op      string
	opDoc   string
	shape   string // the input shape's name, "" when the operation takes none
	fields  []*field
	problem map[string]string // the first problem of each field, from the last check
	focus   int
	keys    Keys
	styles  Styles
	width   int
	height  int
	nameW   int // column widths, set by layout
	typeW   int
	valueW  int
	status  string // the last submit's error, or the editor's
	warning string

	editID   int    // the $EDITOR session whose result is awaited
	editText string // the last editor text that did not parse, offered again
}

// New builds the form of operation op (model name or CLI spelling) of svc. An unknown operation
// gives a form with no fields that says so.
func New(svc *model.Service, op string, env FormEnv) *Form {
	f := &Form{svc: svc, op: op, keys: NewKeys(env.Keys), styles: env.Styles, width: 80, height: 24, problem: map[string]string{}}
	o, ok := svc.Operation(op)
	if !ok {
		f.status = fmt.Sprintf("%s has no operation %q", svc.Name, op)
		return f
	}
	f.op, f.opDoc = o.Name, o.Doc
	in, err := svc.InputShape(o.Name)
	if err != nil {
		f.status = err.Error()
		return f
	}
	if o.Input != nil {
		f.shape = o.Input.Shape
	}
	for _, m := range in.FormMembers() {
		f.fields = append(f.fields, newField(svc, in, m))
	}
	f.layout()
	if len(f.fields) > 0 {
		f.fields[0].input.Focus()
	}
	return f
}

// Operation is the operation's model name.
func (f *Form) Operation() string { return f.op }

// CapturesKeys reports whether the form takes every key: a text field has focus, so global keys
// such as q or : must not act.
func (f *Form) CapturesKeys() bool {
	c := f.current()
	return c != nil && c.kind != kindBool
}

// Keys returns the form's bindings.
func (f *Form) Keys() Keys { return f.keys }

// SetSize sets the size the form renders at.
func (f *Form) SetSize(width, height int) {
	f.width, f.height = max(width, 20), max(height, 6)
	f.layout()
}

// SetValues fills fields from a document keyed by member names (unknown names are ignored):
// a page can prefill identifiers or repeat an earlier call.
func (f *Form) SetValues(input map[string]any) {
	for _, fl := range f.fields {
		if v, ok := input[fl.name]; ok {
			fl.setValue(v)
		}
	}
}

// Input builds the operation's input from the fields: members left empty are left out, idempotency
// tokens may stay empty (the engine fills them). The error is an *InputError naming every field
// that is missing or invalid; warnings are kept apart and do not stop the call.
func (f *Form) Input() (map[string]any, []string, error) {
	out := map[string]any{}
	var problems, warnings []string
	clear(f.problem)
	for _, fl := range f.fields {
		if fl.empty() {
			if fl.required {
				p := fl.name + ": required"
				problems = append(problems, p)
				f.problem[fl.name] = p
			}
			continue
		}
		v, ps, ws := fl.value(f.svc)
		warnings = append(warnings, ws...)
		if len(ps) > 0 {
			problems = append(problems, ps...)
			f.problem[fl.name] = ps[0]
			continue
		}
		out[fl.name] = v
	}
	if len(problems) > 0 {
		return nil, warnings, &InputError{Operation: f.op, Problems: problems}
	}
	return out, warnings, nil
}

func (f *Form) current() *field {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

// Update handles keys, pastes and the $EDITOR result.
func (f *Form) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case editorDoneMsg:
		if msg.form == f && msg.id == f.editID {
			f.applyEditor(msg)
		}
		return nil
	case tea.KeyPressMsg:
		return f.key(msg)
	case tea.PasteMsg:
		if c := f.current(); c != nil && (c.kind == kindText || c.kind == kindEnum) && (c.hasVerbatim || !oneLine(msg.Content)) {
			if c.hasVerbatim {
				c.verbatim += msg.Content
			} else {
				c.insertVerbatim(msg.Content)
			}
			f.recheck(c)
			return nil
		}
	}
	if c := f.current(); c != nil && c.kind != kindBool {
		before := c.input.Value()
		var cmd tea.Cmd
		c.input, cmd = c.input.Update(msg)
		if c.input.Value() != before {
			f.recheck(c)
		}
		return cmd
	}
	return nil
}

func (f *Form) key(k tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := f.Actions().Handle(k); ok {
		return cmd
	}
	c := f.current()
	if c == nil {
		return nil
	}
	if c.hasVerbatim {
		return nil // the value cannot be edited in one line: only cleared (form.clear) or edited in $EDITOR
	}
	if c.kind == kindBool {
		f.recheck(c)
		return nil
	}
	before := c.input.Value()
	var cmd tea.Cmd
	c.input, cmd = c.input.Update(k)
	if c.input.Value() != before {
		f.recheck(c)
	}
	return cmd
}

// recheck validates the edited field as it is typed, so mistakes show at once; the last
// submit's complaint gives way to it.
func (f *Form) recheck(c *field) {
	delete(f.problem, c.name)
	f.warning, f.status = "", ""
	if c.empty() {
		return
	}
	_, ps, ws := c.value(f.svc)
	if len(ps) > 0 {
		f.problem[c.name] = ps[0]
	}
	if len(ws) > 0 {
		f.warning = ws[0]
	}
}

func (f *Form) move(step int) tea.Cmd {
	if len(f.fields) == 0 {
		return nil
	}
	f.fields[f.focus].input.Blur()
	f.focus = (f.focus + step + len(f.fields)) % len(f.fields)
	f.status = ""
	return f.fields[f.focus].input.Focus()
}

func (f *Form) submit() tea.Cmd {
	input, warnings, err := f.Input()
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			f.status = strings.Join(ie.Problems, "; ")
			f.focusProblem()
		} else {
			f.status = err.Error()
		}
		return nil
	}
	f.status = ""
	msg := SubmitMsg{Operation: f.op, Input: input, Warnings: warnings}
	return func() tea.Msg { return msg }
}

// FocusField moves to the field of an input member (an action's prompted member, among the
// others it fills); false when the form has none by that name.
func (f *Form) FocusField(name string) bool {
	for i, fl := range f.fields {
		if fl.name == name {
			f.fields[f.focus].input.Blur()
			f.focus = i
			fl.input.Focus()
			return true
		}
	}
	return false
}

// focusProblem moves to the first field with a problem.
func (f *Form) focusProblem() {
	for i, fl := range f.fields {
		if _, bad := f.problem[fl.name]; bad {
			f.fields[f.focus].input.Blur()
			f.focus = i
			fl.input.Focus()
			return
		}
	}
}

// layout sizes the columns and renders the parts of each row that change only with the size:
// View runs after every message and must stay cheap.
func (f *Form) layout() {
	nameW, typeW := 0, 0
	for _, fl := range f.fields {
		nameW = max(nameW, ansi.StringWidth(fl.name)+2)
		typeW = max(typeW, ansi.StringWidth(fl.typeName))
	}
	f.nameW = min(nameW, max(f.width/3, 12))
	f.typeW = min(typeW, max(f.width/4, 8))
	f.valueW = max(f.width-2-f.nameW-1-f.typeW-1, 8)
	for _, fl := range f.fields {
		fl.input.SetWidth(max(f.valueW-1, 1))
		name := fit(fl.name, f.nameW-2)
		for i, st := range []lipgloss.Style{f.styles.Name, f.styles.Focused} {
			cell := st.Render(name)
			if fl.required {
				cell += f.styles.Required.Render("*")
			}
			fl.nameCell[i] = pad(cell, f.nameW)
		}
		fl.typeCell = pad(f.styles.Type.Render(fit(fl.typeName, f.typeW)), f.typeW)
		fl.hintCell = f.styles.Type.Render(fit(fl.input.Placeholder, f.valueW))
	}
}

// footerLines is the room under the fields: a rule, two lines of doc and a status line.
const footerLines = 4

// View renders the form at its size.
func (f *Form) View() string {
	var lines []string
	title := f.styles.Title.Render(f.op)
	if f.opDoc != "" {
		title += " " + f.styles.Doc.Render("— "+textsafe.Clean(f.opDoc))
	}
	lines = append(lines, ansi.Truncate(title, f.width, "…"), "")
	rows := f.height - len(lines) - footerLines
	if len(f.fields) == 0 {
		lines = append(lines, f.styles.Doc.Render("This operation takes no input: "+f.keys.Submit.Help().Key+" runs it."))
	}
	start := 0
	if len(f.fields) > rows {
		start = min(max(f.focus-rows/2, 0), len(f.fields)-rows)
	}
	for i := start; i < len(f.fields) && i < start+rows; i++ {
		lines = append(lines, f.row(i))
	}
	for len(lines) < f.height-footerLines {
		lines = append(lines, "")
	}
	if len(f.fields) > rows {
		more := fmt.Sprintf(" %d–%d of %d fields ", start+1, min(start+rows, len(f.fields)), len(f.fields))
		lines = append(lines, f.styles.Type.Render(strings.Repeat("─", max(f.width-ansi.StringWidth(more)-2, 0))+more+"──"))
	} else {
		lines = append(lines, f.styles.Type.Render(strings.Repeat("─", f.width)))
	}
	for _, l := range append(f.docLines(), f.statusLine()) {
		lines = append(lines, ansi.Truncate(l, f.width, "…"))
	}
	return strings.Join(lines, "\n")
}

func (f *Form) row(i int) string {
	fl := f.fields[i]
	// Two marks: the focus, and a problem found in the field.
	marker, focused := " ", 0
	if i == f.focus {
		marker, focused = "▸", 1
	}
	if _, bad := f.problem[fl.name]; bad {
		marker += f.styles.Error.Render("✗")
	} else {
		marker += " "
	}
	return marker + fl.nameCell[focused] + " " + fl.typeCell + " " + fit(f.valueView(fl, i == f.focus), f.valueW)
}

func (f *Form) valueView(fl *field, focused bool) string {
	if fl.hasVerbatim {
		lines := strings.Count(fl.verbatim, "\n") + 1
		first, _, _ := strings.Cut(fl.verbatim, "\n")
		summary := fmt.Sprintf("‹%d lines, %d chars› %s", lines, utf8.RuneCountInString(fl.verbatim), textsafe.Clean(first))
		if focused {
			summary = "‹" + f.keys.Editor.Help().Key + " edits, " + f.keys.Clear.Help().Key + " clears› " + summary
		}
		return f.styles.Value.Render(summary)
	}
	if fl.kind != kindBool {
		if focused {
			return fl.input.View()
		}
		// The input's own View costs ~15 µs a field (it styles each placeholder rune): fields
		// without focus are plain text.
		if v := fl.input.Value(); v != "" {
			return textsafe.Clean(v)
		}
		return fl.hintCell
	}
	states := []string{"unset", "true", "false"}
	v := f.styles.Value.Render(states[fl.toggle])
	if fl.toggle == boolUnset {
		v = f.styles.Type.Render(states[fl.toggle])
	}
	if focused {
		v = "← " + v + " →"
	}
	return v
}

// docLines are two lines about the focused field: its name, type, whether it is required, and
// the first sentence of its doc.
func (f *Form) docLines() []string {
	c := f.current()
	if c == nil {
		return []string{"", ""}
	}
	about := c.name + " · " + c.typeName
	switch {
	case c.required:
		about += ", required"
	case c.token:
		about += ", idempotency token (filled in when empty)"
	}
	switch c.kind {
	case kindStringList:
		about += ", comma-separated"
	case kindEnum:
		about += fmt.Sprintf(", %s/%s to pick one of %d", f.keys.Left.Help().Key, f.keys.Right.Help().Key, len(c.shape.Enum))
		if i := slices.Index(c.shape.Enum, c.input.Value()); i >= 0 {
			about += fmt.Sprintf(" (%d)", i+1)
		}
	case kindJSON:
		about += ", JSON (" + f.keys.Editor.Help().Key + " edits the whole input in $EDITOR)"
	}
	doc := textsafe.Clean(c.doc)
	if doc == "" {
		doc = "(no documentation)"
	}
	wrapped := strings.Split(ansi.Wordwrap(doc, f.width, " "), "\n")
	second := wrapped[0]
	if len(wrapped) > 1 {
		second = ansi.Truncate(strings.Join(wrapped, " "), f.width, "…")
	}
	return []string{f.styles.Title.Render(about), f.styles.Doc.Render(second)}
}

func (f *Form) statusLine() string {
	switch {
	case f.status != "":
		return f.styles.Error.Render("✗ " + textsafe.Clean(f.status))
	}
	if c := f.current(); c != nil {
		if p, bad := f.problem[c.name]; bad {
			return f.styles.Error.Render("✗ " + textsafe.Clean(p))
		}
	}
	if f.warning != "" {
		return f.styles.Warning.Render("! " + textsafe.Clean(f.warning))
	}
	if c := f.current(); c != nil && c.kind == kindEnum && !c.hasVerbatim {
		return f.enumLine(c)
	}
	return f.styles.Type.Render("* required · " + f.keys.Submit.Help().Key + " runs · " + f.keys.Editor.Help().Key + " edits all in $EDITOR")
}

// enumLine lists an enum's values around the chosen one, which is in brackets.
func (f *Form) enumLine(c *field) string {
	enum := c.shape.Enum
	cur := slices.Index(enum, c.input.Value())
	start := max(cur-2, 0)
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	for i := start; i < len(enum) && b.Len() < f.width; i++ {
		if i > start {
			b.WriteString(" · ")
		}
		if i == cur {
			b.WriteString("[" + enum[i] + "]")
		} else {
			b.WriteString(enum[i])
		}
	}
	return f.styles.Type.Render(textsafe.Clean(b.String()))
}

// fit cuts s to width cells with an ellipsis; plain ASCII, the common case, skips the
// grapheme walk.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return ansi.Truncate(s, width, "…")
		}
	}
	if len(s) <= width {
		return s
	}
	return s[:width-1] + "…"
}

// pad right-pads a rendered string to width cells.
func pad(s string, width int) string {
	if w := lipgloss.Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}
