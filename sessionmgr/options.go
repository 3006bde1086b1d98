package sessionmgr

import (
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
)

// Options configures a Manager. The zero value works: every field has a default taken from the
// environment, as the AWS CLI does.
type Options struct {
	// ConfigFile and CredentialsFile default to AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else
	// ~/.aws/config and ~/.aws/credentials. They are always passed to the SDK explicitly:
	// config.DefaultSharedConfigFiles is fixed from $HOME when the program starts.
	ConfigFile, CredentialsFile string
	// Profile is --profile; when empty, AWS_PROFILE, else the environment entry when environment
	// credentials are set, else "default".
	Profile string
	// Region is --region; when empty, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1.
	Region string
	// EndpointURL is --endpoint-url: the base endpoint of every service. AWS_ENDPOINT_URL,
	// AWS_ENDPOINT_URL_<SERVICE> and a profile's services section are honoured by the SDK itself.
	EndpointURL string
	// ReadOnly makes every client built from a returned aws.Config refuse mutating operations before
	// anything is sent (see awsapi/readonly).
	ReadOnly bool
	// ProfileReadOnly, when set, says which profiles nimbus's own config makes read-only: the rule
	// that does ("prod-* in ~/.config/nimbus/config.yaml"), or "" for a writable profile. Their
	// clients refuse mutating operations as under ReadOnly, until AllowWrites.
	ProfileReadOnly func(profile string) string
	// Getenv reads the environment for the decisions above; nil means os.Getenv. The SDK itself reads
	// the process environment (AWS_ENDPOINT_URL, AWS_RETRY_MODE…) whatever this is.
	Getenv func(string) string
	// MFAPrompt asks the user for an MFA code when a profile with mfa_serial assumes its role (any
	// hop of a chain). It is called from inside an AWS call (never from Update) and may block until
	// the user answers: TerminalMFAPrompt for headless commands, an MFABroker's Prompt for the TUI.
	// Without it such profiles fail on first use with an *MFAError saying what to do.
	MFAPrompt MFAPrompt
	// HTTPClient, when set, sends every request (tests, proxies). With a CA bundle configured
	// (AWS_CA_BUNDLE, ca_bundle) the SDK requires it to be an *awshttp.BuildableClient.
	HTTPClient aws.HTTPClient
	// ConnectTimeout and ReadTimeout are --cli-connect-timeout and --cli-read-timeout: nil means the
	// profile's cli_connect_timeout / cli_read_timeout (seconds), else 60 s; 0 means none.
	ConnectTimeout, ReadTimeout *time.Duration
	// Backoff replaces the retryer's backoff between attempts (tests make it instant).
	Backoff func(attempt int, err error) (time.Duration, error)
	// Now is the clock deciding whether cached tokens and credentials have expired; nil: time.Now.
	Now func() time.Time
	// Logger receives the SDK's warnings; nil discards them (nothing may be printed over the TUI).
	Logger logging.Logger
}

// withDefaults fills the file paths, Getenv and Logger.
func (o Options) withDefaults() Options {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = logging.Nop{}
	}
	home := o.Getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	if o.ConfigFile == "" {
		o.ConfigFile = o.Getenv("AWS_CONFIG_FILE")
	}
	if o.ConfigFile == "" && home != "" {
		o.ConfigFile = filepath.Join(home, ".aws", "config")
	}
	if o.CredentialsFile == "" {
		o.CredentialsFile = o.Getenv("AWS_SHARED_CREDENTIALS_FILE")
	}
	if o.CredentialsFile == "" && home != "" {
		o.CredentialsFile = filepath.Join(home, ".aws", "credentials")
	}
	return o
}
