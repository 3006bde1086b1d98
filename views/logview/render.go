package logview

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/tui"
)

// line is one log event as the page holds it: its message already terminal-safe (it may keep
// newlines, which are drawn as ⏎ or, wrapped, as rows of their own).
type line struct {
	at     int64 // ms since the epoch
	group  uint8 // index of its group in the page's groups
	stream string
	msg    string
}

// look is how lines are drawn now: what the toggles and the search say.
type look struct {
	width      int
	wrap       bool
	pretty     bool
	loc        *time.Location
	groups     []string // shown before the stream when there are several
	terms      []string // lower-case (ASCII-folded) texts to highlight
	timeStyle  paint
	streamSty  paint
	matchStyle paint
	cursorMark string
}

// paint is a style as the sequences before and after the text: drawing a row then costs two
// string joins instead of a lipgloss Render per part (a frame has hundreds of parts).
type paint struct{ pre, post string }

func paintOf(st lipgloss.Style) paint {
	pre, post, _ := strings.Cut(st.Render("\x00"), "\x00")
	return paint{pre, post}
}

func (p paint) Render(s string) string {
	if p.pre == "" && p.post == "" {
		return s
	}
	return p.pre + s + p.post
}

func newLook(st tui.Styles) look {
	th := st.Theme
	return look{
		timeStyle:  paintOf(st.Dim),
		streamSty:  paintOf(th.Text(th.Accent)),
		matchStyle: paintOf(th.Pick(th.On(th.Warn), lipgloss.NewStyle().Reverse(true))),
		cursorMark: st.Key.Render("▸ "),
	}
}

// width is the cells s takes: its length for ASCII, which most log text is.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// truncate cuts s to w cells with "…", without grapheme work for ASCII.
func truncate(s string, w int) string {
	if len(s) <= w {
		return s // no wider than its bytes
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.Truncate(s, w, "…")
		}
	}
	return s[:max(w-1, 0)] + "…"
}

// streamWidth is the most a stream name takes on an unwrapped row: the end of the name, where
// Lambda and ECS put what tells streams apart.
const streamWidth = 24

const timeLayout = "01-02 15:04:05.000"

// prefix is the plain and the styled "TIME [GROUP] STREAM " of l.
func (k *look) prefix(l *line) (plain, styled string) {
	ts := time.UnixMilli(l.at).In(k.loc).Format(timeLayout)
	stream := l.stream
	if len(k.groups) > 1 && int(l.group) < len(k.groups) {
		stream = lastPart(k.groups[l.group]) + " " + stream
	}
	if sw := width(stream); sw > streamWidth {
		stream = "…" + ansi.TruncateLeft(stream, sw-streamWidth+1, "")
	}
	return ts + " " + stream + " ", k.timeStyle.Render(ts) + " " + k.streamSty.Render(stream) + " "
}

// lastPart is the last part of a group's name (after its last "/"), which tells the lines of a
// few groups apart where the whole name would take the row.
func lastPart(g string) string {
	g = shortGroup(g)
	if i := strings.LastIndex(strings.TrimSuffix(g, "/"), "/"); i >= 0 {
		return g[i+1:]
	}
	return g
}

// shortGroup is a group's name: its ARN's name part, or the name itself.
func shortGroup(g string) string {
	g = strings.TrimSuffix(g, ":*")
	if i := strings.LastIndex(g, ":log-group:"); i >= 0 {
		g = g[i+len(":log-group:"):]
	}
	return g
}

// rows draws l as the rows it takes at the page's width (cursor marks it): one row cut with "…",
// or with wrap every row it needs, JSON messages indented when pretty.
func (k *look) rows(l *line, cursor bool, out []string) []string {
	mark := "  "
	if cursor {
		mark = k.cursorMark
	}
	plainPre, pre := k.prefix(l)
	preW := width(plainPre)
	avail := max(k.width-2-preW, 10)
	msg := l.msg
	if k.pretty {
		msg = logtail.PrettyJSON(msg, "  ")
	}
	var texts []string
	if k.wrap || (k.pretty && msg != l.msg) {
		texts = strings.Split(msg, "\n")
	} else {
		texts = []string{strings.ReplaceAll(msg, "\n", " ⏎ ")}
	}
	// Continuation rows start under the time: a long stream name would leave them no room.
	indentW := min(preW, len(timeLayout)+1)
	indent := strings.Repeat(" ", indentW)
	contW := max(k.width-2-indentW, 10)
	first := true
	for _, t := range texts {
		var pieces []string
		switch {
		case !k.wrap:
			pieces = []string{truncate(t, avail)}
		case first:
			// The first row is narrower (the prefix): wrap its piece alone, then the rest.
			head, _, _ := strings.Cut(ansi.Wrap(t, avail, ""), "\n")
			pieces = []string{head}
			if rest := strings.TrimLeft(strings.TrimPrefix(t, head), " "); rest != "" && strings.HasPrefix(t, head) {
				pieces = append(pieces, strings.Split(ansi.Wrap(rest, contW, ""), "\n")...)
			}
		default:
			pieces = strings.Split(ansi.Wrap(t, contW, ""), "\n")
		}
		for _, p := range pieces {
			if first {
				out = append(out, mark+pre+k.highlight(p))
				first = false
			} else {
				out = append(out, "  "+indent+k.highlight(p))
			}
		}
	}
	return out
}

// highlight styles every occurrence of the terms in s (ASCII case folded).
func (k *look) highlight(s string) string {
	if len(k.terms) == 0 || s == "" {
		return s
	}
	fold := asciiLower(s)
	var b strings.Builder
	last := 0
	for i := 0; i < len(fold); {
		hit := 0
		for _, t := range k.terms {
			if t != "" && strings.HasPrefix(fold[i:], t) {
				hit = max(hit, len(t))
			}
		}
		if hit == 0 {
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(k.matchStyle.Render(s[i : i+hit]))
		i += hit
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// asciiLower lower-cases ASCII letters only, so byte offsets in the result are those of s.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// patternTerms are the words of a filter pattern worth highlighting: its terms and quoted
// phrases, without the excluded (-term) ones; none for JSON and space-delimited patterns
// ({ $.x = … }, [ip, …]), whose terms are not in the text as written.
func patternTerms(p string) []string {
	if strings.ContainsAny(p, "{[") {
		return nil
	}
	var terms []string
	for len(p) > 0 {
		p = strings.TrimLeft(p, " ")
		if p == "" {
			break
		}
		var tok string
		if p[0] == '"' {
			end := strings.IndexByte(p[1:], '"')
			if end < 0 {
				tok, p = p[1:], ""
			} else {
				tok, p = p[1:end+1], p[end+2:]
			}
		} else {
			end := strings.IndexByte(p, ' ')
			if end < 0 {
				end = len(p)
			}
			tok, p = p[:end], p[end:]
			if strings.HasPrefix(tok, "-") {
				continue
			}
			tok = strings.TrimPrefix(tok, "?")
		}
		if tok != "" {
			terms = append(terms, asciiLower(tok))
		}
	}
	return terms
}
