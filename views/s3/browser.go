// Package s3 holds nimbus's S3 browser: buckets → prefixes and objects → one object's metadata and
// preview. Listings stream in page by page; every string from S3 is sanitised before display.
//
// The browser lists with s3nav (the typed client: bucket regions, url-encoded keys, a compact row
// per key) but is the resources' page for the S3 types: describe, copy, actions, waiters and
// sub-resources run through resources.Pages.NewRowActions on the bucket and object definitions, exactly
// as on every other collection.
package s3

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/awsapi/wire/sdkwire"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/opform"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/wirepage"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

// Browser is what the S3 pages share: the app's Env and one s3nav client per session, so bucket
// regions learnt on one page serve the next.
type Browser struct {
	env tui.Env
	// pages are the resources' pages the row keys run through: nil until the resource
	// definitions are in (they load off the UI goroutine after the first frame), and without them.
	pages   atomic.Pointer[resources.Pages]
	mu      sync.Mutex
	clients map[sessionKey]*s3nav.Client
	// wires are the sessions' wire views: every call of a session's client (listings, object
	// pages, actions, transfers) records there (sdkwire), shown by actions.wire on the S3 pages.
	wires map[sessionKey]*wire.Log
	// transfers runs downloads and uploads (xfer.go); xferDir is where their dialogs start.
	transfers *xferboard.Board
	xferDir   string
	// edit hands the terminal to $EDITOR (opform.EditText); tests put an editor of their own.
	edit EditFunc
}

// EditFunc opens text (a file named after name, extension ext) in an editor; done turns what was
// saved, or the error, into the page's message.
type EditFunc func(name, ext, text string, done func(text []byte, err error) tea.Msg) tea.Cmd

// SetEditor replaces $EDITOR (tests: the terminal cannot be handed over there).
func (b *Browser) SetEditor(f EditFunc) { b.edit = f }

var _ resources.Browser = (*Browser)(nil)

// Attach gives the browser the resources.Pages whose row actions its pages use (resources.NewPages
// calls it, maybe off the UI goroutine, after pages were built: they take them on first use).
func (b *Browser) Attach(ps *resources.Pages) { b.pages.Store(ps) }

// Page opens the browser's page of the S3 type def: the buckets, or a bucket's objects under
// input's Prefix.
func (b *Browser) Page(s tui.Session, def *resource.Def, input map[string]any) tui.Page {
	bucket, _ := input["Bucket"].(string)
	if def.Type != "object" || bucket == "" {
		return b.Buckets(s)
	}
	prefix, _ := input["Prefix"].(string)
	return b.Objects(s, bucket, prefix)
}

// rowActions are the row keys of the type typ ("bucket", "object") on host; nil without resources.Pages.
func (b *Browser) rowActions(typ string, host resources.RowHost) *resources.RowActions {
	ps := b.pages.Load()
	if ps == nil {
		return nil
	}
	def, ok := ps.Registry().Lookup(typ)
	if !ok || def.Service != "s3" {
		return nil
	}
	return ps.NewRowActions(def, host)
}

// rowActionsIn returns *slot, making it on first use: a page may be built before the resource
// definitions are in (the buckets page is the first), so its row keys come when they do.
// copyText, when set, is what y copies for row i.
func (b *Browser) rowActionsIn(slot **resources.RowActions, typ string, host resources.RowHost, copyText func(i int) string) *resources.RowActions {
	if *slot == nil {
		if *slot = b.rowActions(typ, host); *slot != nil && copyText != nil {
			(*slot).SetCopyText(copyText)
		}
	}
	return *slot
}

type sessionKey struct{ profile, region, endpoint string }

// NewBrowser returns a browser whose pages are built with env.
func NewBrowser(env tui.Env) *Browser {
	return &Browser{env: env, clients: map[sessionKey]*s3nav.Client{}, wires: map[sessionKey]*wire.Log{}, edit: opform.EditText}
}

