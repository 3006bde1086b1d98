package s3

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

// The browser's transfer keys: S saves (downloads) the selected objects and prefixes into a
// directory, U uploads a file or a directory into the prefix shown (objects.download and
// objects.upload in the key map).

// SetTransfers gives the browser the board its downloads and uploads run on (ui.go, before the UI
// runs); without one the transfer keys are not offered.
func (b *Browser) SetTransfers(board *xferboard.Board) { b.transfers = board }

type (
	// downloadToMsg is the directory the download dialog chose, with the rows chosen before it.
	downloadToMsg struct {
		dir     string
		targets []xferTarget
	}
	uploadFromMsg struct{ path string }
	// plannedMsg is a transfer ready to go on the board.
	plannedMsg struct {
		eng      *s3xfer.Engine
		title    string
		items    []s3xfer.Item
		warnings []s3xfer.Warning
		upload   bool
		err      error
	}
)

// xferTarget is one row to download: an object (with its size) or a prefix.
type xferTarget struct {
	entry
	size int64
}

// xferActions are the objects page's transfer keys.
func (p *objectsPage) xferActions() tui.Actions {
	if p.browser.transfers == nil {
		return nil
	}
	has := func() bool { return p.Table.Cursor() >= 0 }
	return tui.Actions{
		{Binding: p.Env.Keys.Objects.Download, Enabled: has, Run: p.downloadPrompt},
		{Binding: p.writeKey(p.Env.Keys.Objects.Upload), Run: p.uploadPrompt},
	}
}

func (p *objectsPage) downloadPrompt() tea.Cmd {
	rows, _ := p.Targets()
	var targets []xferTarget
	for _, i := range rows {
		targets = append(targets, xferTarget{entry: p.entry(i), size: p.Table.Key(i, colSize)})
	}
	if len(targets) == 0 {
		return nil
	}
	what := "s3://" + p.bucket + "/" + targets[0].Key
	if len(targets) > 1 {
		what = fmt.Sprintf("%d selected rows of s3://%s/%s", len(targets), p.bucket, p.prefix)
	}
	return tui.Open(xferboard.NewPathDialog(p.Env, "Download to", "Download "+what+" into the directory:",
		p.browser.lastDir(), true, func(dir string) tea.Msg { return downloadToMsg{dir: dir, targets: targets} }))
}

func (p *objectsPage) uploadPrompt() tea.Cmd {
	if p.session.ReadOnly {
		return tui.Toast(textsafe.Sprintf("read-only: upload is disabled"))
	}
	return tui.Open(xferboard.NewPathDialog(p.Env, "Upload", "Upload a file or a directory (with everything under it) to s3://"+p.bucket+"/"+p.prefix+":",
		p.browser.lastDir(), false, func(path string) tea.Msg { return uploadFromMsg{path: path} }))
}

// xferUpdate takes the transfer dialogs' answers and the plans; ok is false for other messages.
func (p *objectsPage) xferUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case downloadToMsg:
		p.browser.setLastDir(m.dir)
		return p.planDownload(m), true
	case uploadFromMsg:
		p.browser.setLastDir(filepath.Dir(strings.TrimSuffix(m.path, string(filepath.Separator))) + string(filepath.Separator))
		return p.planUpload(m.path), true
	case plannedMsg:
		return p.startTransfer(m), true
	}
	return nil, false
}

