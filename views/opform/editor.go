package opform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// editorDoneMsg carries what the person saved in $EDITOR.
type editorDoneMsg struct {
	form *Form // the form that opened the editor: a page may hold several
	id   int
	text []byte
	err  error
}

// openEditor hands the terminal to $VISUAL or $EDITOR (vi when neither is set) on a JSON
// document of the whole input: the skeleton of the input shape with the fields' values in it.
// The file exists only while the editor runs (see editSession), never in Update.
func (f *Form) openEditor() tea.Cmd {
	if f.shape == "" {
		f.status = "this operation takes no input"
		return nil
	}
	f.editID++
	id := f.editID
	text := f.editText
	if text == "" {
		text = f.editorDocument()
	}
	s := &editSession{op: f.op, text: text}
	form := f
	return tea.Exec(s, func(err error) tea.Msg {
		if err != nil {
			return editorDoneMsg{form: form, id: id, err: err}
		}
		return editorDoneMsg{form: form, id: id, text: s.edited}
	})
}

// EditText hands the terminal to the person's editor on text, in a temporary file named after
// name with extension ext (".json"); done turns what was saved, or the error, into the page's
// message. The file exists only while the editor runs.
func EditText(name, ext, text string, done func(text []byte, err error) tea.Msg) tea.Cmd {
	s := &editSession{op: name, ext: ext, text: text}
	return tea.Exec(s, func(err error) tea.Msg {
		if err != nil {
			return done(nil, err)
		}
		return done(s.edited, nil)
	})
}

// editSession is one run of the editor, as Bubble Tea runs it once it has released the
// terminal: the temporary file is written, edited, read back and removed inside Run, so it is
// removed in every case — also when the program quits before it runs the command.
type editSession struct {
	op, text string
	ext      string // the file's extension; "" is .json
	edited   []byte
	stdin    io.Reader
	stdout   io.Writer
	stderr   io.Writer
}

func (s *editSession) SetStdin(r io.Reader)  { s.stdin = r }
func (s *editSession) SetStdout(w io.Writer) { s.stdout = w }
func (s *editSession) SetStderr(w io.Writer) { s.stderr = w }

// Run implements tea.ExecCommand.
func (s *editSession) Run() error {
	ext := s.ext
	if ext == "" {
		ext = ".json"
	}
	file, err := os.CreateTemp("", "nimbus-"+s.op+"-*"+ext)
	if err != nil {
		return fmt.Errorf("creating the file to edit: %w", err)
	}
	path := file.Name()
	defer os.Remove(path)
	_, werr := file.WriteString(s.text)
	if cerr := file.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	cmd := editorCommand(path)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s.stdin, s.stdout, s.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the editor failed (set $VISUAL or $EDITOR to one that works): %w", err)
	}
	s.edited, err = os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the edited input: %w", err)
	}
	return nil
}

// editorCommand runs the person's editor on path; $VISUAL and $EDITOR may hold arguments
// ("code --wait").
func editorCommand(path string) *exec.Cmd {
	editor := os.Getenv("VISUAL")
	if strings.TrimSpace(editor) == "" {
		editor = os.Getenv("EDITOR")
	}
	words := strings.Fields(editor)
	if len(words) == 0 {
		words = []string{"vi"}
	}
	return exec.Command(words[0], append(words[1:], path)...)
}

// editorDocument is the JSON the editor opens: every member, with the fields' values where set
// and placeholders elsewhere.
func (f *Form) editorDocument() string {
	doc, _ := Skeleton(f.svc, f.shape).(map[string]any)
	if doc == nil {
		doc = map[string]any{}
	}
	for _, fl := range f.fields {
		if fl.empty() {
			continue
		}
		v, problems, _ := fl.value(f.svc)
		if v == nil || len(problems) > 0 {
			// Keep what was typed, even if it is not valid yet, so nothing is lost.
			if fl.kind == kindJSON {
				if raw, err := decodeJSON(fl.input.Value()); err == nil {
					v = raw
				} else {
					v = fl.input.Value()
				}
			} else {
				v = fl.input.Value()
			}
		}
		doc[fl.name] = v
	}
	var b bytes.Buffer
	writeOrdered(&b, f.svc, f.shape, doc, "", true)
	b.WriteByte('\n')
	return b.String()
}

