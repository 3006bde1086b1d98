package faultproxy

import (
	"net/http"
	"sync"
)

// Attempts counts the attempts of calls as the SDK names them (Amz-Sdk-Invocation-Id and
// Amz-Sdk-Request), so that net/http's own resend of a request on a reused connection that
// closed is not taken for an attempt of the retryer's. A rule calls Add on the requests it
// faults; the zero value is ready to use.
type Attempts struct {
	mu       sync.Mutex
	requests int
	seen     map[string]bool
}

// Add records one request.
func (a *Attempts) Add(r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.seen == nil {
		a.seen = map[string]bool{}
	}
	a.requests++
	a.seen[r.Header.Get("Amz-Sdk-Invocation-Id")+" "+r.Header.Get("Amz-Sdk-Request")] = true
}

// N returns the number of distinct attempts seen.
func (a *Attempts) N() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.seen)
}

// Requests returns the number of HTTP requests seen, resends included.
func (a *Attempts) Requests() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.requests
}
