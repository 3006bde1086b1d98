package s3nav_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
)

// countDeletes counts the DeleteObjects calls (POST ?delete) that reach the server.
func countDeletes(n *atomic.Int32) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Query().Has("delete") {
				n.Add(1)
			}
			h.ServeHTTP(w, r)
		})
	}
}

// A prefix of 2,500 keys is counted, then deleted in three DeleteObjects calls of at most 1,000
// keys; the keys beside the prefix stay.
func TestDeletePrefixInBatchesOf1000(t *testing.T) {
	var calls atomic.Int32
	f := newFake(t, true, countDeletes(&calls))
	f.bucket(t, "b")
	for i := range 2500 {
		f.put(t, "b", fmt.Sprintf("logs/%05d", i), []byte("xy"), nil)
	}
	f.put(t, "b", "logsbook", []byte("keep"), nil)
	f.put(t, "b", "other/k", []byte("keep"), nil)
	ctx := context.Background()

	ids, n, err := f.nav.Keys(ctx, "b", "logs/")
	if err != nil {
		t.Fatal(err)
	}
	if n.Objects != 2500 || n.Bytes != 5000 || len(ids) != 2500 {
		t.Fatalf("counted %+v (%d ids), want 2500 objects of 5000 bytes", n, len(ids))
	}
	var progress []int
	res, err := f.nav.Delete(ctx, "b", ids, func(done int) { progress = append(progress, done) })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Deleted) != 2500 || len(res.Errors) != 0 {
		t.Fatalf("deleted %d, %d errors", len(res.Deleted), len(res.Errors))
	}
	if calls.Load() != 3 || fmt.Sprint(progress) != "[1000 2000 2500]" {
		t.Fatalf("%d DeleteObjects calls, progress %v; want 3 calls, [1000 2000 2500]", calls.Load(), progress)
	}
	left, _, err := f.nav.Keys(ctx, "b", "")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(left) != "[{logsbook } {other/k }]" {
		t.Fatalf("left %v", left)
	}
}

// refuseLocked answers DeleteObjects itself, as S3 does for keys it may not delete: every key
// holding "locked" comes back in <Error>, the others in <Deleted>.
func refuseLocked(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !r.URL.Query().Has("delete") {
			h.ServeHTTP(w, r)
			return
		}
		var req struct {
			Objects []struct{ Key string } `xml:"Object"`
		}
		body, _ := io.ReadAll(r.Body)
		if err := xml.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`)
		for _, o := range req.Objects {
			if strings.Contains(o.Key, "locked") {
				fmt.Fprintf(&b, "<Error><Key>%s</Key><Code>AccessDenied</Code><Message>Access Denied because object protected by object lock.</Message></Error>", o.Key)
			} else {
				fmt.Fprintf(&b, "<Deleted><Key>%s</Key></Deleted>", o.Key)
			}
		}
		b.WriteString("</DeleteResult>")
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, b.String())
	})
}

// Keys S3 refuses inside a DeleteObjects answer are reported one by one, and the batch goes on.
func TestDeleteReportsPerKeyErrors(t *testing.T) {
	f := newFake(t, true, refuseLocked)
	f.bucket(t, "b")
	ids := []s3nav.ObjectID{{Key: "a"}, {Key: "locked-1"}, {Key: "b"}, {Key: "locked-2"}}
	res, err := f.nav.Delete(context.Background(), "b", ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.Deleted) != "[{a } {b }]" {
		t.Fatalf("deleted %v", res.Deleted)
	}
	if len(res.Errors) != 2 || res.Errors[0].Key != "locked-1" || res.Errors[1].Code != "AccessDenied" ||
		!strings.Contains(res.Errors[1].Message, "object lock") {
		t.Fatalf("errors %+v", res.Errors)
	}
}

// XML 1.0 cannot carry most control characters, so a DeleteObjects body cannot name a key that
// holds one (Go's encoder writes U+FFFD instead: S3 then "deletes" a key that does not exist and
// says Deleted). Such keys go by DeleteObject, their key in the URL; the others still in batches.
func TestDeleteKeysXMLCannotCarry(t *testing.T) {
	var calls atomic.Int32
	f := newFake(t, true, countDeletes(&calls))
	f.bucket(t, "b")
	keys := []string{"evil\x1b[31mred.txt", "bell\x07", "plain.txt", "tab\tand\rcr"}
	var ids []s3nav.ObjectID
	for _, k := range keys {
		f.put(t, "b", k, []byte("x"), nil)
		ids = append(ids, s3nav.ObjectID{Key: k})
	}
	ctx := context.Background()
	res, err := f.nav.Delete(ctx, "b", ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	left, _, err := f.nav.Keys(ctx, "b", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Fatalf("keys left after the delete: %q (it reported %d deleted)", left, len(res.Deleted))
	}
	if len(res.Deleted) != len(keys) || len(res.Errors) != 0 {
		t.Fatalf("deleted %v, errors %v", res.Deleted, res.Errors)
	}
	if calls.Load() != 1 {
		t.Fatalf("%d DeleteObjects calls, want 1 for the keys XML can carry", calls.Load())
	}
}
