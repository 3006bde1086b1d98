package paginate

import "fmt"

// PartialError is what Next returns when the service fails to answer a page: how far the
// pagination got before it, so a caller can keep what it has, say the listing is incomplete and
// resume from the failed page. Pages is 0 when the first page failed (nothing was returned).
type PartialError struct {
	Operation string
	// Pages counts the pages returned before the failure; Page (Pages+1) is the one that failed.
	Pages int
	Page  int
	// Items counts the items of the primary result key returned before the failure.
	Items int
	// Token resumes at the failed page (Options.StartingToken, or aws --starting-token); it is
	// the last good page's NextToken. Empty when the first page failed without a starting token:
	// start again from the beginning.
	Token string
	// Err is the service's error.
	Err error
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("paginating %s, page %d: %v", e.Operation, e.Page, e.Err)
}

// Unwrap gives the service's error, so errors.As finds the API error behind it.
func (e *PartialError) Unwrap() error { return e.Err }

// Partial reports whether some pages were returned before the failure.
func (e *PartialError) Partial() bool { return e.Pages > 0 }

// partialError describes a failure of the next page's request.
func (p *Paginator) partialError(err error) error {
	pe := &PartialError{Operation: p.operation, Pages: p.pages, Page: p.pages + 1, Items: p.total, Err: err}
	if p.next != nil {
		tok, encErr := encodeToken(p.def.InputToken, p.next, p.skip)
		if encErr == nil {
			pe.Token = tok
		}
	}
	return pe
}
