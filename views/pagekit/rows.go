package pagekit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/views/vtable"
)

// Rows are a table page's typed rows (a resource row, a bucket) held in step with the table's
// rows, so a page never keeps slices of its own parallel to the table and indexes them by the
// cursor: Append records rows with their cells, Current is the row under the cursor, Targets
// the rows an action applies to, Reset and Restart empty both together.
type Rows[T any] struct {
	page  *TablePage
	items []T
}

// NewRows returns the typed rows of page; id names a row across reloads (see SetRowID).
func NewRows[T any](page *TablePage, id func(T) string) *Rows[T] {
	r := &Rows[T]{page: page}
	if id != nil {
		page.SetRowID(func(i int) string { return id(r.items[i]) })
	}
	return r
}

// Append adds rows with their cells (and sort keys, see vtable.Table.AppendKeyed): cells[k] and
// keys[c][k] belong to items[k].
func (r *Rows[T]) Append(items []T, cells [][]string, keys [][]int64) {
	r.items = append(r.items, items...) // first: the table asks the new rows' ids
	r.page.Table.AppendKeyed(cells, keys)
}

// Len is the number of rows held, shown or not.
func (r *Rows[T]) Len() int { return len(r.items) }

// At is underlying row i (a table row index); ok is false past the rows.
func (r *Rows[T]) At(i int) (row T, ok bool) {
	if i < 0 || i >= len(r.items) {
		return row, false
	}
	return r.items[i], true
}

// Current is the row under the cursor; ok is false when no row is shown.
func (r *Rows[T]) Current() (T, bool) { return r.At(r.page.Table.Cursor()) }

// Targets are the rows an action applies to and how many selected rows the filter hides
// (TablePage.Targets).
func (r *Rows[T]) Targets() (rows []T, hidden int) {
	idx, hidden := r.page.Targets()
	for _, i := range idx {
		if row, ok := r.At(i); ok {
			rows = append(rows, row)
		}
	}
	return rows, hidden
}

// Reset empties the rows and the table for a reload (TablePage.ResetRows: the filter, the sort,
// the cursor and the selection come back with their rows).
func (r *Rows[T]) Reset() tea.Cmd {
	cmd := r.page.ResetRows() // first: it records the ids of the cursor's and the selected rows
	r.items = nil
	return cmd
}

// ResetColumns is Reset with other columns (TablePage.ResetColumns).
func (r *Rows[T]) ResetColumns(cols []vtable.Column) tea.Cmd {
	cmd := r.page.ResetColumns(cols)
	r.items = nil
	return cmd
}

// Restart cancels the loading in flight and empties the rows (TablePage.Restart).
func (r *Rows[T]) Restart() tea.Cmd {
	r.page.BeginReload()
	return r.Reset()
}
