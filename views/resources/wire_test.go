package resources_test

import (
	"testing"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// A collection's listing goes through the engine without a page of its own to record it: it
// reaches the session's wire view (actions.wire on the collection), credentials redacted.
func TestCollectionHasTheSessionWireView(t *testing.T) {
	srv := motoserver.StartShared(t)
	d := newApp(t, srv, "eu-west-1", false)
	d.WaitForText(wait, "instances")
	d.Key("ctrl+w")
	d.WaitForText(wait, "wire · test", "(ec2 DescribeInstances)", "Credential=<redacted>/", "HTTP 200")
}
