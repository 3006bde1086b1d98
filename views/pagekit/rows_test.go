package pagekit

import (
	"testing"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

type bucket struct{ name, region string }

func TestRowsFollowTheCursorTheSelectionAndAReload(t *testing.T) {
	p := newPage(t)
	rows := NewRows(p, func(b bucket) string { return b.name })
	cells := func(bs ...bucket) [][]string {
		out := make([][]string, len(bs))
		for i, b := range bs {
			out[i] = []string{b.name, b.region}
		}
		return out
	}
	a, b, c := bucket{"a", "eu"}, bucket{"b", "us"}, bucket{"c", "ap"}
	rows.Append([]bucket{a, b, c}, cells(a, b, c), nil)
	if got, ok := rows.Current(); !ok || got != a {
		t.Errorf("current %v %v, want a", got, ok)
	}
	p.Table.MoveDown(1)
	p.Table.SetSelected(2, true)
	if got, hidden := rows.Targets(); len(got) != 1 || got[0] != c || hidden != 0 {
		t.Errorf("targets %v (%d hidden), want [c]", got, hidden)
	}
	tuitest.Messages(rows.Reset())
	if rows.Len() != 0 || p.Table.Len() != 0 {
		t.Fatalf("reset should empty both: %d rows, %d in the table", rows.Len(), p.Table.Len())
	}
	// They come back in another order: the cursor and the selection find theirs.
	rows.Append([]bucket{c, b, a}, cells(c, b, a), nil)
	if got, _ := rows.Current(); got != b {
		t.Errorf("after a reload the cursor is on %v, want b", got)
	}
	if got, _ := rows.Targets(); len(got) != 1 || got[0] != c {
		t.Errorf("after a reload the selection is %v, want [c]", got)
	}
	if _, ok := rows.At(3); ok {
		t.Error("At past the rows should say so")
	}
}
