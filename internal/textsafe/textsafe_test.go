package textsafe

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/textsafe/textsafetest"
)

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain/key.txt":           "plain/key.txt",
		"naïve-日本.txt":            "naïve-日本.txt",
		"evil\x1b[31mred\x1b[0m":  `evil\x1b[31mred\x1b[0m`,
		"title\x1b]0;pwned\x07":   `title\x1b]0;pwned\x07`,
		"bell\x07 del\x7f":        `bell\x07 del\x7f`,
		"c1\u009bcsi":             `c1\x9bcsi`,
		"bad\xffutf8":             `bad\xffutf8`,
		"tab\there":               "tab here",
		"line\nbreak\rreturn":     `line\x0abreak\x0dreturn`,
		"file\u202Egpj.exe":       `file\u202egpj.exe`,
		"\u2066iso\u2069":         `\u2066iso\u2069`,
		"rlm\u200f ok, zwj\u200d": "rlm\u200f ok, zwj\u200d",
		"cut\xe2\x82":             `cut\xe2\x82`,
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanLeavesNothingOfTheCorpus(t *testing.T) {
	for _, c := range textsafetest.Corpus {
		for name, out := range map[string]string{"Clean": Clean(c.S), "CleanMultiline": CleanMultiline(c.S),
			"From": From(c.S).String(), "FromError": FromError(errors.New(c.S)).String(),
			"Sprintf": Sprintf("x %s %v %q %d", c.S, errors.New(c.S), c.S, 3).String()} {
			if leaks := textsafetest.Leaks(out); len(leaks) > 0 {
				t.Errorf("%s(%s) leaks: %v", name, c.Name, leaks)
			}
		}
		if got := Clean(Clean(c.S)); got != Clean(c.S) {
			t.Errorf("Clean is not idempotent on %s: %q", c.Name, got)
		}
	}
}

func TestCleanMultilineKeepsNewlines(t *testing.T) {
	got := CleanMultiline("a\r\nb\x1b[2Jc\nd\u202e")
	if want := "a\nb\\x1b[2Jc\nd\\u202e"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
	if s := "plain\nlines"; CleanMultiline(s) != s {
		t.Errorf("clean multi-line text should pass as it is")
	}
}

func TestSprintfCleansOutsideArgumentsOnly(t *testing.T) {
	own := Text("\x1b[1mbold\x1b[0m") // stands for text already made safe, e.g. styled by nimbus
	got := Sprintf("%s: %v (%d) %-6s|%s", own, errors.New("line1\nline2\x1b]0;t\x07"), 42, "k\x07", Text("ok"))
	want := "\x1b[1mbold\x1b[0m: line1 line2\\x1b]0;t\\x07 (42) k\\x07 |ok"
	if got.String() != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestFromError(t *testing.T) {
	if FromError(nil) != "" {
		t.Error("nil error should be empty")
	}
	if got := FromError(errors.New("a\r\nb\n\nc\x1b")); got != `a b c\x1b` {
		t.Errorf("got %q", got)
	}
}

func TestJoin(t *testing.T) {
	if got := Join([]Text{"a", From("b\x07")}, " · "); got != `a · b\x07` {
		t.Errorf("got %q", got)
	}
}

func TestScreenKeepsSGRAndEscapesEverythingElse(t *testing.T) {
	own := "\x1b[1;38;2;247;118;142m✗ error\x1b[m\n\x1b[4:3mline\x1b[0m 日本"
	if got := Screen(own); got != own {
		t.Errorf("nimbus's own frame changed: %q", got)
	}
	for _, c := range textsafetest.Corpus {
		out := Screen("before " + c.S + " after\nnext")
		for _, l := range textsafetest.Leaks(out) {
			if !strings.Contains(l, "SGR from outside") { // the guard keeps SGR: only Clean can tell
				t.Errorf("Screen(%s) leaks: %s", c.Name, l)
			}
		}
		if !strings.HasSuffix(out, " after\nnext") {
			t.Errorf("Screen(%s) lost the text after it: %q", c.Name, out)
		}
	}
	if got := Screen("a\x1b]8;;http://x/\x1b\\b\tc\u202e"); got != `a\x1b]8;;http://x/\x1b\b c\u202e` {
		t.Errorf("got %q", got)
	}
}

func TestWriterKeepsLinesAndTabs(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	n, err := w.Write([]byte("nimbus call: \x1b]8;;http://e/\x07x\tcol\u202e\nnext\n"))
	if err != nil || n != len("nimbus call: \x1b]8;;http://e/\x07x\tcol\u202e\nnext\n") {
		t.Fatalf("n=%d err=%v", n, err)
	}
	if want := "nimbus call: \\x1b]8;;http://e/\\x07x\tcol\\u202e\nnext\n"; b.String() != want {
		t.Errorf("got %q want %q", b.String(), want)
	}
	for _, c := range textsafetest.Corpus {
		b.Reset()
		w.Write([]byte(c.S + "\n"))
		if leaks := textsafetest.Leaks(b.String()); len(leaks) > 0 {
			t.Errorf("Writer(%s) leaks: %v", c.Name, leaks)
		}
	}
}

func BenchmarkCleanASCII(b *testing.B) {
	s := "photos/2024/01/img-00001.jpg"
	b.ReportAllocs()
	for b.Loop() {
		_ = Clean(s)
	}
}

func BenchmarkCleanUnicode(b *testing.B) {
	s := "photos/2024/01/naïve-日本-img-00001.jpg"
	b.ReportAllocs()
	for b.Loop() {
		_ = Clean(s)
	}
}

func BenchmarkCleanHostile(b *testing.B) {
	s := textsafetest.Corpus[len(textsafetest.Corpus)-1].S
	b.ReportAllocs()
	for b.Loop() {
		_ = Clean(s)
	}
}

// frame is a styled 120×30 screen like the app draws.
func frame() string {
	var b strings.Builder
	for i := range 30 {
		b.WriteString("\x1b[1;38;2;187;154;247m")
		b.WriteString(strings.Repeat("img-00001.jpg  2.1 MB  2024-01-01 ", 3))
		b.WriteString("\x1b[m naïve 日本 ")
		if i < 29 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func BenchmarkScreenFrame(b *testing.B) {
	f := frame()
	b.SetBytes(int64(len(f)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Screen(f)
	}
}

func BenchmarkScreenFrameWithLeak(b *testing.B) {
	f := frame() + "\x1b]0;pwned\x07"
	b.SetBytes(int64(len(f)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Screen(f)
	}
}
