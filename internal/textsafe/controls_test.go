package textsafe

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// controls is every C0 code point, DEL and every C1 code point: what a terminal may act on.
func controls() []rune {
	var rs []rune
	for r := rune(0); r < 0x20; r++ {
		rs = append(rs, r)
	}
	rs = append(rs, 0x7f)
	for r := rune(0x80); r < 0xa0; r++ {
		rs = append(rs, r)
	}
	return rs
}

// escaped is what Clean writes for a control character.
func escaped(r rune) string {
	if r == '\t' {
		return " "
	}
	return fmt.Sprintf(`\x%02x`, r)
}

// TestCleanEscapesEveryControl checks each control alone, inside ASCII text (the fast path that
// scans bytes) and inside non-ASCII text (the path that decodes runes).
func TestCleanEscapesEveryControl(t *testing.T) {
	for _, r := range controls() {
		c := string(r)
		for in, want := range map[string]string{
			c:               escaped(r),
			"key" + c + "x": "key" + escaped(r) + "x",
			"é" + c + "日":   "é" + escaped(r) + "日",
			c + "é":         escaped(r) + "é",
		} {
			if got := Clean(in); got != want {
				t.Errorf("Clean(%q) = %q, want %q", in, got, want)
			}
		}
	}
}

// TestCleanMultilineEscapesEveryControl: only LF (and CR in CRLF) survive as line breaks.
func TestCleanMultilineEscapesEveryControl(t *testing.T) {
	for _, r := range controls() {
		in := "line" + string(r) + "é"
		want := "line" + escaped(r) + "é"
		if r == '\n' {
			want = in
		}
		if got := CleanMultiline(in); got != want {
			t.Errorf("CleanMultiline(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanMultiline("a\r\nb"); got != "a\nb" {
		t.Errorf(`CleanMultiline("a\r\nb") = %q`, got)
	}
}

// TestCleanKeepsEveryPrintable is the other side: printable ASCII and Latin-1 come back unchanged.
func TestCleanKeepsEveryPrintable(t *testing.T) {
	var all strings.Builder
	for r := rune(0x20); r < 0x100; r++ {
		if r == 0x7f || r >= 0x80 && r < 0xa0 {
			continue
		}
		s := string(r)
		if got := Clean(s); got != s {
			t.Errorf("Clean(%q) = %q, want it unchanged", s, got)
		}
		all.WriteRune(r)
	}
	if got := Clean(all.String()); got != all.String() {
		t.Errorf("Clean changed a string of printable characters: %q", got)
	}
}

// TestCleanOutputHasNoControls feeds every control in one string: nothing a terminal acts on
// may come out.
func TestCleanOutputHasNoControls(t *testing.T) {
	var in strings.Builder
	for _, r := range controls() {
		in.WriteString("a")
		in.WriteRune(r)
	}
	out := Clean(in.String() + "\xff\xc2") // and invalid UTF-8, including a cut C1 prefix
	for _, r := range out {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == utf8.RuneError {
			t.Fatalf("Clean left %U in %q", r, out)
		}
	}
}
