// Package sessionmgr knows the user's AWS profiles and regions and hands out one cached aws.Config per
// (profile, region), with nimbus's policies applied. The Manager is a cache and a loader; the current
// profile and region belong to the app. New, Reload, Config and Identity read files or the network:
// call them from a command, never from Update.
//
// Profiles come from the shared config and credentials files (Options, else AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials), read by nimbus itself
// because no SDK API lists them. Environment keys (AWS_ACCESS_KEY_ID…) are a profile of their own,
// EnvProfile.
//
// A malformed file does not stop the others: a broken section marks only its profile (Profile.Err)
// and the SDK is given a copy of the file without it. This matters because the SDK never fails on a
// malformed file: it skips lines it cannot read, so after an unclosed "[profile prod" header prod's
// keys silently become part of the profile above (measured with aws-sdk-go-v2 config v1.33). Profiles
// that depend on a broken one (source_profile, sso_session, services) are marked too.
//
// Precedence, as in the AWS CLI:
//   - profile: --profile, environment keys, AWS_PROFILE, "default" (Manager.Initial);
//   - region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1 (RegionFor);
//   - endpoint: --endpoint-url for every service; without it the SDK's order, AWS_ENDPOINT_URL_<SERVICE>,
//     AWS_ENDPOINT_URL, the profile's services section, the profile's endpoint_url.
//
// Every aws.Config from a Manager:
//   - shares one credentials cache per profile across regions (an MFA code is asked for once);
//   - tags credential failures with the profile (CredentialsError), so Explain can say what to do;
//   - retries in standard mode, 3 attempts, backoff up to 5 s, no client-side retry quota;
//   - sends nothing to the terminal (the SDK's logger is replaced);
//   - with Options.ReadOnly, refuses mutating operations in the first middleware, before a request
//     is built (awsapi/readonly decides which operations mutate).
package sessionmgr
