package sessionmgr

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/nimbus-tui/nimbus/internal/pyjson"
)

// cliCacheWindow is how long before expiry cached role credentials stop being used (botocore's
// CachedCredentialFetcher: 15 minutes).
const cliCacheWindow = 15 * time.Minute

// roleCacheFile is one assume-role hop's entry in the AWS CLI's credential cache,
// ~/.aws/cli/cache/<key>.json ("" path: not cacheable).
type roleCacheFile struct{ path string }

// roleCache finds the cache entry of the hop of profile's chain that in assumes. The key is the
// CLI's: the SHA-1 of the hop's configured AssumeRole arguments as Python's json.dumps(...,
// sort_keys=True) writes them (botocore BaseAssumeRoleCredentialFetcher._create_cache_key).
func (m *Manager) roleCache(profile string, in *sts.AssumeRoleInput) roleCacheFile {
	for _, h := range m.chain(profile) {
		k := h.keys
		if k["role_arn"] != aws.ToString(in.RoleArn) || k["mfa_serial"] != aws.ToString(in.SerialNumber) {
			continue
		}
		return m.roleCacheOf(k)
	}
	return roleCacheFile{}
}

// roleCacheOf is the cache entry of a hop with these settings (role_arn set).
func (m *Manager) roleCacheOf(k map[string]string) roleCacheFile {
	args := map[string]any{"RoleArn": k["role_arn"]}
	if v := k["role_session_name"]; v != "" {
		args["RoleSessionName"] = v
	}
	if v := k["external_id"]; v != "" {
		args["ExternalId"] = v
	}
	if v := k["mfa_serial"]; v != "" {
		args["SerialNumber"] = v
	}
	if v := k["duration_seconds"]; v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return roleCacheFile{} // the CLI refuses it too
		}
		args["DurationSeconds"] = n
	}
	sum := sha1.Sum([]byte(pythonJSON(args)))
	return roleCacheFile{path: filepath.Join(m.home(), ".aws", "cli", "cache", hex.EncodeToString(sum[:])+".json")}
}

// pythonJSON is json.dumps(args, sort_keys=True) for a flat object of strings and ints: ", " and
// ": " separators, non-ASCII escaped, "/" and HTML characters not.
func pythonJSON(args map[string]any) string {
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pyjson.String(k))
		b.WriteString(": ")
		switch v := args[k].(type) {
		case int:
			b.WriteString(strconv.Itoa(v))
		case string:
			b.WriteString(pyjson.String(v))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// cliCacheEntry is the part of a cached AssumeRole response nimbus reads and writes.
type cliCacheEntry struct {
	Credentials struct {
		AccessKeyId, SecretAccessKey, SessionToken string
		Expiration                                 string
	}
	AssumedRoleUser *struct{ AssumedRoleId, Arn string } `json:",omitempty"`
}

// load returns the cached response when it is valid for more than the CLI's window at now.
func (c roleCacheFile) load(now time.Time) (*sts.AssumeRoleOutput, bool) {
	if c.path == "" {
		return nil, false
	}
	b, err := os.ReadFile(c.path)
	if err != nil {
		return nil, false
	}
	var e cliCacheEntry
	if json.Unmarshal(b, &e) != nil || e.Credentials.AccessKeyId == "" || e.Credentials.SecretAccessKey == "" {
		return nil, false
	}
	exp, err := parseSSOTime(e.Credentials.Expiration)
	if err != nil || !now.Add(cliCacheWindow).Before(exp) {
		return nil, false
	}
	out := &sts.AssumeRoleOutput{Credentials: &types.Credentials{
		AccessKeyId: aws.String(e.Credentials.AccessKeyId), SecretAccessKey: aws.String(e.Credentials.SecretAccessKey),
		SessionToken: aws.String(e.Credentials.SessionToken), Expiration: aws.Time(exp),
	}}
	if u := e.AssumedRoleUser; u != nil {
		out.AssumedRoleUser = &types.AssumedRoleUser{AssumedRoleId: aws.String(u.AssumedRoleId), Arn: aws.String(u.Arn)}
	}
	return out, true
}

// store writes out where the CLI will find it.
func (c roleCacheFile) store(out *sts.AssumeRoleOutput) {
	if c.path == "" || out == nil || out.Credentials == nil {
		return
	}
	var e cliCacheEntry
	e.Credentials.AccessKeyId = aws.ToString(out.Credentials.AccessKeyId)
	e.Credentials.SecretAccessKey = aws.ToString(out.Credentials.SecretAccessKey)
	e.Credentials.SessionToken = aws.ToString(out.Credentials.SessionToken)
	e.Credentials.Expiration = aws.ToTime(out.Credentials.Expiration).UTC().Format(time.RFC3339)
	if u := out.AssumedRoleUser; u != nil {
		e.AssumedRoleUser = &struct{ AssumedRoleId, Arn string }{aws.ToString(u.AssumedRoleId), aws.ToString(u.Arn)}
	}
	if b, err := json.Marshal(e); err == nil {
		_ = writeFileAtomic(c.path, b)
	}
}
