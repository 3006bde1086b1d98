package s3

import (
	"bytes"
	"context"
	"errors"
	"path"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// e edits an object in $EDITOR: it is read whole (at most 16 MiB), handed to the editor, and
// written back only when the text changed and only if the object is still the one read (its ETag:
// HeadObject, then PutObject with If-Match). When someone else changed it meanwhile, the user
// chooses: overwrite anyway, save the edit beside it, or drop it.

type (
	fetchedMsg struct {
		key string
		f   s3nav.Fetched
		err error
	}
	objectEditedMsg struct {
		key  string
		f    s3nav.Fetched
		text []byte
		err  error
	}
	objectSavedMsg struct {
		key, as string
		f       s3nav.Fetched
		text    []byte
		err     error
	}
	conflictChoiceMsg struct {
		choice string
		m      objectSavedMsg
	}
)

func (p *objectsPage) editObject() tea.Cmd {
	i := p.Table.Cursor()
	if i < 0 {
		return nil
	}
	e := p.entry(i)
	if e.IsPrefix {
		return tui.Toast(textsafe.Sprintf("%s is a prefix: %s", e.Key, tui.KeyHint(p.Env.Keys.Objects.Edit, "edits an object")))
	}
	if n := p.Table.Key(i, colSize); n > s3nav.MaxEdit {
		return tui.Toast(textsafe.Sprintf("%s is %s: too big for an editor (at most %s)", e.Key, format.Bytes(n), format.Bytes(s3nav.MaxEdit)))
	}
	b, s, bucket := p.browser, p.session, p.bucket
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return fetchedMsg{key: e.Key, err: err}
		}
		f, err := c.Fetch(ctx, bucket, e.Key)
		return fetchedMsg{key: e.Key, f: f, err: err}
	})
}

func (p *objectsPage) openObjectEditor(m fetchedMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	ext := path.Ext(m.key)
	if ext == "" || strings.ContainsAny(ext, " /\\") {
		ext = ".txt"
	}
	name := strings.TrimSuffix(safeFileName(m.key), ext)
	tasks, key, f := p.Tasks(), m.key, m.f
	return p.browser.edit(name, ext, string(m.f.Body), func(text []byte, err error) tea.Msg {
		return tasks.Wrap(func() tea.Msg { return objectEditedMsg{key: key, f: f, text: text, err: err} })()
	})
}

// saveObject writes the edit back if it changed anything and the object did not.
func (p *objectsPage) saveObject(key, as string, f s3nav.Fetched, text []byte, etag string) tea.Cmd {
	b, s, bucket := p.browser, p.session, p.bucket
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err == nil {
			err = c.PutIfUnchanged(ctx, bucket, as, text, f, etag)
		}
		return objectSavedMsg{key: key, as: as, f: f, text: text, err: err}
	})
}

// askConflict offers the ways out when the object changed while it was being edited.
func (p *objectsPage) askConflict(m objectSavedMsg) tea.Cmd {
	cols := []vtable.Column{{Title: "DO", MinWidth: 20, Flex: true}}
	mine := m.key + ".edited"
	choices := []picker.Choice{
		{Value: "overwrite", Cells: []string{"overwrite it with my edit anyway"}},
		{Value: "beside", Cells: []string{"save my edit as " + textsafe.Clean(mine)}},
		{Value: "drop", Cells: []string{"drop my edit"}},
	}
	return tea.Batch(tui.Toast(textsafe.Sprintf("s3://%s/%s changed while you edited it", p.bucket, m.key)),
		tui.Open(picker.New(p.Env, textsafe.Clean(m.key)+" changed since it was read", "choices", cols, choices, "beside", func(v string) tea.Cmd {
			return p.Tasks().Wrap(func() tea.Msg { return conflictChoiceMsg{choice: v, m: m} })
		})))
}

func (p *objectsPage) editUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case fetchedMsg:
		return p.openObjectEditor(m), true
	case objectEditedMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		if bytes.Equal(m.text, m.f.Body) {
			return tui.Toast(textsafe.Sprintf("%s unchanged: nothing was uploaded", m.key)), true
		}
		return p.saveObject(m.key, m.key, m.f, m.text, m.f.ETag), true
	case objectSavedMsg:
		switch {
		case errors.Is(m.err, s3nav.ErrChanged):
			return p.askConflict(m), true
		case m.err != nil:
			return tui.Error(m.err), true
		}
		return tea.Batch(p.Refresh(), tui.Toast(textsafe.Sprintf("saved s3://%s/%s (%s)", p.bucket, m.as, format.Bytes(int64(len(m.text)))))), true
	case conflictChoiceMsg:
		switch m.choice {
		case "overwrite":
			return p.saveObject(m.m.key, m.m.key, m.m.f, m.m.text, ""), true
		case "beside":
			return p.saveObject(m.m.key, m.m.key+".edited", m.m.f, m.m.text, ""), true
		}
		return tui.Toast(textsafe.Sprintf("dropped the edit of %s", m.m.key)), true
	}
	return nil, false
}
