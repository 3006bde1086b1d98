package s3

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// Editing an object's metadata (with its storage class) or its tags in $EDITOR: the object is read
// (HeadObject, GetObjectTagging), written as a JSON document, and what is saved is sent only when
// it differs: tags with PutObjectTagging, metadata and class by a copy over the object.

// propKind is what is edited.
type propKind int

const (
	editMetadata propKind = iota
	editTags
)

func (k propKind) String() string {
	if k == editTags {
		return "tags"
	}
	return "metadata"
}

type (
	propsReadMsg struct {
		kind propKind
		info s3nav.ObjectInfo
		err  error
	}
	propsEditedMsg struct {
		kind propKind
		info s3nav.ObjectInfo
		text []byte
		err  error
	}
	propsSavedMsg struct {
		kind propKind
		key  string
		what string
		err  error
	}
)

// metadataDoc is the document of a metadata edit: the fields a copy may replace.
type metadataDoc struct {
	StorageClass       string
	ContentType        string
	ContentEncoding    string
	ContentDisposition string
	ContentLanguage    string
	CacheControl       string
	Metadata           map[string]string
}

func metadataDocOf(info s3nav.ObjectInfo) metadataDoc {
	m := s3nav.MetaOf(info)
	return metadataDoc{StorageClass: info.StorageClass, ContentType: m.ContentType, ContentEncoding: m.ContentEncoding,
		ContentDisposition: m.ContentDisposition, ContentLanguage: m.ContentLanguage, CacheControl: m.CacheControl,
		Metadata: m.Metadata}
}

// editProps reads the object under the cursor for an edit of kind.
func (p *objectsPage) editProps(kind propKind) func() tea.Cmd {
	return func() tea.Cmd {
		i := p.Table.Cursor()
		if i < 0 {
			return nil
		}
		e := p.entry(i)
		if e.IsPrefix {
			return tui.Toast(textsafe.Sprintf("%s is a prefix: its objects each have their own %s", e.Key, kind))
		}
		b, s, bucket := p.browser, p.session, p.bucket
		return p.Tasks().Run(func(ctx context.Context) tea.Msg {
			c, err := b.client(ctx, s)
			if err != nil {
				return propsReadMsg{kind: kind, err: err}
			}
			info, err := c.Head(ctx, bucket, e.Key)
			return propsReadMsg{kind: kind, info: info, err: err}
		})
	}
}

// openPropsEditor hands the document to the editor.
func (p *objectsPage) openPropsEditor(m propsReadMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	if m.kind == editTags && m.info.TagsNote != "" {
		return tui.Toast(textsafe.Sprintf("%s", m.info.TagsNote))
	}
	var doc any = metadataDocOf(m.info)
	if m.kind == editTags {
		tags := map[string]string{}
		for _, t := range m.info.Tags {
			tags[t.Key] = t.Value
		}
		doc = tags
	}
	text, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return tui.Error(err)
	}
	name := m.kind.String() + "-" + safeFileName(m.info.Key)
	info, kind, tasks := m.info, m.kind, p.Tasks()
	return p.browser.edit(name, ".json", string(text)+"\n", func(text []byte, err error) tea.Msg {
		return tasks.Wrap(func() tea.Msg { return propsEditedMsg{kind: kind, info: info, text: text, err: err} })()
	})
}

// safeFileName keeps the letters of a key a temporary file's name may hold.
func safeFileName(key string) string {
	key = key[strings.LastIndex(key, "/")+1:]
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return '_'
	}, key)
}

// saveProps sends what the editor saved, if it changed anything.
func (p *objectsPage) saveProps(m propsEditedMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	dec := json.NewDecoder(bytes.NewReader(m.text))
	dec.DisallowUnknownFields()
	b, s, bucket, key := p.browser, p.session, p.bucket, m.info.Key
	switch m.kind {
	case editTags:
		var tags map[string]string
		if err := dec.Decode(&tags); err != nil {
			return tui.Error(fmt.Errorf("the tags were not saved: the document is not a JSON object of strings: %w", err))
		}
		before := map[string]string{}
		for _, t := range m.info.Tags {
			before[t.Key] = t.Value
		}
		if maps.Equal(before, tags) {
			return tui.Toast(textsafe.Sprintf("tags unchanged: nothing was sent"))
		}
		return p.Tasks().Run(func(ctx context.Context) tea.Msg {
			c, err := b.client(ctx, s)
			if err == nil {
				err = c.SetTags(ctx, bucket, key, s3nav.TagsOf(tags))
			}
			return propsSavedMsg{kind: editTags, key: key, what: fmt.Sprintf("%d tags", len(tags)), err: err}
		})
	}
	var doc metadataDoc
	if err := dec.Decode(&doc); err != nil {
		return tui.Error(fmt.Errorf("the metadata was not saved: %w", err))
	}
	before := metadataDocOf(m.info)
	if doc.StorageClass == "" {
		doc.StorageClass = before.StorageClass
	}
	if !slices.Contains(s3nav.StorageClasses, doc.StorageClass) {
		return tui.Error(fmt.Errorf("the metadata was not saved: storage class %q is none of %s", doc.StorageClass,
			strings.Join(s3nav.StorageClasses, ", ")))
	}
	metaSame := doc.ContentType == before.ContentType && doc.ContentEncoding == before.ContentEncoding &&
		doc.ContentDisposition == before.ContentDisposition && doc.ContentLanguage == before.ContentLanguage &&
		doc.CacheControl == before.CacheControl && maps.Equal(doc.Metadata, before.Metadata)
	classSame := doc.StorageClass == before.StorageClass
	if metaSame && classSame {
		return tui.Toast(textsafe.Sprintf("metadata unchanged: nothing was sent"))
	}
	class := ""
	if !classSame {
		class = doc.StorageClass
	}
	what := "metadata"
	switch {
	case metaSame:
		what = "storage class " + doc.StorageClass
	case !classSame:
		what = "metadata and storage class " + doc.StorageClass
	}
	meta := s3nav.Meta{ContentType: doc.ContentType, ContentEncoding: doc.ContentEncoding, ContentDisposition: doc.ContentDisposition,
		ContentLanguage: doc.ContentLanguage, CacheControl: doc.CacheControl, Metadata: doc.Metadata}
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err == nil {
			if metaSame {
				err = c.SetStorageClass(ctx, bucket, key, class)
			} else {
				err = c.SetMetadata(ctx, bucket, key, meta, class)
			}
		}
		return propsSavedMsg{kind: editMetadata, key: key, what: what, err: err}
	})
}

// propsUpdate takes the edits' messages; ok is false for others.
func (p *objectsPage) propsUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case propsReadMsg:
		return p.openPropsEditor(m), true
	case propsEditedMsg:
		return p.saveProps(m), true
	case propsSavedMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		return tea.Batch(p.Refresh(), tui.Toast(textsafe.Sprintf("saved the %s of s3://%s/%s", m.what, p.bucket, m.key))), true
	}
	return nil, false
}
