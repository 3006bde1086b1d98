package s3

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/textprompt"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// The buckets page's own actions: n creates a bucket (name, then region), E empties one (its
// objects counted, then a typed confirmation), i shows its properties (every configuration
// section as one document), e edits a section that S3 takes as a document in $EDITOR. D (delete)
// is the bucket type's action. The keys are the key map's buckets.* bindings, so a user can remap them.

type (
	bucketNameMsg struct{ name string }
	bucketMadeMsg struct {
		name, region string
		err          error
	}
	emptyCountedMsg struct {
		bucket string
		ids    []s3nav.ObjectID
		count  s3nav.Count
		err    error
	}
	emptyConfirmedMsg struct {
		bucket string
		ids    []s3nav.ObjectID
	}
	propertiesMsg struct {
		bucket string
		secs   []s3nav.BucketSection
		err    error
	}
	sectionEditedMsg struct {
		bucket, name string
		before, text []byte
		err          error
	}
	sectionSavedMsg struct {
		bucket, name string
		err          error
	}
)

func (p *bucketsPage) ownActions() tui.Actions {
	k := p.Env.Keys.Buckets
	has := func() bool { return p.Table.Cursor() >= 0 }
	return tui.Actions{
		{Binding: writeKey(p.session, k.Create), Run: p.mutating("create", p.newBucket)},
		{Binding: writeKey(p.session, k.Empty), Enabled: has, Run: p.mutating("empty", p.emptyBucket)},
		{Binding: k.Properties, Enabled: has, Run: p.properties(false)},
		{Binding: writeKey(p.session, k.Edit), Enabled: has, Run: p.mutating("editing", p.properties(true))},
	}
}

func (p *bucketsPage) mutating(name string, run func() tea.Cmd) func() tea.Cmd {
	return func() tea.Cmd {
		if p.session.ReadOnly {
			return tui.Toast(textsafe.Sprintf("read-only: %s is disabled", name))
		}
		return run()
	}
}

func (p *bucketsPage) newBucket() tea.Cmd {
	return textprompt.Open(p.Env, textprompt.Request{Title: "Create a bucket", Label: "bucket name",
		Detail: "3–63 characters: lower-case letters, digits, dots and hyphens; unique across all of S3",
		Check: func(v string) string {
			if len(v) < 3 || len(v) > 63 || strings.Trim(v, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
				return "a bucket name is 3–63 lower-case letters, digits, dots and hyphens"
			}
			return ""
		},
		Answer: func(v string) tea.Msg { return bucketNameMsg{name: v} }})
}

// pickRegion asks where the bucket goes, the session's region first.
func (p *bucketsPage) pickRegion(name string) tea.Cmd {
	cols := []vtable.Column{{Title: "REGION", MinWidth: 14, MaxWidth: 16}, {Title: "NAME", MinWidth: 10, Flex: true}}
	var choices []picker.Choice
	for _, r := range sessionmgr.Regions() {
		if r.Partition != "aws" {
			continue
		}
		c := picker.Choice{Value: r.Name, Cells: []string{r.Name, r.Description}}
		if r.Name == p.session.Region {
			choices = append([]picker.Choice{c}, choices...)
		} else {
			choices = append(choices, c)
		}
	}
	b, s := p.browser, p.session
	return tui.Open(picker.New(p.Env, "create "+textsafe.Clean(name)+" in", "regions", cols, choices, p.session.Region, func(region string) tea.Cmd {
		return p.Tasks().Run(func(ctx context.Context) tea.Msg {
			c, err := b.client(ctx, s)
			if err == nil {
				err = c.CreateBucket(ctx, name, region)
			}
			return bucketMadeMsg{name: name, region: region, err: err}
		})
	}))
}

func (p *bucketsPage) emptyBucket() tea.Cmd {
	bk, ok := p.buckets.Current()
	if !ok {
		return nil
	}
	b, s := p.browser, p.session
	return tea.Batch(p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return emptyCountedMsg{bucket: bk.Name, err: err}
		}
		ids, n, err := c.Keys(ctx, bk.Name, "")
		return emptyCountedMsg{bucket: bk.Name, ids: ids, count: n, err: err}
	}), tui.Toast(textsafe.Sprintf("counting the objects of %s…", bk.Name)))
}

func (p *bucketsPage) confirmEmpty(m emptyCountedMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	if m.count.Objects == 0 {
		return tui.Toast(textsafe.Sprintf("%s is empty already", m.bucket))
	}
	return confirm.Open(p.Env, confirm.Request{Title: "Empty " + m.bucket, Targets: []string{"s3://" + m.bucket + "/"},
		Detail: fmt.Sprintf("%s, %s in all: every object is deleted (DeleteObjects, 1,000 keys a call); a versioned bucket keeps their versions (v in the bucket lists them)",
			objectsPhrase(m.count.Objects), format.Bytes(m.count.Bytes)),
		Level: confirm.Typed, Name: fmt.Sprintf("empty %d", m.count.Objects), NameLabel: "phrase",
		Confirmed: emptyConfirmedMsg{bucket: m.bucket, ids: m.ids}})
}

