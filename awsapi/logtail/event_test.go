package logtail

import (
	"testing"
	"time"
)

func TestFormatLines(t *testing.T) {
	e := Event{Group: "g", Stream: "s1", Time: time.UnixMilli(1796400832123), Message: `{"a":1,"b":[2]}` + "  \n"}
	whole := Event{Group: "g", Stream: "s1", Time: time.UnixMilli(1796400832000), Message: "plain"}
	cases := []struct {
		f    Format
		e    Event
		grp  bool
		want string
	}{
		{Detailed, e, false, "2026-12-04T16:13:52.123000+00:00 s1 {\"a\":1,\"b\":[2]}\n"},
		{Detailed, whole, false, "2026-12-04T16:13:52.000000+00:00 s1 plain\n"},
		{Detailed, whole, true, "2026-12-04T16:13:52.000000+00:00 g s1 plain\n"},
		{Short, e, false, "2026-12-04T16:13:52 {\"a\":1,\"b\":[2]}\n"},
		{JSON, e, false, "2026-12-04T16:13:52.123000+00:00 s1 \n{\n    \"a\": 1,\n    \"b\": [\n        2\n    ]\n}\n"},
		{JSON, whole, false, "2026-12-04T16:13:52+00:00 s1 plain\n"},
	}
	for _, c := range cases {
		if got := c.f.Line(c.e, c.grp); got != c.want {
			t.Errorf("%s: %q, want %q", c.f, got, c.want)
		}
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"10m":                  now.Add(-10 * time.Minute),
		"2h":                   now.Add(-2 * time.Hour),
		"1w":                   now.Add(-7 * 24 * time.Hour),
		"30s":                  now.Add(-30 * time.Second),
		"2026-12-04T15:00:00Z": now.Add(-time.Hour),
		"2026-12-04":           now.Add(-16 * time.Hour),
	} {
		got, err := ParseSince(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"5h30m", "m", "yesterday", "-5m"} {
		if _, err := ParseSince(bad, now); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
