package s3

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/plural"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/textprompt"
)

// Copying and moving from the objects page: the selected rows (else the cursor's) go to a
// destination typed as s3://bucket/key (one object: a rename when it stays in the bucket) or
// s3://bucket/prefix/ (names kept; a prefix row brings its whole subtree). The copies are made on
// the server (s3nav.Copy: CopyObject, UploadPartCopy above 5 GiB); a move then deletes the
// sources that were copied.

type (
	copyDestMsg struct {
		move    bool
		targets []entry
		sizes   map[string]int64 // the objects' sizes, from the listing
		dst     string
	}
	copyPlannedMsg struct {
		plan copyPlan
		err  error
	}
	copyConfirmedMsg struct{ plan copyPlan }
	copiedMsg        struct {
		plan copyPlan
		res  s3nav.TreeResult
		err  error
	}
)

type copyPlan struct {
	move  bool
	dst   string
	items []s3nav.CopyItem
	count s3nav.Count
}

func (pl copyPlan) verb() string {
	if pl.move {
		return "move"
	}
	return "copy"
}

// copyRows asks where the target rows go.
func (p *objectsPage) copyRows(move bool) func() tea.Cmd {
	return func() tea.Cmd {
		rows, _ := p.Targets()
		if len(rows) == 0 {
			return nil
		}
		var targets []entry
		sizes := map[string]int64{}
		for _, i := range rows {
			e := p.entry(i)
			targets = append(targets, e)
			if !e.IsPrefix {
				sizes[e.Key] = p.Table.Key(i, colSize)
			}
		}
		verb := "Copy"
		if move {
			verb = "Move"
		}
		value := "s3://" + p.bucket + "/" + p.prefix
		label := "destination, s3://bucket/prefix/ (the names are kept)"
		single := len(targets) == 1 && !targets[0].IsPrefix
		what := objectsPhrase(len(targets))
		if single {
			value += strings.TrimPrefix(targets[0].Key, p.prefix)
			label = "destination, s3://bucket/key (a new name renames) or s3://bucket/prefix/"
			what = strings.TrimPrefix(targets[0].Key, p.prefix)
		} else if len(targets) == 1 {
			what = strings.TrimPrefix(targets[0].Key, p.prefix)
		} else {
			what = fmt.Sprintf("%d %s", len(targets), plural.Noun(len(targets), "rows"))
		}
		return textprompt.Open(p.Env, textprompt.Request{
			Title: verb + " " + what + " to", Label: label, Value: value,
			Check: func(v string) string {
				bucket, key, ok := splitS3URI(v)
				switch {
				case !ok || bucket == "":
					return "type s3://bucket/key or s3://bucket/prefix/"
				case !single && key != "" && !strings.HasSuffix(key, "/"):
					return "several objects or a prefix go under a prefix: end the destination with /"
				case single && bucket == p.bucket && key == targets[0].Key:
					return "that is where it is already"
				}
				return ""
			},
			Answer: func(v string) tea.Msg { return copyDestMsg{move: move, targets: targets, sizes: sizes, dst: v} },
		})
	}
}

// splitS3URI reads s3://bucket/key.
func splitS3URI(v string) (bucket, key string, ok bool) {
	rest, ok := strings.CutPrefix(v, "s3://")
	if !ok {
		return "", "", false
	}
	bucket, key, _ = strings.Cut(rest, "/")
	return bucket, key, true
}

// planCopy lists what goes where, in a task (prefixes are walked).
func (p *objectsPage) planCopy(m copyDestMsg) tea.Cmd {
	b, s, srcBucket, prefix := p.browser, p.session, p.bucket, p.prefix
	dstBucket, dstKey, _ := splitS3URI(m.dst)
	sizes := m.sizes
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return copyPlannedMsg{err: err}
		}
		plan := copyPlan{move: m.move, dst: m.dst}
		for _, e := range m.targets {
			name := strings.TrimPrefix(e.Key, prefix)
			if e.IsPrefix {
				items, n, err := c.PlanTree(ctx, s3nav.ObjectRef{Bucket: srcBucket, Key: e.Key}, dstBucket, dstKey+name)
				if err != nil {
					return copyPlannedMsg{err: err}
				}
				plan.items = append(plan.items, items...)
				plan.count.Objects += n.Objects
				plan.count.Bytes += n.Bytes
				continue
			}
			dst := dstKey
			if dst == "" || strings.HasSuffix(dst, "/") {
				dst += name
			}
			plan.items = append(plan.items, s3nav.CopyItem{Src: s3nav.ObjectRef{Bucket: srcBucket, Key: e.Key},
				Dst: s3nav.ObjectRef{Bucket: dstBucket, Key: dst}})
			plan.count.Objects++
			plan.count.Bytes += sizes[e.Key]
		}
		return copyPlannedMsg{plan: plan}
	})
}

