package invoke

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/internal/awsname"
)

// dropEmptyXMLPayload works around smithy-go's restXml codec, which sends "{}" (a JSON empty
// object) when a structure payload member is absent, e.g. S3 CreateBucket without
// CreateBucketConfiguration; the typed clients send no body.
func (inv *Invoker) dropEmptyXMLPayload(req *smithyhttp.Request, oi *opInfo, values map[string]any) error {
	if inv.protocol != protoRestXML || oi.input == nil || oi.input.shape.Payload == "" {
		return nil
	}
	if _, set := values[oi.input.shape.Payload]; set {
		return nil
	}
	if mi := oi.input.byName[oi.input.shape.Payload]; mi == nil || mi.target.shape.Type != "structure" {
		return nil
	}
	b, ok := req.GetStream().(*bytes.Reader)
	if !ok || b.Len() != 2 {
		return nil
	}
	peek := make([]byte, 2)
	if _, err := b.ReadAt(peek, 0); err != nil || string(peek) != "{}" {
		return nil
	}
	empty, err := req.SetStream(nil)
	if err != nil {
		return err
	}
	*req = *empty
	req.ContentLength = 0
	req.Header.Del("Content-Type")
	return nil
}

// applyEndpoint moves the serialized request onto the resolved endpoint: scheme, host (with the
// operation's host prefix, or the S3 bucket when virtual-hosted) and base path.
func (inv *Invoker) applyEndpoint(req *smithyhttp.Request, oi *opInfo, values map[string]any, ep endpoint) error {
	host := ep.url.Host
	path := req.URL.Path
	rawPath := req.URL.RawPath

	if inv.isS3() {
		if bucket, ok := values["Bucket"].(string); ok && inv.virtualHostable(bucket, ep) {
			host = bucket + "." + host
			path = trimBucket(path, bucket)
			if rawPath != "" {
				rawPath = trimBucket(rawPath, bucket)
			}
		}
	}
	if oi.op.Endpoint != nil && oi.op.Endpoint.HostPrefix != "" && !isIPHost(host) {
		prefix, err := expandHostPrefix(oi.op.Endpoint.HostPrefix, values)
		if err != nil {
			return err
		}
		host = prefix + host
	}

	req.URL.Scheme = ep.url.Scheme
	req.URL.Host = host
	req.Host = ""
	if base := strings.TrimSuffix(ep.url.Path, "/"); base != "" {
		path = base + path
		if rawPath != "" {
			rawPath = strings.TrimSuffix(ep.url.EscapedPath(), "/") + rawPath
		}
	}
	req.URL.Path, req.URL.RawPath = path, rawPath
	if ep.url.RawQuery != "" {
		req.URL.RawQuery = appendQuery(ep.url.RawQuery, req.URL.RawQuery)
	}
	return nil
}

// s3OperationIDs are the S3 operations whose Smithy URI carries "?x-id=<Operation>" (botocore's
// copy drops it); the typed client sends it, and so do we.
var s3OperationIDs = map[string]bool{
	"AbortMultipartUpload": true, "CopyObject": true, "DeleteObject": true, "GetBucketAnalyticsConfiguration": true,
	"GetBucketIntelligentTieringConfiguration": true, "GetBucketInventoryConfiguration": true,
	"GetBucketMetricsConfiguration": true, "GetObject": true, "ListBucketAnalyticsConfigurations": true,
	"ListBucketIntelligentTieringConfigurations": true, "ListBucketInventoryConfigurations": true,
	"ListBucketMetricsConfigurations": true, "ListBuckets": true, "ListDirectoryBuckets": true, "ListParts": true,
	"PutObject": true, "UploadPart": true, "UploadPartCopy": true,
}

func appendQuery(raw, kv string) string {
	if raw == "" {
		return kv
	}
	return raw + "&" + kv
}

func trimBucket(path, bucket string) string {
	rest := strings.TrimPrefix(path, "/"+bucket)
	if rest == path {
		return path
	}
	if rest == "" {
		return "/"
	}
	return rest
}

// virtualHostable applies the S3 rules for putting a bucket in the host name.
func (inv *Invoker) virtualHostable(bucket string, ep endpoint) bool {
	if inv.opts.S3PathStyle || isIPHost(ep.url.Host) {
		return false
	}
	if len(bucket) < 3 || len(bucket) > 63 || strings.Contains(bucket, "..") {
		return false
	}
	if strings.Contains(bucket, ".") && ep.url.Scheme == "https" {
		return false // the certificate would not match
	}
	for i, c := range bucket {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || (c == '-' || c == '.') && i > 0 && i < len(bucket)-1
		if !ok {
			return false
		}
	}
	return true
}

// expandHostPrefix fills the {Member} labels of an operation's host prefix from the input.
func expandHostPrefix(prefix string, values map[string]any) (string, error) {
	var b strings.Builder
	for {
		open := strings.IndexByte(prefix, '{')
		if open < 0 {
			b.WriteString(prefix)
			return b.String(), nil
		}
		end := strings.IndexByte(prefix[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("malformed host prefix %q", prefix)
		}
		name := prefix[open+1 : open+end]
		v, _ := values[name].(string)
		if !validHostLabel(v) {
			return "", fmt.Errorf("host prefix label Input.%s: %q cannot be part of a host name (letters, digits and hyphens only)", name, v)
		}
		b.WriteString(prefix[:open])
		b.WriteString(v)
		prefix = prefix[open+end+1:]
	}
}

func validHostLabel(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// endpointFor is the service's endpoint, or for an S3 bucket known to live in another region,
// that region's.
func (inv *Invoker) endpointFor(values map[string]any) (endpoint, error) {
	inv.endpointOnce.Do(func() {
		inv.endpoint, inv.endpointErr = resolveEndpoint(inv.cfg, inv.svc.Metadata, inv.opts.EndpointURL)
	})
	if inv.endpointErr != nil || !inv.isS3() || inv.endpoint.custom {
		return inv.endpoint, inv.endpointErr
	}
	region, ok := inv.bucketRegions.Load(values["Bucket"])
	if !ok {
		return inv.endpoint, nil
	}
	if ep, ok := inv.regionEndpoints.Load(region); ok {
		return ep.(endpoint), nil
	}
	cfg := inv.cfg
	cfg.Region = region.(string)
	ep, err := resolveEndpoint(cfg, inv.svc.Metadata, "")
	if err != nil {
		return endpoint{}, err
	}
	inv.regionEndpoints.Store(region, ep)
	return ep, nil
}

// redirectRegion returns the region to retry an S3 call in when S3 answered that the bucket lives
// elsewhere (301 PermanentRedirect, 400 AuthorizationHeaderMalformed, 307 while DNS settles)
// and the call can be rebuilt (its payload is not a one-shot stream).
func (inv *Invoker) redirectRegion(err error, ep endpoint, input map[string]any) string {
	var apiErr *APIError
	if err == nil || !inv.isS3() || ep.custom || !errors.As(err, &apiErr) || apiErr.bucketRegion == "" ||
		apiErr.bucketRegion == ep.signingRegion || awsname.Region(apiErr.bucketRegion) != nil {
		return ""
	}
	if s := apiErr.StatusCode; s != 301 && s != 307 && s != 400 {
		return ""
	}
	if _, ok := input["Bucket"].(string); !ok {
		return ""
	}
	for _, v := range input {
		if _, stream := v.(io.Reader); stream {
			return ""
		}
	}
	return apiErr.bucketRegion
}
