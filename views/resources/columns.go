package resources

import (
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// tableColumns are a type's columns as the table lays them out: identifiers whole, the
// definition's priorities deciding what a narrow terminal hides, times, sizes and counts sorted
// by value. stateCol is the column a waiter's progress is drawn in.
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
			stateCol = i
			if cols[i].MinWidth < 14 {
				cols[i].MinWidth = 14 // room for a waiter's "⟳ 3/40 pending"
			}
		}
	}
	return cols, stateCol
}
