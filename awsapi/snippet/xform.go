// Package snippet writes the AWS CLI command and the boto3 code that make the same call as an
// operation nimbus is about to send, so a person can repeat it outside nimbus.
package snippet

import (
	"regexp"
	"strings"
	"sync"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

var (
	firstCap   = lazyRegexp(`(.)([A-Z][a-z]+)`)
	endCap     = lazyRegexp(`([a-z0-9])([A-Z])`)
	pluralAbbr = lazyRegexp(`[A-Z]{2,}s$`)
)

// XformName spells a PascalCase model name the way botocore's xform_name does with the
// separator sep: "DescribeDBInstances" → "describe_db_instances" with "_" (boto3's method
// names) and "describe-db-instances" with "-" (the AWS CLI's command and option names). Like
// botocore, a name that already holds sep is returned unchanged, and the names botocore spells
// by hand ("ExecutePartiQLStatement") come from its table, kept in the embedded model data.
func XformName(name, sep string) string {
	if sep == "" || strings.Contains(name, sep) {
		return name
	}
	if !strings.ContainsAny(name, "-_") {
		// The hand-made table is keyed by plain model names and spelled with dashes.
		return strings.ReplaceAll(model.CLIName(name), "-", sep)
	}
	return xformRule(name, sep)
}

// xformRule is botocore's rule without its table of exceptions.
func xformRule(name, sep string) string {
	if m := pluralAbbr().FindString(name); m != "" {
		// "ListWebACLs" → "list_web_acls", not "list_web_ac_ls".
		name = name[:len(name)-len(m)] + sep + strings.ToLower(m)
	}
	s := firstCap().ReplaceAllString(name, "${1}"+sep+"${2}")
	return strings.ToLower(endCap().ReplaceAllString(s, "${1}"+sep+"${2}"))
}

// lazyRegexp compiles expr on first use, not at start-up.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
