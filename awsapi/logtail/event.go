package logtail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Event is one log event, from FilterLogEvents or a live session.
type Event struct {
	Group  string // the group it came from (name or ARN, as asked)
	Stream string
	// ID is FilterLogEvents' eventId; live sessions send none.
	ID       string
	Time     time.Time // the event's timestamp
	Ingested time.Time
	Message  string
}

// key identifies an event for deduplication. Real eventIds are unique, but moto numbers them per
// stream ("0", "1"…), so the stream is part of the key.
func (e Event) key() string { return e.Stream + "\x00" + e.ID }

// eventFrom reads a FilterLogEvents event or a live session's LiveTailSessionLogEvent.
func eventFrom(group string, doc map[string]any) Event {
	e := Event{Group: group, Message: str(doc["message"]), Stream: str(doc["logStreamName"]), ID: str(doc["eventId"])}
	if g := str(doc["logGroupIdentifier"]); g != "" {
		e.Group = g
	}
	e.Time = millis(doc["timestamp"])
	e.Ingested = millis(doc["ingestionTime"])
	return e
}

func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// millis reads an epoch-milliseconds number as the engine decodes it (int64, float64, json.Number
// or a string).
func millis(v any) time.Time {
	var ms int64
	switch n := v.(type) {
	case int64:
		ms = n
	case int:
		ms = int64(n)
	case float64:
		ms = int64(n)
	case json.Number:
		ms, _ = n.Int64()
	case string:
		ms, _ = strconv.ParseInt(n, 10, 64)
	case time.Time:
		return n.UTC()
	default:
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// Format is how `aws logs tail --format` prints an event.
type Format string

const (
	// Detailed is "TIMESTAMP STREAM MESSAGE", the time as Python's
	// isoformat(timespec='microseconds') of the UTC time: 2026-12-04T16:20:01.123000+00:00.
	Detailed Format = "detailed"
	// Short is "TIMESTAMP MESSAGE", the time to the second without a zone: 2026-12-04T16:20:01.
	Short Format = "short"
	// JSON is "TIMESTAMP STREAM MESSAGE" with the time as Python's isoformat() (no fraction on a
	// whole second) and a message that is entirely JSON on the lines after, as Python's
	// json.dumps(…, indent=4) writes it (PythonJSON).
	JSON Format = "json"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Detailed, Short, JSON:
		return f, nil
	case "":
		return Detailed, nil
	}
	return "", fmt.Errorf("unknown format %q: detailed, short or json", s)
}

// Line is e as `aws logs tail` prints it, with a single newline at the end (trailing space of the
// message is dropped, as the CLI does). withGroup puts the group before the stream ("GROUP STREAM"),
// for a tail of several groups, which the CLI (one group) never prints.
func (f Format) Line(e Event, withGroup bool) string {
	var b strings.Builder
	msg := strings.TrimRightFunc(e.Message, isSpace)
	stream := e.Stream
	if withGroup {
		stream = e.Group + " " + stream
	}
	switch f {
	case Short:
		b.WriteString(e.Time.UTC().Format("2006-01-02T15:04:05"))
		b.WriteByte(' ')
		b.WriteString(msg)
	case JSON:
		b.WriteString(PythonISO(e.Time))
		b.WriteByte(' ')
		b.WriteString(stream)
		b.WriteByte(' ')
		if pretty, ok := PythonJSON(e.Message); ok {
			msg = "\n" + pretty // the CLI's '%s %s %s' % (time, stream, '\n' + dumps): a space ends the first line
		}
		b.WriteString(msg)
	default:
		b.WriteString(e.Time.UTC().Format("2006-01-02T15:04:05.000000") + "+00:00")
		b.WriteByte(' ')
		b.WriteString(stream)
		b.WriteByte(' ')
		b.WriteString(msg)
	}
	out := strings.TrimRightFunc(b.String(), isSpace)
	return out + "\n"
}

// isSpace is Python's str.isspace, which the CLI's rstrip() uses: Unicode white space and the
// separators U+001C…U+001F.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

// PythonISO is t in UTC as Python's datetime.isoformat() writes a UTC-aware time: microseconds
// only when there are any.
func PythonISO(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05") + "+00:00"
	}
	return t.Format("2006-01-02T15:04:05.000000") + "+00:00"
}

// PrettyJSON is msg indented when it is one JSON object or array, else msg unchanged. Keys keep
// their order (the bytes are re-indented, not decoded).
func PrettyJSON(msg, indent string) string {
	t := strings.TrimSpace(msg)
	if len(t) < 2 || (t[0] != '{' && t[0] != '[') || !json.Valid([]byte(t)) {
		return msg
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(t), "", indent); err != nil {
		return msg
	}
	return buf.String()
}
