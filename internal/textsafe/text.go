package textsafe

import (
	"fmt"
	"strings"
)

// Text is a string that is safe to draw: it holds nimbus's own words or outside text that went
// through Clean. The renderers that draw outside text (the page error banner, toasts, the S3
// object page) take a Text, so a raw string from AWS does not compile there: a string constant
// converts by itself (nimbus's own words), anything else must go through From, FromError or
// Sprintf. Converting a variable with Text(s) skips the cleaning; a test forbids it outside this
// package.
type Text string

// String is the text, ready to draw.
func (t Text) String() string { return string(t) }

// From makes outside text safe for one line.
func From(s string) Text { return Text(Clean(s)) }

// FromMultiline makes outside text safe over several lines: newlines stay.
func FromMultiline(s string) Text { return Text(CleanMultiline(s)) }

// FromError is the one-line, safe text of err ("" for nil): line breaks become spaces.
func FromError(err error) Text {
	if err == nil {
		return ""
	}
	return From(OneLine(err.Error()))
}

// OneLine joins the lines of s with spaces.
func OneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}

// Sprintf formats like fmt.Sprintf with a format of nimbus's own (a constant or a Text): Text
// arguments are written as they are, every other argument is formatted and then cleaned, and an
// error is written on one line.
func Sprintf(format Text, args ...any) Text {
	wrapped := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case Text:
			wrapped[i] = a
		case error:
			wrapped[i] = outside{OneLine(a.Error())}
		default:
			wrapped[i] = outside{a}
		}
	}
	return Text(fmt.Sprintf(string(format), wrapped...))
}

// outside formats an argument of Sprintf as fmt would, then cleans the result.
type outside struct{ v any }

func (o outside) Format(f fmt.State, verb rune) {
	if str, ok := o.v.(string); ok && verb != 'q' && verb != 'x' && verb != 'X' {
		// Cleaned before padding, so a width counts what is drawn.
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), Clean(str))
		return
	}
	s := fmt.Sprintf(fmt.FormatString(f, verb), o.v)
	_, _ = f.Write([]byte(Clean(s)))
}

// Join joins safe texts with a separator of nimbus's own.
func Join(parts []Text, sep Text) Text {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(string(sep))
		}
		b.WriteString(string(p))
	}
	return Text(b.String())
}
