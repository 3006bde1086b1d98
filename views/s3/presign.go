package s3

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// presignExpiries are the choices of how long a presigned URL lives.
var presignExpiries = []struct {
	d    time.Duration
	text string
}{
	{15 * time.Minute, "15 minutes"}, {time.Hour, "1 hour"}, {12 * time.Hour, "12 hours"},
	{24 * time.Hour, "1 day"}, {s3nav.MaxPresign, "7 days (the most SigV4 allows)"},
}

// presignedMsg is a signed URL, or why there is none.
type presignedMsg struct {
	key string
	ps  s3nav.Presigned
	err error
}

// presignPick opens the choice of method and expiry for the object under the cursor; the URL is
// signed locally, copied to the clipboard (OSC 52) and shown.
func (p *objectsPage) presignPick() tea.Cmd {
	i := p.Table.Cursor()
	if i < 0 {
		return nil
	}
	e := p.entry(i)
	if e.IsPrefix {
		return tui.Toast(textsafe.Sprintf("%s is a prefix: only an object's URL can be presigned", e.Key))
	}
	methods := []string{http.MethodGet, http.MethodPut}
	if p.session.ReadOnly {
		methods = methods[:1] // a PUT URL uploads: the client refuses to sign one read-only
	}
	cols := []vtable.Column{{Title: "METHOD", MinWidth: 6, MaxWidth: 6}, {Title: "VALID FOR", MinWidth: 10, Flex: true},
		{Title: "LETS WHOEVER HOLDS IT", MinWidth: 12, MaxWidth: 30}}
	var choices []picker.Choice
	for _, m := range methods {
		does := "download the object"
		if m == http.MethodPut {
			does = "upload over this key"
		}
		for _, x := range presignExpiries {
			choices = append(choices, picker.Choice{Value: m + " " + x.d.String(), Cells: []string{m, x.text, does}})
		}
	}
	b, s, bucket, k := p.browser, p.session, p.bucket, e.Key
	return tui.Open(picker.New(p.Env, "presign "+textsafe.Clean(e.Key), "URLs", cols, choices, "GET 1h0m0s", func(v string) tea.Cmd {
		method, ds, _ := strings.Cut(v, " ")
		d, err := time.ParseDuration(ds)
		if err != nil {
			return tui.Error(err)
		}
		return p.Tasks().Run(func(ctx context.Context) tea.Msg {
			c, err := b.client(ctx, s)
			if err != nil {
				return presignedMsg{key: k, err: err}
			}
			ps, err := c.Presign(ctx, bucket, k, method, d)
			return presignedMsg{key: k, ps: ps, err: err}
		})
	}))
}

// presigned copies the URL and shows it with its expiry and a curl line that uses it.
func (p *objectsPage) presigned(m presignedMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	name := m.key[strings.LastIndex(m.key, "/")+1:]
	curl := fmt.Sprintf("curl -o '%s' '%s'", shellQuote(name), m.ps.URL)
	if m.ps.Method == http.MethodPut {
		curl = fmt.Sprintf("curl -X PUT --upload-file FILE '%s'", m.ps.URL)
	}
	doc := map[string]any{
		"Method": m.ps.Method, "URL": m.ps.URL, "Object": "s3://" + p.bucket + "/" + m.key,
		"ValidFor": format.Duration(m.ps.Expires), "ExpiresAt": p.Env.Time().Now().Add(m.ps.Expires).UTC().Format(time.RFC3339),
		"curl": curl,
	}
	if len(m.ps.Header) > 0 {
		doc["SignedHeaders"] = m.ps.Header
	}
	return tea.Batch(tea.SetClipboard(m.ps.URL),
		tui.Push(docpage.New(p.Env, "presigned "+m.ps.Method, "copied to the clipboard", doc, docpage.Snippet{})),
		tui.Toast(textsafe.Sprintf("copied a presigned %s URL of s3://%s/%s, valid for %s", m.ps.Method, p.bucket, m.key, format.Duration(m.ps.Expires))))
}

// shellQuote makes s safe inside single quotes.
func shellQuote(s string) string { return strings.ReplaceAll(s, "'", `'\''`) }
