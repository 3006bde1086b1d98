package opform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// tmpFiles lists what the editor left in dir.
func tmpFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// editorScript writes an $EDITOR that runs body with the file as $1 and records the path.
func editorScript(t *testing.T, body string) (script, seen string) {
	t.Helper()
	bin := t.TempDir()
	script, seen = filepath.Join(bin, "editor.sh"), filepath.Join(bin, "seen")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" > "+seen+"\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", script)
	return script, seen
}

// ctrl+e used to create /tmp/nimbus-<Op>-*.json in its command, before Bubble Tea ran the
// editor: when the exec message never reached the program, each press left a file behind.
func TestEditorCreatesNoFileUntilTheEditorRuns(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	editorScript(t, "exit 0")
	f := newForm(t, "sqs", "SendMessage")
	cmd := f.Update(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
	if cmd == nil {
		t.Fatal("ctrl+e should return the editor's command")
	}
	cmd() // the exec message, which the program would act on; here it never does
	if left := tmpFiles(t, tmp); len(left) != 0 {
		t.Fatalf("ctrl+e left files although the editor never ran: %v", left)
	}
}

func TestEditorFileIsRemovedWhateverTheEditorDoes(t *testing.T) {
	for name, body := range map[string]string{
		"saves":           `sed -i 's|"QueueUrl": "<string>"|"QueueUrl": "https://q"|' "$1"`,
		"fails":           "exit 3",
		"deletes it":      `rm "$1"`,
		"writes nonsense": `echo 'not json' > "$1"`,
	} {
		t.Run(name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			_, seen := editorScript(t, body)
			f := newForm(t, "sqs", "SendMessage")
			s := &editSession{op: "SendMessage", text: f.editorDocument()}
			err := s.Run()
			path, _ := os.ReadFile(seen)
			if !strings.Contains(string(path), "nimbus-SendMessage-") {
				t.Fatalf("the editor did not get the file: %q", path)
			}
			if left := tmpFiles(t, tmp); len(left) != 0 {
				t.Fatalf("the file was left behind: %v", left)
			}
			switch name {
			case "saves":
				if err != nil || !strings.Contains(string(s.edited), `"QueueUrl": "https://q"`) {
					t.Fatalf("the edit was not read back: %v %s", err, s.edited)
				}
			case "fails", "deletes it":
				if err == nil {
					t.Fatal("the failure should be reported")
				}
			}
		})
	}
}

// A JSON field whose text is not valid JSON yet goes to the editor as a string; saved unchanged,
// it came back quoted and escaped (`{"a":` became `"{\"a\":"`). The text typed comes back as it was.
func TestEditorKeepsAnUnfinishedJSONField(t *testing.T) {
	f := newForm(t, "sqs", "SendMessage")
	var attrs *field
	for _, fl := range f.fields {
		if fl.name == "MessageAttributes" {
			attrs = fl
		}
	}
	if attrs == nil || attrs.kind != kindJSON {
		t.Fatal("MessageAttributes should be a JSON field")
	}
	attrs.input.SetValue(`{"a":`)
	doc := f.editorDocument()
	f.Update(editorDoneMsg{form: f, id: f.editID, text: []byte(doc)})
	if got := attrs.input.Value(); got != `{"a":` {
		t.Fatalf("the field holds %q after an editor that changed nothing, want {\"a\":", got)
	}
}
