package doctree

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// paint is a style reduced to the escape codes around its text, so drawing a line costs
// string concatenation rather than a lipgloss render per piece.
type paint struct{ pre, post string }

const probe = "\uE000" // a private-use rune no style changes

func paintOf(st lipgloss.Style) paint {
	out := st.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return paint{}
	}
	return paint{pre: out[:i], post: out[i+len(probe):]}
}

// paints are the Styles as paints.
type paints struct {
	key, str, num, boolean, null, summary, match paint
}

func paintsOf(st Styles) paints {
	return paints{
		key: paintOf(st.Key), str: paintOf(st.String), num: paintOf(st.Number),
		boolean: paintOf(st.Bool), null: paintOf(st.Null), summary: paintOf(st.Summary),
		match: paintOf(st.Match),
	}
}

// seg is one piece of a line: its text (already escaped and clipped), its paint, and whether
// the filter may highlight inside it.
type seg struct {
	text  string
	p     paint
	match bool
}

// View draws the lines on screen: exactly Height lines, none wider than Width.
func (t *Tree) View() string {
	if t.width <= 0 || t.height <= 0 {
		return ""
	}
	if t.wrap {
		return t.wrappedView()
	}
	ps := &t.paint
	var b strings.Builder
	var segs [8]seg
	c, n := t.cur, len(t.lines)
	if t.mode != ModeTree {
		c, n = t.tcur, len(t.textLines())
	}
	for i := c.off; i < c.off+t.height; i++ {
		if i > c.off {
			b.WriteByte('\n')
		}
		if i >= n {
			if i == 0 && t.query != "" && t.mode == ModeTree {
				msg := indent(cells(t.styles.CursorMark)) + "no value matches " + quoteJSON(t.clean(t.query))
				b.WriteString(ps.summary.pre + ansi.Truncate(msg, t.width, "…") + ps.summary.post)
			}
			continue
		}
		var line []seg
		if t.mode == ModeTree {
			line = t.treeSegs(segs[:0], t.lines[i], ps)
		} else {
			line = t.textSegs(segs[:0], &t.textLines()[i], ps)
		}
		t.writeLine(&b, line, i == c.pos, ps)
	}
	return b.String()
}

// writeLine writes one line: gutter, pieces, cut to the width with "…". The cursor line is
// plain text inside the cursor style, padded to the full width.
func (t *Tree) writeLine(b *strings.Builder, line []seg, cursorLine bool, ps *paints) {
	mark := t.styles.CursorMark
	markW := ansi.StringWidth(mark)
	w := t.width
	if cursorLine {
		var plain strings.Builder
		plain.WriteString(mark)
		for _, s := range line {
			plain.WriteString(s.text)
		}
		text := ansi.Truncate(plain.String(), w, "…")
		if pad := w - ansi.StringWidth(text); pad > 0 {
			text += indent(pad)
		}
		b.WriteString(t.styles.Cursor.Render(text))
		return
	}
	var l strings.Builder
	l.WriteString(indent(markW))
	width := markW
	for _, s := range line {
		width += cells(s.text)
		if s.match && t.fold != "" {
			highlight(&l, s.text, t.fold, s.p, ps.match)
			continue
		}
		l.WriteString(s.p.pre)
		l.WriteString(s.text)
		l.WriteString(s.p.post)
	}
	if width > w {
		b.WriteString(ansi.Truncate(l.String(), w, "…"))
		return
	}
	b.WriteString(l.String())
}

// highlight writes text in paint p with every case-insensitive occurrence of fold in paint m.
func highlight(b *strings.Builder, text, fold string, p, m paint) {
	for text != "" {
		i, end := findFold(text, fold)
		if i < 0 {
			break
		}
		if i > 0 {
			b.WriteString(p.pre + text[:i] + p.post)
		}
		b.WriteString(m.pre + text[i:end] + m.post)
		text = text[end:]
	}
	if text != "" {
		b.WriteString(p.pre + text + p.post)
	}
}

// findFold returns where fold (lower case) first occurs in s ignoring case, or -1. When lower
// casing s changes its byte length the offsets cannot be mapped back, and all of s is the match.
func findFold(s, fold string) (start, end int) {
	if isASCII(s) {
		if !isASCII(fold) {
			return -1, -1
		}
		i := indexFoldASCII(s, fold)
		return i, i + len(fold)
	}
	low := strings.ToLower(s)
	i := strings.Index(low, fold)
	switch {
	case i < 0:
		return -1, -1
	case len(low) != len(s):
		return 0, len(s)
	default:
		return i, i + len(fold)
	}
}