func (p *objectsPage) planDownload(m downloadToMsg) tea.Cmd {
	b, s, bucket := p.browser, p.session, p.bucket
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		nav, err := b.client(ctx, s)
		if err != nil {
			return plannedMsg{err: err}
		}
		eng := b.engine(nav)
		out := plannedMsg{eng: eng}
		for _, t := range m.targets {
			if t.IsPrefix {
				name := path.Base(strings.TrimSuffix(t.Key, "/"))
				local, err := s3xfer.LocalPath(m.dir, t.Key, name)
				if err != nil {
					out.warnings = append(out.warnings, s3xfer.Warning{Path: s3xfer.S3URI(bucket, t.Key), Err: err})
					continue
				}
				plan, err := eng.PlanDownload(ctx, bucket, t.Key, true, local, nil)
				if err != nil {
					return plannedMsg{err: err}
				}
				out.items = append(out.items, plan.Items...)
				out.warnings = append(out.warnings, plan.Warnings...)
				continue
			}
			local, err := s3xfer.LocalPath(m.dir, t.Key, path.Base(t.Key))
			if err != nil || strings.HasSuffix(t.Key, "/") {
				out.warnings = append(out.warnings, s3xfer.Warning{Path: s3xfer.S3URI(bucket, t.Key), Err: err})
				continue
			}
			out.items = append(out.items, s3xfer.Item{Op: s3xfer.Download, Bucket: bucket, Key: t.Key, Local: local, Size: max(t.size, 0)})
		}
		out.title = fmt.Sprintf("download %d %s to %s", len(out.items), fileNoun(len(out.items)), m.dir)
		return out
	})
}

func (p *objectsPage) planUpload(src string) tea.Cmd {
	b, s, bucket, prefix := p.browser, p.session, p.bucket, p.prefix
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		nav, err := b.client(ctx, s)
		if err != nil {
			return plannedMsg{err: err}
		}
		eng := b.engine(nav)
		st, err := os.Stat(src)
		if err != nil {
			return plannedMsg{err: err}
		}
		key := prefix
		if st.IsDir() {
			key = prefix + filepath.Base(filepath.Clean(src)) + "/"
		}
		plan, err := eng.PlanUpload(src, st.IsDir(), bucket, key, nil)
		if err != nil {
			return plannedMsg{err: err}
		}
		return plannedMsg{eng: eng, items: plan.Items, warnings: plan.Warnings, upload: true,
			title: fmt.Sprintf("upload %d %s to s3://%s/%s", len(plan.Items), fileNoun(len(plan.Items)), bucket, key)}
	})
}

// startTransfer puts a planned transfer on the board and shows the transfers page; an upload
// lists the prefix again when it ends.
func (p *objectsPage) startTransfer(m plannedMsg) tea.Cmd {
	var onDone func(*xferboard.Job) tea.Cmd
	if m.upload {
		onDone = func(*xferboard.Job) tea.Cmd { return p.Refresh() }
	}
	if m.err == nil && len(m.items) > 0 {
		p.ClearSelection()
	}
	return p.browser.startTransfer(p.Env, m, onDone)
}

// startTransfer puts a planned transfer on the board and shows the transfers page.
func (b *Browser) startTransfer(env tui.Env, m plannedMsg, onDone func(*xferboard.Job) tea.Cmd) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	if len(m.items) == 0 {
		text := textsafe.Sprintf("nothing to transfer")
		if n := len(m.warnings); n > 0 {
			text = textsafe.Sprintf("nothing to transfer; %d left out: %s", n, m.warnings[0])
		}
		return func() tea.Msg { return tui.ToastMsg{Text: text, Error: len(m.warnings) > 0} }
	}
	board := b.transfers
	// The page first, so an overwrite question opens over it rather than under it. What the
	// plan left out is told with the job (its row and its end), not in a toast the end replaces.
	plan := s3xfer.Plan{Items: m.items, Warnings: m.warnings}
	return tea.Sequence(tui.Push(xferboard.NewPage(env, board)), board.StartPlan(m.eng, m.title, plan, onDone))
}

// engine is a transfer engine on nav that shares the board's budget with every other transfer.
func (b *Browser) engine(nav *s3nav.Client) *s3xfer.Engine {
	return s3xfer.New(nav, s3xfer.Options{Budget: b.transfers.Budget()})
}

// lastDir is where the transfer dialogs start: the last directory used, else the working one.
func (b *Browser) lastDir() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.xferDir != "" {
		return b.xferDir
	}
	if wd, err := os.Getwd(); err == nil {
		return wd + string(filepath.Separator)
	}
	return ""
}

func (b *Browser) setLastDir(dir string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	b.xferDir = dir
}

func fileNoun(n int) string {
	if n == 1 {
		return "file"
	}
	return "files"
}
