package faultproxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// Listing follows the pages of one paginated listing through the proxy: it tells the pages apart
// by the token each request carries, so a rule can fail "page 3" however many attempts the client
// makes at it (and however the pages before it were retried), and a test can check which token a
// resumed listing sent.
//
//	l := faultproxy.NewListing(faultproxy.Target("AmazonSSM.DescribeParameters"), faultproxy.JSONToken("NextToken"))
//	p := faultproxy.Start(t, moto.URL, l.FailFrom(3, faultproxy.Status(500)))
//	// ... page 3 fails; then l.Heal() and resume; l.Tokens() lists the token of every request.
type Listing struct {
	match func(*http.Request) bool
	token func(*http.Request) string

	mu     sync.Mutex
	pages  map[string]int // token -> page number; "" is page 1
	tokens []string       // the token of every request of the listing, in order
	healed bool
}

// NewListing follows the requests match accepts, reading their page token with token.
func NewListing(match func(*http.Request) bool, token func(*http.Request) string) *Listing {
	return &Listing{match: match, token: token, pages: map[string]int{"": 1}}
}

// FailFrom is a rule that answers f to every request of page n and later pages, until Heal.
// Other requests are proxied.
func (l *Listing) FailFrom(n int, f Fault) Rule {
	return func(_ int, r *http.Request) Fault {
		if page := l.see(r); page >= n && !l.isHealed() {
			return f
		}
		return nil
	}
}

// Heal stops the faults: the next attempts are proxied.
func (l *Listing) Heal() {
	l.mu.Lock()
	l.healed = true
	l.mu.Unlock()
}

// Tokens returns the page token of every request of the listing, in order ("" for none).
func (l *Listing) Tokens() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.tokens...)
}

func (l *Listing) isHealed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.healed
}

// see records r and returns its page number, 0 when r is not part of the listing. A token not
// seen before starts the next page.
func (l *Listing) see(r *http.Request) int {
	if !l.match(r) {
		return 0
	}
	tok := l.token(r)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokens = append(l.tokens, tok)
	page, ok := l.pages[tok]
	if !ok {
		page = len(l.pages) + 1
		l.pages[tok] = page
	}
	return page
}

// Target matches the requests of a JSON-protocol operation by their X-Amz-Target header
// ("AmazonSSM.DescribeParameters").
func Target(target string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Header.Get("X-Amz-Target") == target }
}

// Query matches the requests whose query has param=value (S3 ListObjectsV2: "list-type", "2").
func Query(param, value string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.URL.Query().Get(param) == value }
}

// QueryToken reads the page token from a query parameter ("continuation-token").
func QueryToken(param string) func(*http.Request) string {
	return func(r *http.Request) string { return r.URL.Query().Get(param) }
}

// JSONToken reads the page token from a member of a JSON request body ("NextToken"); the body
// is put back for the proxy. A token that is not a string is read as its JSON text.
func JSONToken(member string) func(*http.Request) string {
	return func(r *http.Request) string {
		if r.Body == nil {
			return ""
		}
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
		var doc map[string]json.RawMessage
		if json.Unmarshal(body, &doc) != nil || doc[member] == nil {
			return ""
		}
		var s string
		if json.Unmarshal(doc[member], &s) == nil {
			return s
		}
		return string(doc[member])
	}
}
