package logtail

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/nimbus-tui/nimbus/internal/pyjson"
)

// PythonJSON is what `aws logs tail --format json` prints for a message: when the whole message
// is one JSON value, Python's json.dumps(json.loads(msg), indent=4) — members in their order,
// non-ASCII escaped (ensure_ascii), numbers as Python writes ints and floats — else ok is false.
func PythonJSON(msg string) (out string, ok bool) {
	dec := json.NewDecoder(strings.NewReader(msg))
	dec.UseNumber()
	var b strings.Builder
	if err := pyValue(&b, dec, 0); err != nil {
		return "", false
	}
	if _, err := dec.Token(); err != io.EOF { // json.loads refuses anything after the value
		return "", false
	}
	return b.String(), true
}

var errNotJSON = errors.New("not JSON")

func pyValue(b *strings.Builder, dec *json.Decoder, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		open, end := v, json.Delim('}')
		if open == '[' {
			end = ']'
		} else if open != '{' {
			return errNotJSON
		}
		b.WriteByte(byte(open))
		n := 0
		for dec.More() {
			if n > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n" + strings.Repeat("    ", depth+1))
			if open == '{' {
				key, err := dec.Token()
				k, ok := key.(string)
				if err != nil || !ok {
					return errNotJSON
				}
				pyjson.WriteString(b, k)
				b.WriteString(": ")
			}
			if err := pyValue(b, dec, depth+1); err != nil {
				return err
			}
			n++
		}
		if t, err := dec.Token(); err != nil || t != end {
			return errNotJSON
		}
		if n > 0 {
			b.WriteString("\n" + strings.Repeat("    ", depth))
		}
		b.WriteByte(byte(end))
	case string:
		pyjson.WriteString(b, v)
	case json.Number:
		b.WriteString(pyNumber(string(v)))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case nil:
		b.WriteString("null")
	}
	return nil
}

// pyNumber is a JSON number as Python writes it back: an integer unchanged (Python's ints are
// exact; "-0" is 0), anything with a fraction or an exponent as repr(float).
func pyNumber(s string) string {
	if !strings.ContainsAny(s, ".eE") {
		if strings.TrimLeft(s, "-0") == "" {
			return "0"
		}
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return s
	}
	return pyFloat(f)
}

// pyFloat is Python's repr of a float: the shortest digits that read back the same, in fixed
// notation with at least one decimal while the exponent is in [-4, 16), else as d.ddde±XX.
func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±XX
	mant, expS, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expS)
	neg := strings.HasPrefix(mant, "-")
	digits := strings.Replace(strings.TrimPrefix(mant, "-"), ".", "", 1)
	var b bytes.Buffer
	if neg {
		b.WriteByte('-')
	}
	if exp < -4 || exp >= 16 {
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteString("." + digits[1:])
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		b.WriteString("e" + sign + es)
		return b.String()
	}
	point := exp + 1 // digits before the point
	switch {
	case point <= 0:
		b.WriteString("0." + strings.Repeat("0", -point) + digits)
	case point >= len(digits):
		b.WriteString(digits + strings.Repeat("0", point-len(digits)) + ".0")
	default:
		b.WriteString(digits[:point] + "." + digits[point:])
	}
	return b.String()
}