// applyEditor puts the edited document into the fields. A document that is not JSON, or names
// members the input does not have, changes nothing and is offered again on the next ctrl+e.
func (f *Form) applyEditor(msg editorDoneMsg) {
	if msg.err != nil {
		f.status = msg.err.Error()
		return
	}
	text := string(msg.text)
	raw, err := decodeJSON(text)
	if err != nil {
		f.status = "the edited input is " + err.Error() + ": " + f.keys.Editor.Help().Key + " to fix it"
		f.editText = text
		return
	}
	doc, ok := raw.(map[string]any)
	if !ok {
		f.status = "the edited input must be a JSON object: " + f.keys.Editor.Help().Key + " to fix it"
		f.editText = text
		return
	}
	stripped, _ := stripPlaceholders(f.svc, f.shape, doc)
	doc, _ = stripped.(map[string]any)
	var unknown []string
	for _, k := range sortedKeys(doc) {
		if !f.hasField(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		f.status = fmt.Sprintf("the edited input has unknown members %s: %s to fix it", strings.Join(unknown, ", "), f.keys.Editor.Help().Key)
		f.editText = text
		return
	}
	f.editText = ""
	// A structure, map or list given as a string is the text of a JSON field that was not JSON
	// yet (editorDocument wrote it so): it is the field's text again, as typed, not quoted.
	unfinished := map[string]string{}
	for _, fl := range f.fields {
		if s, ok := doc[fl.name].(string); ok && fl.kind == kindJSON && !fl.shape.Document {
			unfinished[fl.name] = s
			delete(doc, fl.name)
		}
	}
	c := &checker{svc: f.svc}
	c.value(f.shape, doc, "")
	for _, fl := range f.fields {
		if s, ok := unfinished[fl.name]; ok {
			fl.hasVerbatim, fl.verbatim = false, ""
			fl.input.SetValue(s)
			continue
		}
		fl.setValue(doc[fl.name])
	}
	f.status = ""
	if len(c.problems) > 0 {
		// Values of the wrong type cannot all be shown in their fields: say what they were.
		for i, p := range c.problems {
			c.problems[i] = strings.TrimPrefix(p, ".")
		}
		f.status = strings.Join(c.problems, "; ")
		f.Input() // marks the fields
		f.focusProblem()
		return
	}
	if _, _, err := f.Input(); err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			f.status = strings.Join(ie.Problems, "; ")
			f.focusProblem()
		}
	}
}

func (f *Form) hasField(name string) bool {
	for _, fl := range f.fields {
		if fl.name == name {
			return true
		}
	}
	return false
}

// writeOrdered writes v as indented JSON with structure members in the model's order (the
// input's required members first), so the file reads like the form.
func writeOrdered(b *bytes.Buffer, svc *model.Service, shapeName string, v any, indent string, top bool) {
	sh := svc.Shape(shapeName)
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			b.WriteString("{}")
			return
		}
		var keys []string
		seen := map[string]bool{}
		if sh != nil && sh.Type == "structure" {
			order := sh.OrderedMembers()
			if top {
				order = sh.FormMembers()
			}
			for _, k := range order {
				if _, ok := x[k]; ok {
					keys = append(keys, k)
					seen[k] = true
				}
			}
		}
		for _, k := range sortedKeys(x) {
			if !seen[k] {
				keys = append(keys, k)
			}
		}
		b.WriteString("{\n")
		for i, k := range keys {
			b.WriteString(indent + "  ")
			writeScalar(b, k)
			b.WriteString(": ")
			writeOrdered(b, svc, childShape(sh, k), x[k], indent+"  ", false)
			if i < len(keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		if flat, ok := flatScalars(x); ok {
			b.WriteString(flat)
			return
		}
		elem := ""
		if sh != nil && sh.Member != nil {
			elem = sh.Member.Shape
		}
		b.WriteString("[\n")
		for i, e := range x {
			b.WriteString(indent + "  ")
			writeOrdered(b, svc, elem, e, indent+"  ", false)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "]")
	default:
		writeScalar(b, v)
	}
}

// flatScalars writes a short list of scalars on one line: ["<string>"], [1, 2, 3].
func flatScalars(list []any) (string, bool) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, e := range list {
		switch e.(type) {
		case map[string]any, []any:
			return "", false
		}
		if i > 0 {
			b.WriteString(", ")
		}
		writeScalar(&b, e)
	}
	b.WriteByte(']')
	return b.String(), b.Len() <= 72
}

func childShape(sh *model.Shape, key string) string {
	if sh == nil {
		return ""
	}
	switch sh.Type {
	case "structure":
		if ref := sh.Members[key]; ref != nil {
			return ref.Shape
		}
	case "map":
		if sh.Value != nil {
			return sh.Value.Shape
		}
	}
	return ""
}

func writeScalar(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		b.WriteString("null\n")
	}
	b.Truncate(b.Len() - 1)
}
