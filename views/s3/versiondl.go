package s3

import (
	"context"
	"fmt"
	"path"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/internal/plural"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

// The versions page's S (versions.download): the selected versions (or the one under the cursor)
// go to a directory on the transfer board, each read with its version id — atomic and asking
// before it replaces a file, like every download.

// versionsDownloadToMsg is the directory chosen for the versions.
type versionsDownloadToMsg struct {
	dir      string
	versions []s3nav.Version
}

func (p *versionsPage) downloadPrompt() tea.Cmd {
	vs, _ := p.versions.Targets()
	var keep []s3nav.Version
	for _, v := range vs {
		if !v.DeleteMarker {
			keep = append(keep, v)
		}
	}
	if len(keep) == 0 {
		if len(vs) == 0 {
			return nil
		}
		return tui.Toast(textsafe.Sprintf("a delete marker has no content to download"))
	}
	what := fmt.Sprintf("s3://%s/%s version %s", p.bucket, keep[0].Key, keep[0].VersionID)
	if len(keep) > 1 {
		what = fmt.Sprintf("%d versions under s3://%s/%s", len(keep), p.bucket, p.prefix)
	}
	if markers := len(vs) - len(keep); markers > 0 {
		what += fmt.Sprintf(" (%d delete %s left out: no content)", markers, plural.Noun(markers, "markers"))
	}
	return tui.Open(xferboard.NewPathDialog(p.Env, "Download to", "Download "+what+" into the directory:",
		p.browser.lastDir(), true, func(dir string) tea.Msg { return versionsDownloadToMsg{dir: dir, versions: keep} }))
}

// planVersions makes the downloads in a task (the engine needs the session's client).
func (p *versionsPage) planVersions(m versionsDownloadToMsg) tea.Cmd {
	p.browser.setLastDir(m.dir)
	b, s, bucket := p.browser, p.session, p.bucket
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		nav, err := b.client(ctx, s)
		if err != nil {
			return plannedMsg{err: err}
		}
		items, warnings := versionItems(bucket, m.dir, m.versions)
		return plannedMsg{eng: b.engine(nav), items: items, warnings: warnings,
			title: fmt.Sprintf("download %d %s to %s", len(items), plural.Noun(len(items), "versions"), m.dir)}
	})
}

// versionItems are the downloads of versions into dir. A version goes to its key's base name;
// when several versions of one key are chosen, each name carries its version id
// ("a (3HL4kqtJ).txt"), so none replaces another. Keys that would leave dir are refused by name.
func versionItems(bucket, dir string, vs []s3nav.Version) ([]s3xfer.Item, []s3xfer.Warning) {
	perKey := map[string]int{}
	for _, v := range vs {
		perKey[v.Key]++
	}
	var items []s3xfer.Item
	var warnings []s3xfer.Warning
	for _, v := range vs {
		name := path.Base(v.Key)
		if strings.HasSuffix(v.Key, "/") {
			name = ""
		}
		if perKey[v.Key] > 1 && name != "" {
			ext := path.Ext(name)
			if ext == name {
				ext = ""
			}
			name = strings.TrimSuffix(name, ext) + " (" + safeVersionID(v.VersionID) + ")" + ext
		}
		local, err := s3xfer.LocalPath(dir, v.Key, name)
		if err != nil {
			warnings = append(warnings, s3xfer.Warning{Path: s3xfer.S3URI(bucket, v.Key), Err: err})
			continue
		}
		items = append(items, s3xfer.Item{Op: s3xfer.Download, Bucket: bucket, Key: v.Key, VersionID: v.VersionID,
			Local: local, Size: max(v.Size, 0), ModTime: v.LastModified})
	}
	return items, warnings
}

// safeVersionID keeps a version id's letters, digits and ._- for a file name (S3's ids are
// URL-safe already; this is for servers that are not).
func safeVersionID(id string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r)) {
			return r
		}
		return '_'
	}, id)
}
