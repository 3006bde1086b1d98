package main

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDocRunes caps a first sentence that never ends (some docs are one long list without a full
// stop); forms and help show one line, not an essay.
const maxDocRunes = 400

// paraBreak marks where a block-level tag or a blank line ended a paragraph.
const paraBreak = '\u2029'

// blockTags end a paragraph: the first sentence never runs from one into the next.
var blockTags = map[string]bool{
	"p": true, "br": true, "li": true, "ul": true, "ol": true, "div": true, "dl": true, "dt": true,
	"dd": true, "table": true, "tr": true, "td": true, "th": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "note": true, "important": true, "pre": true, "examples": true,
	"example": true, "fullname": true, "title": true, "hr": true, "blockquote": true,
}

// firstSentence turns a botocore HTML doc into its first sentence as plain text.
func firstSentence(doc string) string {
	if doc == "" {
		return ""
	}
	if rest, ok := afterLeadingAside(doc); ok {
		// "<note>Not for directory buckets.</note><p>Lists buckets.</p>": the operation's own
		// first sentence says more than the caveat before it.
		if s := firstSentence(rest); s != "" {
			return s
		}
	}
	text := html.UnescapeString(stripTags(doc))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for _, para := range splitParagraphs(text) {
		para = collapseSpace(para)
		if para == "" {
			continue
		}
		first := sentenceOf(para)
		if !strings.Contains(first, " ") && len(first) < len(para) {
			// "Required. The engine type." — a one-word label says little alone.
			first += " " + sentenceOf(strings.TrimSpace(para[len(first):]))
		}
		return capRunes(first, maxDocRunes)
	}
	return ""
}

// afterLeadingAside returns what follows a <note> or <important> block that opens the doc.
func afterLeadingAside(doc string) (string, bool) {
	trimmed := strings.TrimSpace(doc)
	for _, tag := range []string{"note", "important"} {
		if len(trimmed) < len(tag)+2 || !strings.EqualFold(trimmed[:len(tag)+2], "<"+tag+">") {
			continue
		}
		closing := "</" + tag + ">"
		if end := strings.Index(strings.ToLower(trimmed), closing); end >= 0 {
			return trimmed[end+len(closing):], true
		}
	}
	return "", false
}

// stripTags removes HTML tags and comments, turning block-level tags into paragraph breaks. A '<'
// that does not start a tag (as in "x < 5") is kept.
func stripTags(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c != '<' || !looksLikeTag(s[i+1:]) {
			b.WriteByte(c)
			i++
			continue
		}
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			b.WriteString(s[i:])
			break
		}
		if blockTags[tagName(s[i+1:i+end])] {
			b.WriteRune(paraBreak)
		}
		i += end + 1
	}
	return b.String()
}

func looksLikeTag(rest string) bool {
	if rest == "" {
		return false
	}
	c := rest[0]
	return c == '/' || c == '!' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// tagName gives the lower-case name of the tag whose text (between < and >) is inner.
func tagName(inner string) string {
	inner = strings.TrimPrefix(inner, "/")
	end := strings.IndexFunc(inner, func(r rune) bool { return unicode.IsSpace(r) || r == '/' })
	if end >= 0 {
		inner = inner[:end]
	}
	return strings.ToLower(inner)
}

// splitParagraphs splits on block-tag breaks and on blank lines (plain-text docs).
func splitParagraphs(s string) []string {
	var out []string
	for _, block := range strings.Split(s, string(paraBreak)) {
		lines := strings.Split(block, "\n")
		start := 0
		for i, line := range lines {
			if strings.TrimSpace(line) == "" {
				out = append(out, strings.Join(lines[start:i], "\n"))
				start = i + 1
			}
		}
		out = append(out, strings.Join(lines[start:], "\n"))
	}
	return out
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// sentenceOf returns the first sentence of a single-spaced paragraph: up to the first '.', '!' or
// '?' that is followed by a space or the end, skipping the abbreviations docs use mid-sentence.
func sentenceOf(p string) string {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + 1
		// A closing quote or parenthesis right after the stop belongs to the sentence.
		for end < len(p) && (p[end] == ')' || p[end] == '"' || p[end] == '\'') {
			end++
		}
		if end < len(p) && p[end] != ' ' {
			continue
		}
		if c == '.' && isAbbreviation(p[:i], p[end:]) {
			continue
		}
		return p[:end]
	}
	return p
}

// isAbbreviation reports whether the full stop after before ends an abbreviation rather than the
// sentence; after is the text following the stop.
func isAbbreviation(before, after string) bool {
	word := before[strings.LastIndexAny(before, " (\"")+1:]
	switch strings.ToLower(word) {
	case "e.g", "i.e", "eg", "ie", "vs", "approx", "no", "cf", "incl":
		return true
	case "etc":
		// "etc." ends a sentence only when a new one starts after it.
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(after, " "))
		return !unicode.IsUpper(next)
	}
	return false
}

func capRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return strings.TrimRight(string(runes[:n-1]), " ") + "…"
}