// cells is the terminal width of escaped text; printable ASCII, nearly all of it, is counted
// without segmenting graphemes.
func cells(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// clean escapes s for the terminal after cutting it to what can be on screen, so a 100 kB
// policy document costs the same to draw as a short name.
func (t *Tree) clean(s string) string { return textsafe.Clean(t.cut(s)) }

// quoted is a string value as the tree shows it: in double quotes, with quotes, backslashes and
// line breaks inside escaped as JSON does (an SQS body holding JSON read as `"{"a":"b"}"`),
// then escaped for the terminal.
func (t *Tree) quoted(s string) string {
	s = t.cut(s)
	if strings.ContainsAny(s, "\"\\\n\r\t") {
		s = quoteEscaper.Replace(s)
	}
	return `"` + textsafe.Clean(s) + `"`
}

// quoteEscaper escapes as JSON does what textsafe.Clean would otherwise spell its own way
// (a newline as \x0a), so the tree and the JSON view show a string alike.
var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)

// cut shortens s to what can be on screen (all of it when lines wrap).
func (t *Tree) cut(s string) string {
	if limit := 4*t.width + 16; len(s) > limit && !t.wrap {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

// treeSegs lays out a tree-mode line: indentation, open/closed mark, label, value or summary.
func (t *Tree) treeSegs(dst []seg, n *node, ps *paints) []seg {
	if n.parent == nil { // the whole document is a scalar or an empty container
		return t.valueSegs(dst, n, ps)
	}
	mark := "  "
	if n.kind.container() && len(n.children) > 0 {
		mark = "▸ "
		if n.expanded {
			mark = "▾ "
		}
	}
	dst = append(dst, seg{text: indent(2*n.depth) + mark, p: ps.summary})
	if n.parent.kind == kindArray {
		dst = append(dst, seg{text: "[" + strconv.Itoa(n.index) + "]", p: ps.summary})
	} else {
		dst = append(dst, seg{text: t.clean(n.key), p: ps.key, match: true})
	}
	dst = append(dst, seg{text: ": "})
	return t.valueSegs(dst, n, ps)
}

// valueSegs appends how a value shows in the tree.
func (t *Tree) valueSegs(dst []seg, n *node, ps *paints) []seg {
	switch n.kind {
	case kindObject, kindArray:
		return append(dst, seg{text: n.summary(n.expanded), p: ps.summary})
	case kindString:
		return append(dst, seg{text: t.quoted(n.text), p: ps.str, match: true})
	case kindNumber:
		return append(dst, seg{text: t.clean(n.text), p: ps.num, match: true})
	case kindBool:
		return append(dst, seg{text: n.text, p: ps.boolean, match: true})
	case kindTime:
		return append(dst, seg{text: t.clean(n.text), p: ps.str, match: true})
	case kindBytes:
		if n.size <= 48 {
			return append(dst, seg{text: n.text, p: ps.str, match: true})
		}
		return append(dst, seg{text: "<" + strconv.Itoa(n.size) + " bytes>", p: ps.summary})
	default:
		return append(dst, seg{text: "null", p: ps.null})
	}
}

// textSegs lays out a JSON or YAML line.
func (t *Tree) textSegs(dst []seg, l *textLine, ps *paints) []seg {
	dst = append(dst, seg{text: l.prefix})
	if l.key != "" {
		sep := ": "
		if t.mode == ModeYAML && l.value == "" {
			sep = ":"
		}
		dst = append(dst, seg{text: t.clean(l.key), p: ps.key, match: true}, seg{text: sep})
	}
	if l.value != "" {
		p := ps.str
		switch l.vkind {
		case kindNumber:
			p = ps.num
		case kindBool:
			p = ps.boolean
		case kindNull:
			p = ps.null
		case kindObject, kindArray:
			p = ps.summary
		default:
		}
		dst = append(dst, seg{text: t.clean(l.value), p: p, match: !l.vkind.container()})
	}
	if l.suffix != "" {
		dst = append(dst, seg{text: l.suffix})
	}
	return dst
}
