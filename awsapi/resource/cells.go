package resource

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// TimeLayout is how the "time" format (and any time without a format) is shown, in UTC.
const TimeLayout = format.TimeLayout

// States a "state" cell is classified as, for its colour.
const (
	StateOK   = "ok"   // running, available, active…
	StateBusy = "busy" // pending, stopping, …_IN_PROGRESS
	StateBad  = "bad"  // stopped, failed, deleted…
)

// Cell is one column of a row, ready to show.
type Cell struct {
	// Text is what to show, with control characters escaped (textsafe.Clean).
	Text string
	// Sort orders the column numerically for the formats bytes, count (the value) and time, ago
	// (Unix nanoseconds); 0 otherwise.
	Sort int64
	// State is StateOK, StateBusy or StateBad for a "state" column whose value is known; "" else.
	State string
}

// Cells evaluates the columns on an item. now is the time "ago" columns are relative to.
func (d *Def) Cells(item any, now time.Time) []Cell {
	p := d.program()
	cells := make([]Cell, len(d.Columns))
	for i, c := range d.Columns {
		v, err := p.columns[i].search(item)
		if err != nil {
			cells[i] = Cell{Text: "?"}
			continue
		}
		cells[i] = FormatCell(v, c.Format, now)
	}
	return cells
}

// FormatCell renders a value with a column format (see Column.Format).
func FormatCell(v any, kind string, now time.Time) Cell {
	switch kind {
	case "ago", "time":
		t, ok := asTime(v)
		if !ok {
			return Cell{Text: textsafe.Clean(plain(v))}
		}
		c := Cell{Sort: t.UnixNano()}
		if kind == "ago" {
			c.Text = format.Ago(t, now)
		} else {
			c.Text = format.Time(t)
		}
		return c
	case "bytes", "mib", "gib":
		n, ok := asInt(v)
		if !ok || n < 0 {
			return Cell{Text: textsafe.Clean(plain(v))}
		}
		n <<= map[string]int{"bytes": 0, "mib": 20, "gib": 30}[kind]
		return Cell{Text: format.Bytes(n), Sort: n}
	case "seconds":
		n, ok := asInt(v)
		if !ok || n < 0 {
			return Cell{Text: textsafe.Clean(plain(v))}
		}
		return Cell{Text: format.Duration(time.Duration(n) * time.Second), Sort: n}
	case "count":
		n := count(v)
		return Cell{Text: strconv.Itoa(n), Sort: int64(n)}
	case "bool":
		switch b := v.(type) {
		case bool:
			if b {
				return Cell{Text: "yes", Sort: 1}
			}
			return Cell{Text: "no"}
		case nil:
			return Cell{}
		}
		return Cell{Text: textsafe.Clean(plain(v))}
	case "state":
		s := plain(v)
		return Cell{Text: textsafe.Clean(s), State: State(s)}
	}
	return Cell{Text: textsafe.Clean(plain(v))}
}

// plain renders any value as one line of text: scalars as text, lists of scalars comma-separated,
// structures as compact JSON.
func plain(v any) string {
	switch x := v.(type) {
	case map[string]any:
		b, err := json.Marshal(normalise(x))
		if err != nil {
			return "{…}"
		}
		return string(b)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = plain(e)
		}
		return strings.Join(parts, ", ")
	case []byte:
		return format.Bytes(int64(len(x))) + " binary"
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
	}
	return text(v)
}

// timeLayouts are the string forms services return times in (EC2 images, Lambda, normalised).
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05"}

func asTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, x); err == nil {
				return t, true
			}
		}
		// SQS attributes are all strings, its timestamps epoch seconds among them.
		if f, err := strconv.ParseFloat(x, 64); err == nil && f > 0 {
			return asTime(f)
		}
	case int64, int, float64:
		// Epoch seconds, or milliseconds for values too large to be seconds (CloudWatch Logs).
		f, _ := asFloat(x)
		if f > 1e11 {
			return time.UnixMilli(int64(f)), true
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)), true
	}
	return time.Time{}, false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case float64:
		return int64(x), !math.IsNaN(x) && !math.IsInf(x, 0)
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}

func count(v any) int {
	switch x := v.(type) {
	case []any:
		return len(x)
	case map[string]any:
		return len(x)
	case string:
		return len(x)
	case nil:
		return 0
	}
	if n, ok := asInt(v); ok {
		return int(n)
	}
	return 0
}

var (
	okStates = set("running", "available", "active", "in-use", "completed", "complete", "succeeded",
		"success", "successful", "healthy", "enabled", "ok", "attached", "ready", "inservice",
		"issued", "associated", "up", "online", "valid", "insync", "in-sync", "created", "live",
		"published", "deployed", "open", "confirmed", "verified", "true")
	busyStates = set("pending", "creating", "updating", "deleting", "stopping", "starting",
		"shutting-down", "rebooting", "modifying", "provisioning", "queued", "waiting", "in-progress",
		"backing-up", "draining", "detaching", "attaching", "scheduled", "initializing", "migrating",
		"pending-deletion", "pending-import", "transitioning", "requested")
	badStates = set("stopped", "terminated", "failed", "failure", "error", "deleted", "unhealthy",
		"disabled", "inactive", "impaired", "deregistered", "unavailable", "expired", "revoked",
		"alarm", "invalid", "rejected", "cancelled", "canceled", "suspended", "detached",
		"delete-complete", "outofservice", "false", "insufficient-data", "incompatible")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// State classifies an AWS state or status value as StateOK, StateBusy or StateBad, whatever its
// spelling ("running", "CREATE_COMPLETE", "InService", "in-use"); "" when it is not a known one.
func State(value string) string {
	s := strings.ToLower(strings.TrimSpace(value))
	s = strings.NewReplacer("_", "-", " ", "-").Replace(s)
	switch {
	case s == "":
		return ""
	case strings.Contains(s, "rollback"):
		if strings.HasSuffix(s, "in-progress") {
			return StateBusy
		}
		return StateBad
	case strings.Contains(s, "fail") || strings.Contains(s, "error") || strings.HasPrefix(s, "incompatible") ||
		strings.HasPrefix(s, "inaccessible"):
		return StateBad
	case badStates[s]:
		return StateBad
	case okStates[s]:
		return StateOK
	case busyStates[s], strings.HasSuffix(s, "in-progress"), strings.HasPrefix(s, "pending"):
		return StateBusy
	case strings.HasSuffix(s, "-complete") || strings.HasSuffix(s, "-completed"):
		return StateOK
	case strings.HasSuffix(s, "ing"):
		return StateBusy
	}
	return ""
}
