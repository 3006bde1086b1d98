package resources

import (
	"math"
	"slices"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// tableColumns are a type's columns as the table lays them out: identifiers whole, the
// definition's priorities deciding what a narrow terminal hides, times, sizes and counts sorted
// by value and states by lifecycle. stateCol is the column a waiter's progress is drawn in.
func tableColumns(def *resource.Def) (cols []vtable.Column, stateCol int) {
	cols = make([]vtable.Column, len(def.Columns))
	stateCol = len(def.Columns) - 1
	for i, c := range def.Columns {
		cols[i] = vtable.Column{Title: strings.ToUpper(c.Title), MinWidth: min(len(c.Title), 8), MaxWidth: c.Width,
			Flex: c.Flex, Whole: def.ColumnWhole(i), Priority: def.ColumnPriority(i)}
		switch c.Format {
		case "bytes", "mib", "gib", "seconds", "ago", "time", "count":
			cols[i].Keyed = true
			cols[i].Right = c.Format != "time"
		case "state":
			cols[i].Keyed = true // by lifecycle: see sortKey
			stateCol = i
			if cols[i].MinWidth < 14 {
				cols[i].MinWidth = 14 // room for a waiter's "stopping ⟳ 12"
			}
		}
	}
	return cols, stateCol
}

// sortKey is what a cell sorts by in its column, so that the order reads right on screen: an
// "ago" column by age (youngest first, none last), a state by its place in the lifecycle
// (pending < running < stopping < stopped…), sizes, durations, counts and times by value.
func sortKey(format string, cell resource.Cell) int64 {
	switch format {
	case "ago":
		if cell.Sort == 0 {
			return math.MaxInt64
		}
		return -cell.Sort
	case "state":
		return resource.StateRank(cell.Text)
	}
	return cell.Sort
}

// attrLayout shows items that are attribute maps (DynamoDB) a column per attribute: names in
// order, the first keys of them the table's key, and when more, a last column with the rest.
// The first page chooses it; later pages of the listing choose again when they bring a common
// attribute without a column (see next), and a refresh keeps it while its items fit it.
type attrLayout struct {
	names []string
	keys  int
	more  bool
}

// attrValueWidth caps an attribute column: a long value is read whole in the describe page.
const attrValueWidth = 32

// next counts a page's items into seen (the listing's counts so far) and returns the layout the
// listing calls for: l while every attribute the counts would show has a column and MORE is
// there when an item has one without, else a layout chosen again from the counts, keys first.
// A nil l (the first page) always chooses.
func (l *attrLayout) next(def *resource.Def, keys []string, seen map[string]int, items []any) *attrLayout {
	resource.CountAttributes(seen, items)
	names, more := def.AttributeColumnsOf(keys, seen)
	if l == nil {
		return &attrLayout{names: names, keys: len(keys), more: more}
	}
	for _, n := range names {
		if !slices.Contains(l.names, n) {
			return &attrLayout{names: names, keys: len(keys), more: more}
		}
	}
	if !l.more && outside(l.names, items) {
		return &attrLayout{names: l.names, keys: l.keys, more: true}
	}
	return l
}

// outside reports whether an item has an attribute not in names.
func outside(names []string, items []any) bool {
	for _, it := range items {
		m, _ := it.(map[string]any)
		for k := range m {
			if !slices.Contains(names, k) {
				return true
			}
		}
	}
	return false
}

// keyNames are the key attributes of the layout.
func (l *attrLayout) keyNames() []string { return l.names[:l.keys] }

func (l *attrLayout) columns() []vtable.Column {
	cols := make([]vtable.Column, 0, len(l.names)+1)
	for i, n := range l.names {
		c := vtable.Column{Title: textsafe.Clean(n), MaxWidth: attrValueWidth, Priority: min(3+(i-l.keys)/2, 8)}
		if i < l.keys {
			c.Whole, c.Priority = true, resource.PriorityFirst
		}
		cols = append(cols, c)
	}
	if l.more {
		cols = append(cols, vtable.Column{Title: "MORE", Flex: true, Priority: resource.PriorityLast})
	}
	return cols
}

func (l *attrLayout) cells(def *resource.Def, items []any) rowBatch {
	tp := rowBatch{rows: make([][]string, len(items)), ids: make([]string, len(items))}
	for i, it := range items {
		m, _ := it.(map[string]any)
		row := make([]string, 0, len(l.names)+1)
		for _, n := range l.names {
			v, ok := m[n]
			if !ok {
				row = append(row, "")
				continue
			}
			row = append(row, resource.AttributeText(v))
		}
		if l.more {
			row = append(row, resource.OtherAttributes(it, l.names))
		}
		tp.rows[i] = row
		tp.ids[i] = def.ID(it)
	}
	return tp
}
