package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// The headless S3 commands are refused as a whole in a read-only session, before any request:
// the typed client's guard would refuse each write anyway, but only after the listings and
// HeadObjects of the plan, file by file, with exit 1 (a failed transfer). What each command
// would change is said here; a command that changes nothing in AWS (a download, --dryrun, a
// presigned GET) runs as usual, and one whose paths do not parse says so itself.

// TransferWrites is what cp, mv or sync would change in AWS, or "" when nothing.
func TransferWrites(cmd string, o TransferOptions) string {
	src, srcOK := parseLocation(o.Src)
	dst, dstOK := parseLocation(o.Dst)
	switch {
	case o.DryRun || !srcOK || !dstOK:
		return ""
	case dst.IsS3():
		return "it would write to " + o.Dst
	case cmd == "mv" && src.IsS3():
		return "it would delete " + o.Src + " once downloaded"
	}
	return ""
}

// RmWrites is what rm would delete, or "" when nothing (--dryrun, a path that is no key).
func RmWrites(o RmOptions) string {
	_, key, ok := parseObjectURI(o.Path)
	switch {
	case o.DryRun || !ok || !o.Recursive && key == "":
		return ""
	case o.Recursive:
		return "it would delete every key under " + o.Path
	}
	return "it would delete " + o.Path
}

// BucketWrites is what mb (make) or rb would change: the bucket, or "" for a path that is not one.
func BucketWrites(cmd, path string, force bool) string {
	bucket, ok := bucketOf(path)
	switch {
	case !ok:
		return ""
	case cmd == "mb":
		return "it would create bucket " + bucket
	case force:
		return "it would delete bucket " + bucket + " and every object in it"
	}
	return "it would delete bucket " + bucket
}

// PresignWrites is what a presigned URL would let its holder change: a PUT uploads.
func PresignWrites(o PresignOptions) string {
	if _, key, ok := parseObjectURI(o.Path); !ok || key == "" || !strings.EqualFold(o.Method, "PUT") {
		return ""
	}
	return "a PUT URL lets whoever holds it write " + o.Path
}

// RefuseWrites prints the refusal of cmd in a read-only session and returns its exit code, 253,
// the code of a call the guard refuses. lift says how to allow it.
func RefuseWrites(stderr io.Writer, cmd, what, lift string) int {
	fmt.Fprintf(stderr, "nimbus %s: refused in read-only mode: %s (%s)\n", cmd, textsafe.Clean(what), textsafe.Clean(lift))
	return ExitConfig
}
