package vtable

import (
	"cmp"
	"math"
	"strconv"
)

// A column of numbers without keys or a Compare of its own (a DynamoDB N attribute, a count an
// operation returned) sorts by value when, as the sort starts, every cell that holds something
// reads as a number: "-10" before "-2", "1.25" before "1.5". Rows arriving later keep that order;
// one that is no number goes after the numbers, so the order stays total.

// numbers are the parsed cells of the sort column while it sorts by value.
type numbers struct {
	on   bool      // the sort column sorts by value
	vals []float64 // vals[row] for rows [0, len(vals)); NaN for a cell that is no number
}

// number reads a cell as a plain decimal number ("-1.5", "42", "3e9"); not "inf", "NaN" or hex,
// which are more likely names.
func number(s string) (float64, bool) {
	if s == "" || len(s) > 64 {
		return 0, false
	}
	digits := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E':
		default:
			return 0, false
		}
	}
	if !digits {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsInf(f, 0)
}

// parseNumbers extends vals to cover cells; ok is false (and vals nil) when a non-empty cell is
// no number and strict asks for every one to be, or when no cell holds a number at all.
func parseNumbers(vals []float64, cells []string, strict bool) (_ []float64, ok bool) {
	found := false
	for _, v := range vals {
		found = found || !math.IsNaN(v)
	}
	for _, c := range cells[len(vals):] {
		f, isNum := number(c)
		if !isNum {
			if strict && c != "" {
				return nil, false
			}
			f = math.NaN()
		}
		found = found || isNum
		vals = append(vals, f)
	}
	return vals, found || !strict
}

// numbersFor are the values of column col's first n cells for a sort that started by value.
func (t *Table) numbersFor(col, n int) []float64 {
	if !t.nums.on || col != t.sortCol || t.cells[col] == nil {
		return nil
	}
	t.nums.vals, _ = parseNumbers(t.nums.vals, t.cells[col][:n], false)
	return t.nums.vals[:n:n]
}

// byValue sorts numbers by value, then the cells that are none (empty ones included).
func byValue(a, b float64) int {
	an, bn := !math.IsNaN(a), !math.IsNaN(b)
	switch {
	case an && bn:
		return cmp.Compare(a, b)
	case an:
		return -1
	case bn:
		return 1
	}
	return 0
}

// numeric reports whether column col can sort by value at all: no keys, no Compare of its own.
func (t *Table) numeric(col int) bool {
	c := t.cols[col]
	return !c.Keyed && c.Compare == nil && t.cells[col] != nil
}
