package textsafe

import "testing"

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain/key.txt":          "plain/key.txt",
		"naïve-日本.txt":           "naïve-日本.txt",
		"evil\x1b[31mred\x1b[0m": `evil\x1b[31mred\x1b[0m`,
		"title\x1b]0;pwned\x07":  `title\x1b]0;pwned\x07`,
		"bell\x07 del\x7f":       `bell\x07 del\x7f`,
		"c1\u009bcsi":            `c1\x9bcsi`,
		"bad\xffutf8":            `bad\xffutf8`,
		"tab\there":              "tab here",
		"line\nbreak\rreturn":    `line\x0abreak\x0dreturn`,
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanMultilineKeepsNewlines(t *testing.T) {
	got := CleanMultiline("a\r\nb\x1b[2Jc\nd")
	if want := "a\nb\\x1b[2Jc\nd"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func BenchmarkCleanASCII(b *testing.B) {
	s := "photos/2024/01/img-00001.jpg"
	for b.Loop() {
		_ = Clean(s)
	}
}
