// Package format is the one place values become text for people: sizes, durations, times and
// counts, the same in every table, document toast and headless progress line.
//
// Sizes are IEC (KiB, MiB, GiB: powers of 1024), never SI. AWS sizes its own things in binary
// units (EBS and RDS storage in GiB, Lambda memory in MiB) and `aws s3 ls --human-readable`
// prints KiB/MiB, so a size here reads the same as in the console and the CLI beside it.
package format

import (
	"strconv"
	"time"
)

// Unknown is shown for a value that is missing or negative.
const Unknown = "–"

// Bytes formats a size in IEC units: "512 B", "1.5 KiB", "128 MiB"; negative means unknown.
func Bytes(n int64) string {
	if n < 0 {
		return Unknown
	}
	return string(AppendBytes(nil, n))
}

// TimeLayout is how a timestamp is shown, always in UTC (as `aws s3 ls` does).
const TimeLayout = "2006-01-02 15:04:05"

// Time formats a timestamp in UTC: "2026-12-04 13:22:32"; zero means unknown.
func Time(t time.Time) string {
	if t.IsZero() {
		return Unknown
	}
	return t.UTC().Format(TimeLayout)
}

// Count formats a count with thousands separators: "48,210", "-1,024".
func Count[N int | int64](n N) string {
	digits := strconv.FormatInt(int64(n), 10)
	sign := ""
	if digits[0] == '-' {
		sign, digits = "-", digits[1:]
	}
	b := make([]byte, 0, len(sign)+len(digits)+len(digits)/3)
	b = append(b, sign...)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, digits[i])
	}
	return string(b)
}

// Duration formats a span in at most two units, the smaller only when it is not zero: "450ms",
// "1.2s", "30s", "1m 30s", "15m", "1h 5m", "4d", "4d 2h". Under ten seconds it keeps tenths
// and under one milliseconds, since a call's latency is what such a span usually is; negative
// spans read as their size.
func Duration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	if tenths := d.Round(100*time.Millisecond) / (100 * time.Millisecond); d < 10*time.Second && tenths%10 != 0 {
		return strconv.FormatFloat(float64(tenths)/10, 'f', 1, 64) + "s"
	}
	d = d.Round(time.Second)
	type unit struct {
		size time.Duration
		name string
	}
	units := [...]unit{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}
	for i, u := range units {
		if d < u.size {
			continue
		}
		s := strconv.FormatInt(int64(d/u.size), 10) + u.name
		if i+1 < len(units) {
			next := units[i+1]
			if r := (d % u.size) / next.size; r > 0 {
				s += " " + strconv.FormatInt(int64(r), 10) + next.name
			}
		}
		return s
	}
	return "0s" // not reached: d >= 1s
}

// Ago formats how long before now t was, in its largest whole unit: "45s ago", "5m ago",
// "3h ago", "3d ago", "2y ago"; a time after now reads "in 5m".
func Ago(t, now time.Time) string {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		s = strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		s = strconv.Itoa(int(d/time.Hour)) + "h"
	case d < 365*24*time.Hour:
		s = strconv.Itoa(int(d/(24*time.Hour))) + "d"
	default:
		s = strconv.Itoa(int(d/(365*24*time.Hour))) + "y"
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}
