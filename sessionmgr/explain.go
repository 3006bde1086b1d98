package sessionmgr

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/advice"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// maxExplain bounds the length of what happened: it is shown on one line.
const maxExplain = 240

// Explain is Advise rendered for the command line: one line that says what went wrong and what to
// do next, with flags for the hints (--profile). The TUI renders Advise with its own keys instead.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	return Advise(err).Render(advice.CLI)
}

// explainPlain is Advise rendered without hints, for text that both the TUI and the command line
// show (a profile's status).
func explainPlain(err error) string { return Advise(err).Render(advice.Plain) }

// Advise turns an error from this package or from an AWS call into what went wrong and what to do
// next. It never adds secrets and keeps AWS's own message only where it helps (access denied names
// the action and resource). Its text holds no terminal control characters.
func Advise(err error) advice.Advice {
	if err == nil {
		return advice.Advice{}
	}
	var where string // "S3 ListBuckets: "
	var opErr *smithy.OperationError
	if errors.As(err, &opErr) && opErr.ServiceID != "ec2imds" {
		// (EC2 instance metadata is only the credential chain's last try: "no credentials" says it.)
		where = opErr.ServiceID + " " + opErr.OperationName + ": "
	}
	a := explain(err)
	a.What = where + a.What
	// AWS messages and file paths may hold terminal control characters: escape them here, so every
	// caller (toast or stderr) is safe.
	a.What = oneLine(textsafe.Clean(a.What))
	for i := range a.Do {
		a.Do[i].Text = oneLine(textsafe.Clean(a.Do[i].Text))
	}
	return a
}

// what is advice that says only what happened.
func what(format string, args ...any) advice.Advice {
	return advice.Advice{What: fmt.Sprintf(format, args...)}
}

// then adds steps to try, any one of which may do.
func then(a advice.Advice, steps ...advice.Step) advice.Advice {
	a.Do = append(a.Do, steps...)
	return a
}

// do is a step done outside nimbus; hint is how nimbus helps, if it does.
func do(text string, hint ...advice.Hint) advice.Step {
	s := advice.Step{Text: text}
	if len(hint) > 0 {
		s.Hint = hint[0]
	}
	return s
}

// offer marks a's step h as one the interface may offer by itself (advice.Advice.Offer).
func offer(a advice.Advice, h advice.Hint) advice.Advice {
	a.Offer = h
	return a
}

var (
	otherProfile = do("choose another profile", advice.Profile)
	retryLater   = do("wait a moment and retry", advice.Retry)
	renew        = do("get new credentials, then retry", advice.Renew)
)

func explain(err error) advice.Advice {
	var (
		profErr   *ProfileError
		credErr   *CredentialsError
		apiErr    smithy.APIError
		quotaErr  ratelimit.QuotaExceededError
		needLogin *NeedLoginError
		staleErr  *StaleCredentialsError
	)
	var roErr *ReadOnlyError
	switch {
	case errors.As(err, &roErr):
		return adviseProfileReadOnly(roErr.Profile, roErr.By)
	case errors.Is(err, readonly.ErrRefused):
		return then(what("refused: nimbus is read-only and this call may change state"),
			do("restart without --readonly to allow changes"))
	case errors.Is(err, context.Canceled):
		return what("cancelled")
	case errors.As(err, &credErr):
		return explainCredentials(credErr)
	case errors.As(err, &needLogin):
		return offer(then(what("not logged in to %s (or the login expired)", needLogin.Session.Label()),
			do(fmt.Sprintf("log in with profile %s", needLogin.Session.Profile), advice.SSOLogin)), advice.SSOLogin)
	case errors.As(err, &staleErr) && staleErr.Kind == KindEnv:
		// A running program never sees variables exported after it started: reading them again
		// gives the same keys, so no renewal is offered.
		return then(what("the environment's credentials (AWS_ACCESS_KEY_ID…) have expired, and nimbus cannot see variables exported after it started"),
			do("export new ones and start nimbus again"), do("switch to a profile", advice.Profile))
	case errors.As(err, &staleErr):
		return then(what("%s", staleErr.Error()), do("update them, then get new credentials", advice.Renew))
	case errors.As(err, &profErr):
		if errors.Is(err, ErrProfileNotFound) {
			return then(what("profile %s not found in your AWS config", profErr.Profile),
				otherProfile, do("add it to ~/.aws/config"))
		}
		return then(what("profile %s cannot be used: %s", profErr.Profile,
			strings.TrimPrefix(firstLine(profErr.Err), "profile "+profErr.Profile+": ")),
			do("fix it in your AWS config"), otherProfile)
	case errors.As(err, &apiErr):
		if isClockRefused(apiErr.ErrorCode()) {
			return explainClock(apiErr.ErrorCode(), err)
		}
		return explainAPI(apiErr)
	case errors.As(err, &quotaErr):
		return then(what("too many calls failed in a row"), retryLater)
	}
	if a, ok := explainNetwork(err); ok {
		return a
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return then(what("timed out"), do("check your network or the endpoint, then retry", advice.Retry))
	}
	return what("%s", firstLine(err))
}

