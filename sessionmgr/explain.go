package sessionmgr

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// maxExplain bounds the length of an explanation: it is shown on one line.
const maxExplain = 240

// Explain turns an error from this package or from an AWS call into one line that says what went
// wrong and what to do next, for toasts and for the headless commands' stderr. It never adds secrets
// and keeps AWS's own message only where it helps (access denied names the action and resource).
// The result holds no terminal control characters.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var where string // "S3 ListBuckets: "
	var opErr *smithy.OperationError
	if errors.As(err, &opErr) {
		where = opErr.ServiceID + " " + opErr.OperationName + ": "
	}
	// AWS messages and file paths may hold terminal control characters: escape them here, so every
	// caller (toast or stderr) is safe.
	return oneLine(textsafe.Clean(where + explain(err)))
}

func explain(err error) string {
	var (
		profErr  *ProfileError
		credErr  *CredentialsError
		apiErr   smithy.APIError
		quotaErr ratelimit.QuotaExceededError
	)
	switch {
	case errors.Is(err, readonly.ErrRefused):
		return "refused: nimbus is read-only and this call may change state — restart without --readonly to allow changes"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &credErr):
		return explainCredentials(credErr)
	case errors.As(err, &profErr):
		if errors.Is(err, ErrProfileNotFound) {
			return fmt.Sprintf("profile %s not found in your AWS config — choose another profile (:profile) or add it to ~/.aws/config", profErr.Profile)
		}
		return fmt.Sprintf("profile %s cannot be used: %s — fix it in your AWS config or choose another profile (:profile)",
			profErr.Profile, strings.TrimPrefix(firstLine(profErr.Err), "profile "+profErr.Profile+": "))
	case errors.As(err, &apiErr):
		return explainAPI(apiErr)
	case errors.As(err, &quotaErr):
		return "too many calls failed in a row — wait a moment and retry (r)"
	}
	if msg, ok := explainNetwork(err); ok {
		return msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out — check your network or the endpoint, then retry (r)"
	}
	return firstLine(err)
}

// explainCredentials advises on a profile whose credentials could not be obtained.
func explainCredentials(e *CredentialsError) string {
	p := e.Profile
	var (
		ssoErr     *ssocreds.InvalidTokenError
		apiErr     smithy.APIError
		opErr      *smithy.OperationError
		timeoutErr *ProcessTimeoutError
		mfaErr     *MFAError
	)
	msg := e.Err.Error()
	isSSO := e.Kind == KindSSO || errors.As(e.Err, &ssoErr) || strings.Contains(msg, "SSO token")
	switch {
	case p == EnvProfile:
		return "the environment's credentials (AWS_ACCESS_KEY_ID…) were not accepted — set them again or choose a profile (:profile)"
	case isSSO && (ssoErr != nil || strings.Contains(msg, "SSO token") ||
		errors.As(e.Err, &apiErr) && (apiErr.ErrorCode() == "UnauthorizedException" || apiErr.ErrorCode() == "InvalidGrantException")):
		return fmt.Sprintf("SSO session expired or not logged in — run `nimbus login --profile %s` (or aws sso login), then retry", p)
	case errors.As(e.Err, &mfaErr):
		if errors.Is(mfaErr, ErrMFACancelled) {
			return mfaErr.Error() + " — retry (r) to be asked again"
		}
		return mfaErr.Error()
	case e.Kind == KindNone || errors.As(e.Err, &opErr) && opErr.ServiceID == "ec2imds":
		return fmt.Sprintf("no credentials for profile %s — set them in ~/.aws/credentials or choose another profile (:profile)", p)
	case errors.As(e.Err, &timeoutErr):
		return timeoutErr.Error() + " — run it by hand to see why, or raise credential_process_timeout (seconds) in the profile"
	case e.Kind == KindProcess:
		// Process output may contain the secret itself: say nothing of it.
		return fmt.Sprintf("the credential_process of profile %s failed — run it by hand to see why, or choose another profile (:profile)", p)
	case errors.As(e.Err, &apiErr):
		switch {
		case isAccessDenied(apiErr.ErrorCode()):
			return fmt.Sprintf("profile %s may not assume its role (%s) — check role_arn and the role's trust policy, or choose another profile (:profile)", p, apiErr.ErrorCode())
		case isExpired(apiErr.ErrorCode()):
			return fmt.Sprintf("the source credentials of profile %s have expired — refresh them, then retry", p)
		}
		return fmt.Sprintf("cannot get credentials for profile %s: %s — check the profile or choose another (:profile)", p, apiErr.ErrorCode())
	}
	if msg, ok := explainNetwork(e.Err); ok {
		return fmt.Sprintf("cannot get credentials for profile %s: %s", p, msg)
	}
	return fmt.Sprintf("cannot get credentials for profile %s: %s — check the profile or choose another (:profile)", p, firstLine(e.Err))
}

