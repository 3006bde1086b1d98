// Package pagekit holds what nimbus's table pages share: a page built around a virtual table,
// cell formatting, and the glue to the app shell's task runner.
package pagekit

import (
	"time"

	"github.com/dustin/go-humanize"
)

// Bytes formats a size for a table cell: "2.1 MB"; negative means unknown.
func Bytes(n int64) string {
	if n < 0 {
		return "–"
	}
	return humanize.Bytes(uint64(n))
}

// Time formats a timestamp for a table cell in UTC, as `aws s3 ls` does; zero means unknown.
func Time(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// Count formats a row count with thousands separators: "48,210".
func Count(n int) string { return humanize.Comma(int64(n)) }