// adviseProfileReadOnly is the advice on a call refused because nimbus's config (or the session)
// made the profile read-only.
func adviseProfileReadOnly(profile, by string) advice.Advice {
	if profile == "" {
		profile = "this profile"
	} else {
		profile = "profile " + profile
	}
	steps := []advice.Step{{Text: "allow changes for this session", Hint: advice.Writable, OnlyWithHint: true}}
	if by != "" && by != sessionReadOnly {
		steps = append(steps, do("set readonly: false for it in nimbus's config.yaml"))
	}
	w := what("refused: %s is read-only and this call may change state", profile)
	if by != "" {
		w = what("refused: %s is read-only (%s) and this call may change state", profile, by)
	}
	return then(w, steps...)
}

// Advise is the package's Advise knowing this manager's settings: without --readonly, a refusal
// can only come from a read-only profile (nimbus's config, or the session), whatever words the
// refusing layer used.
func (m *Manager) Advise(err error) advice.Advice {
	var roErr *ReadOnlyError
	if !m.opts.ReadOnly && errors.Is(err, readonly.ErrRefused) && !errors.As(err, &roErr) {
		return adviseProfileReadOnly("", "")
	}
	return Advise(err)
}

// explainCredentials advises on a profile whose credentials could not be obtained.
func explainCredentials(e *CredentialsError) advice.Advice {
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
		return then(what("the environment's credentials (AWS_ACCESS_KEY_ID…) were not accepted"),
			do("set them again"), do("choose a profile", advice.Profile))
	case isSSO && (ssoErr != nil || strings.Contains(msg, "SSO token") ||
		errors.As(e.Err, &apiErr) && (apiErr.ErrorCode() == "UnauthorizedException" || apiErr.ErrorCode() == "InvalidGrantException")):
		return offer(then(what("SSO session expired or not logged in"),
			// Tagged, not worded: the TUI names its login key, the command line nimbus login.
			do(fmt.Sprintf("log in again with profile %s, then retry", p), advice.SSOLogin)), advice.SSOLogin)
	case e.Kind == KindLogin && isLoginTokenError(e.Err):
		// Only `aws login` starts a console session; once it has, new credentials are read.
		return then(what("the console login of profile %s is missing or expired", p),
			do(fmt.Sprintf("run aws login --profile %s (AWS CLI v2), then get new credentials", p), advice.Renew))
	case errors.As(e.Err, &mfaErr):
		if errors.Is(mfaErr, ErrMFACancelled) {
			return then(what("%s", mfaErr.Error()), do("retry to be asked again", advice.Retry))
		}
		return what("%s", mfaErr.Error())
	case e.Kind == KindNone || errors.As(e.Err, &opErr) && opErr.ServiceID == "ec2imds":
		return then(what("no credentials for profile %s", p), do("set them in ~/.aws/credentials"), otherProfile)
	case errors.As(e.Err, &timeoutErr):
		return then(what("%s", timeoutErr.Error()),
			do("run it by hand to see why"), do("raise credential_process_timeout (seconds) in the profile"))
	case e.Kind == KindProcess:
		// Process output may contain the secret itself: say nothing of it.
		return then(what("the credential_process of profile %s failed", p), do("run it by hand to see why"), otherProfile)
	case errors.As(e.Err, &apiErr):
		switch {
		case isAccessDenied(apiErr.ErrorCode()):
			return then(what("profile %s may not assume its role (%s)", p, apiErr.ErrorCode()),
				do("check role_arn and the role's trust policy"), otherProfile)
		case isExpired(apiErr.ErrorCode()):
			return offer(then(what("the source credentials of profile %s have expired", p), renew), advice.Renew)
		}
		return then(what("cannot get credentials for profile %s: %s", p, apiErr.ErrorCode()), do("check the profile"), otherProfile)
	}
	if a, ok := explainNetwork(e.Err); ok {
		a.What = fmt.Sprintf("cannot get credentials for profile %s: %s", p, a.What)
		return a
	}
	return then(what("cannot get credentials for profile %s: %s", p, firstLine(e.Err)), do("check the profile"), otherProfile)
}