// confirmCopy says what goes where and asks (y): a copy may overwrite keys at the destination,
// a move deletes its sources.
func (p *objectsPage) confirmCopy(plan copyPlan) tea.Cmd {
	if len(plan.items) == 0 {
		return tui.Toast(textsafe.Sprintf("nothing to %s: no objects under the prefixes", plan.verb()))
	}
	title := strings.ToUpper(plan.verb()[:1]) + plan.verb()[1:] + " " + objectsPhrase(len(plan.items))
	if len(plan.items) == 1 {
		title = strings.ToUpper(plan.verb()[:1]) + plan.verb()[1:] + " " + plan.items[0].Src.Key
	}
	var targets []string
	for k, it := range plan.items {
		if k == 5 {
			targets = append(targets, fmt.Sprintf("… and %d more", len(plan.items)-5))
			break
		}
		targets = append(targets, it.Src.String()+" → "+it.Dst.String())
	}
	detail := "copied on the server (CopyObject; UploadPartCopy parts above 5 GiB); keys already at the destination are overwritten"
	if plan.move {
		detail += fmt.Sprintf("\nthen the %s copied are deleted", objectsPhrase(len(plan.items)))
	}
	return confirm.Open(p.Env, confirm.Request{Title: title, Targets: targets, Detail: detail,
		Level: confirm.Simple, Confirmed: copyConfirmedMsg{plan: plan}})
}

func (p *objectsPage) runCopy(plan copyPlan) tea.Cmd {
	p.ClearSelection()
	b, s := p.browser, p.session
	run := p.Tasks().Run(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return copiedMsg{plan: plan, err: err}
		}
		res, err := c.CopyAll(ctx, plan.items, s3nav.CopyOptions{}, plan.move, nil)
		return copiedMsg{plan: plan, res: res, err: err}
	})
	verb := "copying"
	if plan.move {
		verb = "moving"
	}
	return tea.Batch(run, tui.Toast(textsafe.Sprintf("%s %s…", verb, objectsPhrase(len(plan.items)))))
}

func (p *objectsPage) copied(m copiedMsg) tea.Cmd {
	refresh := p.Refresh()
	if m.err != nil {
		return tea.Batch(refresh, tui.Error(m.err))
	}
	verb := "copied"
	if m.plan.move {
		verb = "moved"
	}
	if len(m.res.Errors) > 0 || len(m.res.DeleteErrors) > 0 {
		var doc []any
		for _, e := range m.res.Errors {
			doc = append(doc, map[string]any{"Source": e.Src.String(), "Destination": e.Dst.String(), "Error": s3nav.Describe(e.Err)})
		}
		for _, e := range m.res.DeleteErrors {
			doc = append(doc, map[string]any{"Source": e.Key, "Copied": true, "NotDeleted": e.Code + ": " + e.Message})
		}
		return tea.Batch(refresh, tui.Push(docpage.New(p.Env, fmt.Sprintf("%d failed", len(doc)), m.plan.verb()+" errors", doc, docpage.Snippet{})),
			tui.Toast(textsafe.Sprintf("%s %s; %d failed", verb, objectsPhrase(len(m.res.Copied)), len(doc))))
	}
	return tea.Batch(refresh, tui.Toast(textsafe.Sprintf("%s %s (%s) to %s", verb, objectsPhrase(len(m.res.Copied)),
		format.Bytes(m.plan.count.Bytes), m.plan.dst)))
}

// copyUpdate takes the copy's messages; ok is false for others.
func (p *objectsPage) copyUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case copyDestMsg:
		return p.planCopy(m), true
	case copyPlannedMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		return p.confirmCopy(m.plan), true
	case copyConfirmedMsg:
		return p.runCopy(m.plan), true
	case copiedMsg:
		return p.copied(m), true
	}
	return nil, false
}
