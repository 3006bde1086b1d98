package main

import (
	"strings"
	"testing"
)

func TestFirstSentence(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"plain", "Returns the table. It has keys.", "Returns the table."},
		{"one paragraph", "<p>Returns a set of temporary credentials.</p>", "Returns a set of temporary credentials."},
		{"second paragraph ignored", "<p>Lists the queues</p> <p>More text here.</p>", "Lists the queues"},
		{"inline tags kept as text", "<p>The <code>Owner</code> of the <a href=\"x\">bucket</a>. Next.</p>", "The Owner of the bucket."},
		{"entities decoded", "<p>Use &quot;x&quot; &amp; y &lt; 5. Then.</p>", "Use \"x\" & y < 5."},
		{"e.g. is not a stop", "<p>A name, e.g. my-table, is required. More.</p>", "A name, e.g. my-table, is required."},
		{"i.e. is not a stop", "The ID (i.e. the ARN) of it. More.", "The ID (i.e. the ARN) of it."},
		{"etc. before lower case", "Tags, names, etc. are kept. More.", "Tags, names, etc. are kept."},
		{"etc. ends a sentence", "Tags, names, etc. Then more.", "Tags, names, etc."},
		{"decimal and dotted names", "Uses version 1.5 of s3.amazonaws.com today. More.", "Uses version 1.5 of s3.amazonaws.com today."},
		{"question mark", "Is it on? Yes.", "Is it on?"},
		{"stop inside parenthesis", "Deletes it (forever.) Then.", "Deletes it (forever.)"},
		{"list after colon", "<p>Valid values:</p><ul><li><p>a</p></li></ul>", "Valid values:"},
		{"leading empty paragraph", "<p> </p><p>Real text. More.</p>", "Real text."},
		{"whitespace collapsed", "<p>Spans\n   several\tlines. Next.</p>", "Spans several lines."},
		{"leading note skipped", "<note> <p>Not for directory buckets.</p> </note> <p>Lists buckets. More.</p>", "Lists buckets."},
		{"leading important skipped", "<important><p>Careful.</p></important>Deletes it.", "Deletes it."},
		{"note alone is used", "<note><p>Deprecated.</p></note>", "Deprecated."},
		{"later note ignored", "<p>Does things</p><note>Careful.</note>", "Does things"},
		{"blank line in plain text", "First para\n\nSecond para.", "First para"},
		{"literal less-than kept", "Must be < 10 and > 2. Ok.", "Must be < 10 and > 2."},
		{"comment removed", "<!-- hidden -->It shows. More.", "It shows."},
		{"no full stop", "<p>Just a label</p>", "Just a label"},
		{"one-word label takes the next sentence", "<p>Required. The type of broker engine. More.</p>", "Required. The type of broker engine."},
		{"one word alone", "<p>Deprecated.</p>", "Deprecated."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := firstSentence(c.in); got != c.want {
				t.Errorf("firstSentence(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestFirstSentenceCapsEndlessText(t *testing.T) {
	got := firstSentence("<p>" + strings.Repeat("word ", 200) + "</p>")
	if n := len([]rune(got)); n != maxDocRunes {
		t.Fatalf("capped doc has %d runes, want %d", n, maxDocRunes)
	}
	if !strings.HasSuffix(got, "…") {
		t.Fatalf("capped doc %q does not end with an ellipsis", got[len(got)-10:])
	}
}
