package resource

import (
	"strings"
	"sync"
)

// lifecycle ranks the states AWS resources go through, in the order they are lived: coming up,
// up, changing, going down, down, going away, gone, broken. A "state" column sorts by it
// (pending < running < stopping < stopped < shutting-down < terminated), not by its spelling.
// Built on first use, not at start-up.
var lifecycle = sync.OnceValue(func() map[string]int64 {
	lifecycle := map[string]int64{}
	for rank, group := range [][]string{
		{"requested", "scheduled", "queued", "pending", "pending-acceptance", "pending-import", "creating",
			"create-in-progress", "provisioning", "initializing", "starting", "rebooting", "attaching", "associating"},
		{"running", "available", "active", "in-use", "ok", "healthy", "enabled", "attached", "associated", "ready",
			"inservice", "insync", "in-sync", "issued", "live", "online", "up", "published", "deployed", "open",
			"confirmed", "verified", "valid", "completed", "complete", "succeeded", "success", "successful",
			"create-complete", "update-complete", "import-complete", "created", "true"},
		{"modifying", "updating", "update-in-progress", "update-complete-cleanup-in-progress", "backing-up",
			"migrating", "transitioning", "maintenance", "storage-optimization", "upgrading", "waiting", "in-progress"},
		{"stopping", "draining", "detaching", "disassociating", "disabling"},
		{"stopped", "disabled", "inactive", "detached", "suspended", "outofservice", "expired", "false",
			"insufficient-data", "alarm", "impaired", "unhealthy"},
		{"shutting-down", "deleting", "delete-in-progress", "deregistering", "pending-deletion", "terminating"},
		{"terminated", "deleted", "delete-complete", "deregistered", "revoked", "cancelled", "canceled", "rejected"},
		{"failed", "failure", "error", "incompatible", "invalid", "unavailable"},
	} {
		for _, s := range group {
			lifecycle[s] = int64(rank+1) * 10
		}
	}
	return lifecycle
})

// StateRank orders state values along the resource lifecycle for sorting: the rank of a known
// state, else by its class (coming up and changing as busy, ok, bad), unknown ones last. Equal
// ranks are for the caller to order by text.
func StateRank(value string) int64 {
	s := strings.NewReplacer("_", "-", " ", "-").Replace(strings.ToLower(strings.TrimSpace(value)))
	if r, ok := lifecycle()[s]; ok {
		return r
	}
	switch State(value) {
	case StateOK:
		return lifecycle()["running"]
	case StateBusy:
		switch {
		case strings.Contains(s, "delet"), strings.Contains(s, "rollback"):
			return lifecycle()["deleting"]
		case strings.HasPrefix(s, "create"), strings.HasPrefix(s, "pending"):
			return lifecycle()["pending"]
		}
		return lifecycle()["updating"]
	case StateBad:
		if strings.Contains(s, "fail") || strings.Contains(s, "error") {
			return lifecycle()["failed"]
		}
		return lifecycle()["stopped"]
	case "":
		if s == "" {
			return 1000 // empty after every state
		}
	}
	return 900
}