// explainAPI advises on an error answered by AWS.
func explainAPI(e smithy.APIError) string {
	code := e.ErrorCode()
	switch {
	case isExpired(code):
		return fmt.Sprintf("credentials expired (%s) — log in again (SSO: nimbus login) or refresh the session token, then retry", code)
	case isRejected(code):
		return fmt.Sprintf("credentials rejected (%s) — check this profile's keys, or the region is not enabled for the account; choose another profile (:profile) or region (:region)", code)
	case isAccessDenied(code):
		detail := strings.TrimSpace(e.ErrorMessage())
		if detail == "" {
			detail = code
		}
		return fmt.Sprintf("access denied: %s — this identity lacks the permission; ask for it or switch profile (:profile)", detail)
	case isThrottled(code):
		return fmt.Sprintf("AWS is throttling requests (%s) — wait a moment and retry (r)", code)
	case code == "RequestTimeTooSkewed" || code == "RequestExpired" || code == "SignatureExpired":
		return fmt.Sprintf("the request's time was refused (%s): this computer's clock is off — sync it, then retry", code)
	}
	if m := strings.TrimSpace(e.ErrorMessage()); m != "" {
		return code + ": " + m
	}
	return code
}

// explainNetwork recognises failures to reach the endpoint at all.
func explainNetwork(err error) (string, bool) {
	if msg, ok := netpolicy.Plain(err); ok {
		return msg, true // "no answer from … in 60 s (attempt 3/3)"
	}
	var (
		dnsErr  *net.DNSError
		opErr   *net.OpError
		certErr *x509.UnknownAuthorityError
		hostErr x509.HostnameError
	)
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot resolve %s — check your network, the region or --endpoint-url", dnsErr.Name), true
	case errors.As(err, &opErr) && opErr.Op == "dial":
		addr := ""
		if opErr.Addr != nil {
			addr = " " + opErr.Addr.String()
		}
		return fmt.Sprintf("cannot reach%s (%s) — check your network, proxy or --endpoint-url, then retry (r)", addr, rootCause(opErr)), true
	case errors.As(err, &certErr), errors.As(err, &hostErr):
		return "TLS certificate not trusted — set ca_bundle (or AWS_CA_BUNDLE) if you use a proxy or private endpoint", true
	case errors.As(err, &opErr):
		return fmt.Sprintf("network error (%s) — check your network, then retry (r)", rootCause(opErr)), true
	}
	return "", false
}

func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func isExpired(code string) bool {
	switch code {
	case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired", "InvalidGrantException":
		return true
	}
	return false
}

func isRejected(code string) bool {
	switch code {
	case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch",
		"AuthFailure", "IncompleteSignature", "InvalidSignatureException", "MissingAuthenticationToken":
		return true
	}
	return false
}

func isAccessDenied(code string) bool {
	switch code {
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException",
		"Forbidden", "403", "AllAccessDisabled", "AuthorizationError", "AuthorizationErrorException":
		return true
	}
	return false
}

func isThrottled(code string) bool {
	switch code {
	case "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
		"RequestLimitExceeded", "SlowDown", "RequestThrottled", "RequestThrottledException",
		"ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "PriorRequestNotComplete",
		"EC2ThrottledException":
		return true
	}
	return false
}

// firstLine returns the first line of err's message.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return strings.TrimSpace(s)
}

// oneLine collapses whitespace and bounds the length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxExplain {
		s = string(r[:maxExplain-1]) + "…"
	}
	return s
}
