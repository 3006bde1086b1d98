// Package readonly decides which AWS operations change state, so that --readonly can refuse them
// before a byte is sent, for the typed SDK clients and the generic engine alike.
package readonly

import (
	"errors"
	"fmt"
	"strings"
)

// ErrRefused is wrapped by every refusal, so callers can tell a read-only refusal from an AWS error.
var ErrRefused = errors.New("refused in read-only mode")

// readPrefixes start the names of operations that only read.
var readPrefixes = []string{
	"Get", "List", "Describe", "Head", "Query", "Scan", "Select", "Search", "Lookup", "BatchGet",
	"Filter", "Simulate", "Validate", "Estimate", "Preview", "Download", "Check", "Detect",
}

// readExceptions read although their names do not say so ("Operation" or "service.Operation").
var readExceptions = map[string]bool{
	"AssumeRole": true, "AssumeRoleWithSAML": true, "AssumeRoleWithWebIdentity": true, "AssumeRoot": true,
	"DecodeAuthorizationMessage": true, "Decrypt": true, "Encrypt": true, "GenerateDataKey": true,
	"GenerateDataKeyPair": true, "GenerateDataKeyWithoutPlaintext": true, "GenerateDataKeyPairWithoutPlaintext": true,
	"GenerateMac": true, "VerifyMac": true, "Verify": true, "GenerateRandom": true, "ReEncrypt": false,
	"sso.GetRoleCredentials": true, "sso-oidc.CreateToken": true, "sso-oidc.RegisterClient": true,
	"sso-oidc.StartDeviceAuthorization": true, "logs.StartLiveTail": true,
	"BatchGetItem": true, "TransactGetItems": true, "ExecuteStatement": false,
}

// mutateExceptions change state although their names look like reads.
var mutateExceptions = map[string]bool{
	"cognito-identity.GetId": true, "cognito-identity.GetOpenIdToken": true,
	"cognito-identity.GetOpenIdTokenForDeveloperIdentity": true,
	"cognito-identity.GetCredentialsForIdentity":          true,
	"sqs.GetQueueUrl": false,
}

// IsMutating reports whether operation (its model name, e.g. "StopInstances") of service (botocore
// name, e.g. "ec2") may change state. Unknown names count as mutating: refusing is the safe side.
func IsMutating(service, operation string) bool {
	qualified := service + "." + operation
	if v, ok := mutateExceptions[qualified]; ok {
		return v
	}
	if v, ok := readExceptions[qualified]; ok {
		return !v
	}
	if v, ok := readExceptions[operation]; ok {
		return !v
	}
	for _, p := range readPrefixes {
		if strings.HasPrefix(operation, p) && hasWordBoundary(operation, len(p)) {
			return false
		}
	}
	return true
}

// hasWordBoundary is true when name continues with an upper-case letter (or ends) after n bytes,
// so "Get" matches "GetObject" but "Scan" does not match "Scandal".
func hasWordBoundary(name string, n int) bool {
	return len(name) == n || (name[n] >= 'A' && name[n] <= 'Z')
}

// Check returns an error wrapping ErrRefused when readOnly is set and the operation may mutate.
func Check(readOnly bool, service, operation string) error {
	if readOnly && IsMutating(service, operation) {
		return fmt.Errorf("%s %s: %w (it may change state; start nimbus without --readonly to allow it)",
			service, operation, ErrRefused)
	}
	return nil
}