// client returns the session's S3 client, loading the session's config on first use. It runs in
// commands, never in Update, since loading a config may block.
func (b *Browser) client(ctx context.Context, s tui.Session) (*s3nav.Client, error) {
	k := sessionKey{s.Profile, s.Region, s.Endpoint}
	b.mu.Lock()
	c, ok := b.clients[k]
	b.mu.Unlock()
	if ok {
		return c, nil
	}
	cfg, err := s.Config(ctx)
	if err != nil {
		return nil, err
	}
	rec := wire.NewLog(wireEntries)
	c = s3nav.New(cfg, func(o *s3.Options) {
		o.APIOptions = append(o.APIOptions, sdkwire.Record(cfg.Credentials), sdkwire.Into(rec))
	})
	b.mu.Lock()
	defer b.mu.Unlock()
	if existing, ok := b.clients[k]; ok {
		return existing, nil
	}
	b.clients[k], b.wires[k] = c, rec
	return c, nil
}

// wireEntries is how many wire entries a session's S3 calls keep (3 or 4 per call: about the
// last 100 calls, a few MiB at most with text bodies up to wire.MaxBody).
const wireEntries = 400

// wireLog is the session's wire view, nil before its client is made.
func (b *Browser) wireLog(s tui.Session) *wire.Log {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.wires[sessionKey{s.Profile, s.Region, s.Endpoint}]
}

// wireAction opens the wire view of the session's S3 calls (actions.wire): in the help, not
// the footer, which the pages' own keys fill.
func (b *Browser) wireAction(s tui.Session) tui.Action {
	a := wirepage.Open(b.env, "S3 wire · "+s.Profile, func() *wire.Log { return b.wireLog(s) })
	a.Footer = false
	return a
}

// Buckets is the page that lists the session's buckets.
func (b *Browser) Buckets(s tui.Session) tui.Page { return newBucketsPage(b, s) }

// Objects is the page that lists bucket under prefix ("" for the bucket's root).
func (b *Browser) Objects(s tui.Session, bucket, prefix string) tui.Page {
	return newObjectsPage(b, s, bucket, prefix)
}

// Open goes straight to s3://bucket/prefix/ (the "s3://" is optional), with the buckets and every
// parent prefix below it as breadcrumbs that esc walks back through. A path that does not end in
// "/" and names an object opens the object (HeadObject says), as `aws s3 ls` would list it; else
// it is a prefix.
func (b *Browser) Open(s tui.Session, path string) tea.Cmd {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(path, "s3://"), "/")
	prefixAt := b.openPrefix(s, bucket, key)
	if key == "" || strings.HasSuffix(key, "/") {
		return prefixAt
	}
	return tea.Batch(tui.Toast(textsafe.Sprintf("opening s3://%s/%s…", bucket, key)), func() tea.Msg {
		c, err := b.client(b.env.Ctx, s)
		if err != nil {
			return prefixAt() // the listing says what is wrong
		}
		if ok, err := c.IsObject(b.env.Ctx, bucket, key); err != nil || !ok {
			return prefixAt()
		}
		dir := key[:strings.LastIndex(key, "/")+1]
		msg := b.openPrefix(s, bucket, dir)().(tui.ReplaceMsg)
		if parent, ok := msg.Page.(*objectsPage); ok {
			parent.selectName = key[len(dir):] // esc comes back to the object's row
		}
		msg.Trail = append(msg.Trail, msg.Page)
		msg.Page = newObjectPage(b, s, bucket, key)
		return msg
	})
}

// openPrefix is the command that shows s3://bucket/prefix/ with its parents behind it.
func (b *Browser) openPrefix(s tui.Session, bucket, prefix string) tea.Cmd {
	trail := []tui.Page{b.Buckets(s)}
	var parts []string
	if prefix = strings.Trim(prefix, "/"); prefix != "" {
		parts = strings.Split(prefix, "/")
	}
	at := ""
	for _, part := range parts {
		trail = append(trail, b.Objects(s, bucket, at))
		at += part + "/"
	}
	top := b.Objects(s, bucket, at)
	return func() tea.Msg { return tui.ReplaceMsg{Page: top, Trail: trail} }
}
