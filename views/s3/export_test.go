package s3

import (
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/tui"
)

// WireLog is the session's wire view, for tests that search every entry.
func (b *Browser) WireLog(s tui.Session) *wire.Log { return b.wireLog(s) }