func (p *bucketsPage) runEmpty(m emptyConfirmedMsg) tea.Cmd {
	b, s := p.browser, p.session
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return deletedMsg{plan: deletePlan{bucket: m.bucket}, err: err}
		}
		res, err := c.Delete(ctx, m.bucket, m.ids, nil)
		return deletedMsg{plan: deletePlan{bucket: m.bucket}, res: res, err: err}
	})
}

// properties reads every section; with edit, a picker of the editable ones follows.
func (p *bucketsPage) properties(edit bool) func() tea.Cmd {
	return func() tea.Cmd {
		bk, ok := p.buckets.Current()
		if !ok {
			return nil
		}
		b, s := p.browser, p.session
		return p.Tasks().Run(func(ctx context.Context) tea.Msg {
			c, err := b.client(ctx, s)
			if err != nil {
				return propertiesMsg{bucket: bk.Name, err: err}
			}
			secs, err := c.BucketProperties(ctx, bk.Name)
			if edit {
				return editPickMsg{bucket: bk.Name, secs: secs, err: err}
			}
			return propertiesMsg{bucket: bk.Name, secs: secs, err: err}
		})
	}
}

type editPickMsg propertiesMsg

func sectionDoc(sec s3nav.BucketSection) any {
	switch {
	case sec.Err != nil:
		return "unreadable: " + s3nav.Describe(sec.Err)
	case sec.Doc == nil:
		return "not set"
	}
	return sec.Doc
}

func (p *bucketsPage) showProperties(m propertiesMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	doc := map[string]any{}
	for _, sec := range m.secs {
		doc[sec.Name] = sectionDoc(sec)
	}
	return tui.Push(docpage.New(p.Env, m.bucket+" properties", tui.KeyHint(p.Env.Keys.Buckets.Edit, "on the bucket edits a section"), doc, docpage.Snippet{
		AWSCLI: "aws s3api get-bucket-policy --bucket " + m.bucket}))
}

func (p *bucketsPage) pickSection(m editPickMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	cols := []vtable.Column{{Title: "SECTION", MinWidth: 12, MaxWidth: 20}, {Title: "NOW", MinWidth: 10, Flex: true}}
	var choices []picker.Choice
	secs := map[string]s3nav.BucketSection{}
	for _, sec := range m.secs {
		if !sec.Editable {
			continue
		}
		secs[sec.Name] = sec
		now := "set"
		switch {
		case sec.Err != nil:
			now = "unreadable"
		case sec.Doc == nil:
			now = "not set"
		}
		choices = append(choices, picker.Choice{Value: sec.Name, Cells: []string{sec.Name, now}})
	}
	tasks := p.Tasks()
	return tui.Open(picker.New(p.Env, "edit a property of "+textsafe.Clean(m.bucket), "sections", cols, choices, "Policy", func(name string) tea.Cmd {
		sec := secs[name]
		var text []byte
		if sec.Doc != nil {
			text, _ = json.MarshalIndent(sec.Doc, "", "  ")
		} else {
			text = []byte("{}")
		}
		before := append([]byte(nil), text...)
		return p.browser.edit(strings.ToLower(name)+"-"+safeFileName(m.bucket), ".json", string(text)+"\n", func(edited []byte, err error) tea.Msg {
			return tasks.Wrap(func() tea.Msg {
				return sectionEditedMsg{bucket: m.bucket, name: name, before: before, text: edited, err: err}
			})()
		})
	}))
}

func (p *bucketsPage) saveSection(m sectionEditedMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	if strings.TrimSpace(string(m.text)) == strings.TrimSpace(string(m.before)) {
		return tui.Toast(textsafe.Sprintf("%s unchanged: nothing was sent", m.name))
	}
	b, s := p.browser, p.session
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err == nil {
			err = c.PutBucketSection(ctx, m.bucket, m.name, m.text)
		}
		return sectionSavedMsg{bucket: m.bucket, name: m.name, err: err}
	})
}

// ownUpdate takes the results of the bucket actions; ok is false for others.
func (p *bucketsPage) ownUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case bucketNameMsg:
		return p.pickRegion(m.name), true
	case bucketMadeMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		return tea.Batch(p.Reload(p.session), tui.Toast(textsafe.Sprintf("created bucket %s in %s", m.name, m.region))), true
	case emptyCountedMsg:
		return p.confirmEmpty(m), true
	case emptyConfirmedMsg:
		return tea.Batch(p.runEmpty(m), tui.Toast(textsafe.Sprintf("emptying %s: %s…", m.bucket, objectsPhrase(len(m.ids))))), true
	case deletedMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		if n := len(m.res.Errors); n > 0 {
			e := m.res.Errors[0]
			return tui.Error(fmt.Errorf("emptied %s of %s; S3 refused %d, first %s: %s: %s", m.plan.bucket,
				objectsPhrase(len(m.res.Deleted)), n, e.Key, e.Code, e.Message)), true
		}
		return tui.Toast(textsafe.Sprintf("emptied %s: deleted %s", m.plan.bucket, objectsPhrase(len(m.res.Deleted)))), true
	case propertiesMsg:
		return p.showProperties(m), true
	case editPickMsg:
		return p.pickSection(m), true
	case sectionEditedMsg:
		return p.saveSection(m), true
	case sectionSavedMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		return tui.Toast(textsafe.Sprintf("saved %s of bucket %s", m.name, m.bucket)), true
	}
	return nil, false
}
