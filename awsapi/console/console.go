// Package console signs in to the AWS Management Console as a session, through the federation
// endpoint: the session's temporary credentials (or, for long-term keys, credentials from STS
// GetFederationToken) are exchanged for a sign-in token (getSigninToken), and the login URL takes
// the browser to a destination page, deep-linked to the resource shown where the console has a
// page for it (links.go).
//
// The sign-in URL is a bearer credential for up to 15 minutes: nothing here logs it, and
// callers must not either.
package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// Issuer names nimbus on the console's sign-out page.
const Issuer = "nimbus"

// Options tune SignIn; the zero value signs in to the partition of the config's region.
type Options struct {
	// FederationURL replaces the partition's federation endpoint (tests, proxies).
	FederationURL string
	// HTTPClient sends the getSigninToken request; nil: a client with a 30 s timeout. It must not
	// log request URLs: they carry the session's credentials.
	HTTPClient *http.Client
	// ReadOnly asks, for long-term keys, for a federation token limited to the ReadOnlyAccess
	// policy, so the console cannot change what the session may not.
	ReadOnly bool
}

// partition is where a region's console lives.
type partition struct {
	federation string // sign-in federation endpoint
	console    string // console host, without a region
	iamPolicy  string // ARN prefix of AWS managed policies
}

func partitionOf(region string) partition {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return partition{"https://signin.amazonaws.cn/federation", "console.amazonaws.cn", "arn:aws-cn:iam::aws:policy/"}
	case strings.HasPrefix(region, "us-gov-"):
		return partition{"https://signin.amazonaws-us-gov.com/federation", "console.amazonaws-us-gov.com", "arn:aws-us-gov:iam::aws:policy/"}
	}
	return partition{"https://signin.aws.amazon.com/federation", "console.aws.amazon.com", "arn:aws:iam::aws:policy/"}
}

// allowAll is the session policy passed to GetFederationToken: without one the federated user
// may do nothing; with it, what the IAM user may (the intersection of the two).
const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// SignIn returns the URL that signs the browser in to the console as cfg's session and opens
// destination (a console URL: see Link). It never logs the URL or the credentials.
func SignIn(ctx context.Context, cfg aws.Config, destination string, opts Options) (string, error) {
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return "", fmt.Errorf("console sign-in: %w", err)
	}
	part := partitionOf(cfg.Region)
	if creds.SessionToken == "" {
		// Long-term keys (an IAM user): the federation endpoint takes temporary credentials only.
		creds, err = federationToken(ctx, cfg, part, opts.ReadOnly)
		if err != nil {
			return "", err
		}
	}
	endpoint := opts.FederationURL
	if endpoint == "" {
		endpoint = part.federation
	}
	token, err := signinToken(ctx, endpoint, creds, opts.HTTPClient)
	if err != nil {
		return "", err
	}
	q := url.Values{"Action": {"login"}, "Issuer": {Issuer}, "Destination": {destination}, "SigninToken": {token}}
	return endpoint + "?" + q.Encode(), nil
}

func federationToken(ctx context.Context, cfg aws.Config, part partition, readOnly bool) (aws.Credentials, error) {
	in := &sts.GetFederationTokenInput{Name: aws.String(Issuer), DurationSeconds: aws.Int32(3600)}
	if readOnly {
		in.PolicyArns = []types.PolicyDescriptorType{{Arn: aws.String(part.iamPolicy + "ReadOnlyAccess")}}
	} else {
		in.Policy = aws.String(allowAll)
	}
	out, err := sts.NewFromConfig(cfg).GetFederationToken(ctx, in)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("console sign-in needs temporary credentials: %w", err)
	}
	c := out.Credentials
	if c == nil || c.AccessKeyId == nil || c.SecretAccessKey == nil || c.SessionToken == nil {
		return aws.Credentials{}, errors.New("console sign-in: GetFederationToken returned no credentials")
	}
	return aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken}, nil
}

// signinToken asks the federation endpoint for a sign-in token for creds.
func signinToken(ctx context.Context, endpoint string, creds aws.Credentials, client *http.Client) (string, error) {
	session, err := json.Marshal(map[string]string{
		"sessionId": creds.AccessKeyID, "sessionKey": creds.SecretAccessKey, "sessionToken": creds.SessionToken})
	if err != nil {
		return "", err
	}
	q := url.Values{"Action": {"getSigninToken"}, "Session": {string(session)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"?"+q.Encode(), nil)
	if err != nil {
		return "", fmt.Errorf("console sign-in: %w", err)
	}
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		// The error of a failed request quotes its URL, which holds the credentials: say only where.
		return "", fmt.Errorf("console sign-in: no answer from %s: %w", hostOf(endpoint), plain(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", fmt.Errorf("console sign-in: reading the answer of %s: %w", hostOf(endpoint), plain(err))
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("console sign-in: %s answered HTTP %d (the session's credentials were not accepted)", hostOf(endpoint), resp.StatusCode)
	}
	var out struct{ SigninToken string }
	if err := json.Unmarshal(body, &out); err != nil || out.SigninToken == "" {
		return "", fmt.Errorf("console sign-in: %s did not answer with a sign-in token", hostOf(endpoint))
	}
	return out.SigninToken, nil
}

func hostOf(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return "the federation endpoint"
}

// plain drops the URL from a *url.Error, keeping what went wrong.
func plain(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
