package readonly

import "strings"

// readPrefixes start the names of operations that only read, by AWS's naming conventions. A name
// must continue with an upper-case letter (or end) after the prefix, so "Get" matches "GetObject"
// but "Check" does not match "CheckoutLicense". Operations whose names mislead are in exceptions.go.
var readPrefixes = []string{
	"Get", "List", "Describe", "Head", "Query", "Scan", "Select", "Search", "Lookup", "BatchGet",
	"Filter", "Simulate", "Validate", "Estimate", "Preview", "Download", "Check", "Detect",
	// Added after the audit of issue 7: every operation of these families in the models is a pure
	// read (BatchDescribeTypeConfigurations, BatchDetectSentiment, CountOpenWorkflowExecutions,
	// CalculateRoutes, IsAuthorized, BatchIsAuthorized); table.tsv lists them.
	"BatchDescribe", "BatchDetect", "BatchIs", "Count", "Calculate", "Is",
}

// ruleDecision classifies operation by its name alone.
func ruleDecision(operation string) Decision {
	if p := readPrefix(operation); p != "" {
		return Decision{Class: Read, Reason: "name: " + p + "…"}
	}
	return Decision{Class: Mutate, Reason: "name: " + firstWord(operation) + "… is not a read verb"}
}

// readPrefix returns the read prefix operation starts with, or "".
func readPrefix(operation string) string {
	for _, p := range readPrefixes {
		if strings.HasPrefix(operation, p) && hasWordBoundary(operation, len(p)) {
			return p
		}
	}
	return ""
}

// hasWordBoundary is true when name continues with an upper-case letter (or ends) after n bytes,
// so "Get" matches "GetObject" but "Scan" does not match "Scandal".
func hasWordBoundary(name string, n int) bool {
	return len(name) == n || (name[n] >= 'A' && name[n] <= 'Z')
}

// firstWord is the leading capitalised word of a CamelCase name ("Delete" of "DeleteBucket").
func firstWord(name string) string {
	for i := 1; i < len(name); i++ {
		if name[i] >= 'A' && name[i] <= 'Z' {
			return name[:i]
		}
	}
	return name
}