// explainAPI advises on an error answered by AWS.
func explainAPI(e smithy.APIError) advice.Advice {
	code := e.ErrorCode()
	switch {
	case isExpired(code):
		return offer(then(what("credentials expired (%s)", code), renew), advice.Renew)
	case isRejected(code):
		return then(what("credentials rejected (%s)", code),
			do("check this profile's keys"), do("check that the region is enabled for the account"),
			otherProfile, do("choose another region", advice.Region))
	case isAccessDenied(code):
		detail := strings.TrimSpace(e.ErrorMessage())
		if detail == "" {
			detail = code
		}
		return then(what("access denied: %s", detail), do("ask for the permission this identity lacks"),
			do("switch profile", advice.Profile))
	case isThrottled(code):
		return then(what("AWS is throttling requests (%s)", code), retryLater)
	case isClockRefused(code):
		return explainClock(code, e)
	}
	if m := strings.TrimSpace(e.ErrorMessage()); m != "" {
		return what("%s: %s", code, m)
	}
	return what("%s", code)
}

// isClockRefused: codes AWS answers to a request signed too far from its own time.
func isClockRefused(code string) bool {
	return code == "RequestTimeTooSkewed" || code == "RequestExpired" || code == "SignatureExpired"
}

// minClockOffset is the least offset worth naming: Date headers count whole seconds, and a
// request refused with a clock that is right waited too long on the way (or was presigned).
const minClockOffset = time.Minute

// explainClock says how far off this computer's clock is, when the answer's date tells: the
// engine has already retried with the corrected time where it could (invoke's clock skew
// correction), so what is left is for the person to fix.
func explainClock(code string, err error) advice.Advice {
	fix := do("set this computer's clock right (on Linux: timedatectl set-ntp true), then retry", advice.Retry)
	d, ok := clockOffset(err, time.Now())
	if !ok || d.Abs() < minClockOffset {
		return then(what("the request's time was refused (%s): this computer's clock may be off", code), fix)
	}
	side := "behind"
	if d < 0 {
		side = "ahead of"
	}
	return then(what("the request's time was refused (%s): this computer's clock is %s %s AWS's", code, roughly(d.Abs()), side), fix)
}

// clockOffset is AWS's time less this computer's, from the refused answer: the engine measured
// it, or the SDK's response carries the Date header (read against now).
func clockOffset(err error, now time.Time) (time.Duration, bool) {
	var measured interface{ ClockOffset() (time.Duration, bool) }
	if errors.As(err, &measured) {
		return measured.ClockOffset()
	}
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) && respErr.Response != nil {
		if date, perr := http.ParseTime(respErr.Response.Header.Get("Date")); perr == nil {
			return date.Sub(now), true
		}
	}
	return 0, false
}

// roughly words an offset of a minute or more to the minute: "3 min", "1 h 5 min", "2 days".
func roughly(d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d h", int(d.Hours()))
	case d >= time.Hour:
		return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d min", int(d.Minutes()))
}

// explainNetwork recognises failures to reach the endpoint at all.
func explainNetwork(err error) (advice.Advice, bool) {
	if msg, ok := netpolicy.Plain(err); ok {
		return what("%s", msg), true // "no answer from … in 60 s (attempt 3/3)"
	}
	var (
		dnsErr  *net.DNSError
		opErr   *net.OpError
		certErr *x509.UnknownAuthorityError
		hostErr x509.HostnameError
	)
	switch {
	case errors.As(err, &dnsErr):
		return then(what("cannot resolve %s", dnsErr.Name), do("check your network, the region or --endpoint-url")), true
	case errors.As(err, &opErr) && opErr.Op == "dial":
		addr := ""
		if opErr.Addr != nil {
			addr = " " + opErr.Addr.String()
		}
		return then(what("cannot reach%s (%s)", addr, rootCause(opErr)),
			do("check your network, proxy or --endpoint-url, then retry", advice.Retry)), true
	case errors.As(err, &certErr), errors.As(err, &hostErr):
		return then(what("TLS certificate not trusted"),
			do("set ca_bundle (or AWS_CA_BUNDLE) if you use a proxy or private endpoint")), true
	case errors.As(err, &opErr):
		return then(what("network error (%s)", rootCause(opErr)), do("check your network, then retry", advice.Retry)), true
	}
	return advice.Advice{}, false
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
