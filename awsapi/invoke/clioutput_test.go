package invoke

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/document"
)

// The values are what Python's urllib.parse.unquote_plus returns, which botocore decodes S3
// list keys with.
func TestUnquotePlusIsPythons(t *testing.T) {
	cases := map[string]string{
		"plain":            "plain",
		"a+b":              "a b",
		"x%01y":            "x\x01y",
		"%2B%20%25":        "+ %",
		"%zz%4":            "%zz%4", // malformed escapes stay
		"%":                "%",
		"caf%C3%A9":        "café",
		"%E2%82":           "\uFFFD",       // a truncated sequence is one U+FFFD
		"%FF%FE":           "\uFFFD\uFFFD", // each invalid byte is one
		"%C3%A9+%E2%82%AC": "é €",
		"ü%20":             "ü ",
	}
	for in, want := range cases {
		if got := unquotePlus(in); got != want {
			t.Errorf("unquotePlus(%q) = %q, want %q", in, got, want)
		}
	}
}

// s3ListAnswer is a ListObjectsV2 answer with URL-encoded keys, as S3 sends it for
// encoding-type=url.
const s3ListAnswer = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>d%2B</Prefix>
<StartAfter>a%01</StartAfter><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>%2F</Delimiter>
<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>
<Contents><Key>d%2Bx%01y+z</Key><Size>1</Size></Contents>
<CommonPrefixes><Prefix>d%2Bsub%2F</Prefix></CommonPrefixes></ListBucketResult>`

func TestS3ListsAskForURLEncodingAndDecodeKeys(t *testing.T) {
	for _, codecOnly := range []bool{false, true} {
		rec := &recorder{body: s3ListAnswer}
		inv := New(goldenConfig(rec), loadModel(t, "s3"), Options{})
		inv.codecOnlyXML = codecOnly
		out, err := inv.Call(context.Background(), "ListObjectsV2", map[string]any{"Bucket": "b", "Prefix": "d+"})
		if err != nil {
			t.Fatal(err)
		}
		q, _ := url.ParseQuery(rec.last(t).Query)
		if q.Get("encoding-type") != "url" {
			t.Errorf("query %q: want encoding-type=url, as botocore sends", rec.last(t).Query)
		}
		if q.Get("prefix") != "d+" {
			t.Errorf("prefix sent as %q", q.Get("prefix"))
		}
		want := map[string]any{"Prefix": "d+", "StartAfter": "a\x01", "Delimiter": "/", "EncodingType": "url"}
		for k, v := range want {
			if out[k] != v {
				t.Errorf("codecOnly=%v: %s = %q, want %q", codecOnly, k, out[k], v)
			}
		}
		if key := out["Contents"].([]any)[0].(map[string]any)["Key"]; key != "d+x\x01y z" {
			t.Errorf("Key = %q, want %q", key, "d+x\x01y z")
		}
		if p := out["CommonPrefixes"].([]any)[0].(map[string]any)["Prefix"]; p != "d+sub/" {
			t.Errorf("CommonPrefixes[0].Prefix = %q", p)
		}
	}
}

// A caller who chose the encoding gets the keys as S3 sent them, as from botocore.
func TestS3ListEncodingChosenByCallerIsLeftAlone(t *testing.T) {
	rec := &recorder{body: s3ListAnswer}
	inv := New(goldenConfig(rec), loadModel(t, "s3"), Options{})
	out, err := inv.Call(context.Background(), "ListObjectsV2", map[string]any{"Bucket": "b", "EncodingType": "url"})
	if err != nil {
		t.Fatal(err)
	}
	if key := out["Contents"].([]any)[0].(map[string]any)["Key"]; key != "d%2Bx%01y+z" {
		t.Errorf("Key = %q, want it as sent", key)
	}
}

func TestS3ListMultipartUploadsDecodesAndDropsEncodingType(t *testing.T) {
	rec := &recorder{body: `<ListMultipartUploadsResult><Bucket>b</Bucket><KeyMarker></KeyMarker>
<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>
<Upload><Key>a%01b</Key><UploadId>u1</UploadId></Upload></ListMultipartUploadsResult>`}
	inv := New(goldenConfig(rec), loadModel(t, "s3"), Options{})
	out, err := inv.Call(context.Background(), "ListMultipartUploads", map[string]any{"Bucket": "b"})
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := url.ParseQuery(rec.last(t).Query); q.Get("encoding-type") != "url" {
		t.Errorf("query %q: want encoding-type=url", rec.last(t).Query)
	}
	if key := out["Uploads"].([]any)[0].(map[string]any)["Key"]; key != "a\x01b" {
		t.Errorf("Key = %q", key)
	}
	if _, ok := out["EncodingType"]; ok {
		t.Error("EncodingType is printed; the AWS CLI, which does not ask for it here, never shows it")
	}
}

// botocore's REST parsers always set header-prefix maps, and GetBucketLocation's root text even
// when empty: the AWS CLI prints "Metadata": {} and "LocationConstraint": null.
func TestEmptyHeaderMapsAndNullLocationAreKept(t *testing.T) {
	rec := &recorder{header: http.Header{"Content-Length": {"3"}}}
	inv := New(goldenConfig(rec), loadModel(t, "s3"), Options{})
	out, err := inv.Call(context.Background(), "HeadObject", map[string]any{"Bucket": "b", "Key": "k"})
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := out["Metadata"].(map[string]any); !ok || len(m) != 0 {
		t.Errorf("Metadata = %#v, want an empty map", out["Metadata"])
	}
	rec.body = `<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`
	out, err = inv.Call(context.Background(), "GetBucketLocation", map[string]any{"Bucket": "b"})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := out["LocationConstraint"]; !ok || v != nil {
		t.Errorf("LocationConstraint = %#v (present %v), want an explicit nil", v, ok)
	}
}

// JSON epoch timestamps keep their microseconds (the codec rounds to milliseconds) and are in
// the local zone, as Python's datetime.fromtimestamp(x, tzlocal()) which botocore uses.
func TestJSONTimestampsKeepMicrosecondsInLocalZone(t *testing.T) {
	rec := &recorder{body: `{"KeyMetadata": {"KeyId": "k", "CreationDate": 1796379726.103851, "DeletionDate": 1796379726.0000005}}`}
	inv := New(goldenConfig(rec), loadModel(t, "kms"), Options{})
	out, err := inv.Call(context.Background(), "DescribeKey", map[string]any{"KeyId": "k"})
	if err != nil {
		t.Fatal(err)
	}
	md := out["KeyMetadata"].(map[string]any)
	created := md["CreationDate"].(time.Time)
	if want := time.Unix(1796379726, 103851000); !created.Equal(want) {
		t.Errorf("CreationDate = %v, want %v", created, want)
	}
	if created.Location() != time.Local {
		t.Errorf("CreationDate in %v, want the local zone", created.Location())
	}
	// 0.0000005 s is half a microsecond: Python rounds half to even, to .000000 here (the float
	// is a hair under 0.5 µs) — what matters is that we round as it does, not truncate.
	if got := md["DeletionDate"].(time.Time); got.Nanosecond()%1000 != 0 {
		t.Errorf("DeletionDate %v has sub-microsecond digits", got)
	}
}

func TestWireTimestampsAreKeptAsSent(t *testing.T) {
	rec := &recorder{body: `{"KeyMetadata": {"KeyId": "k", "CreationDate": 1796379726.103851, "ValidTo": 1796379726}}`}
	inv := New(goldenConfig(rec), loadModel(t, "kms"), Options{WireTimestamps: true})
	out, err := inv.Call(context.Background(), "DescribeKey", map[string]any{"KeyId": "k"})
	if err != nil {
		t.Fatal(err)
	}
	md := out["KeyMetadata"].(map[string]any)
	if md["CreationDate"] != 1796379726.103851 || md["ValidTo"] != int64(1796379726) {
		t.Errorf("CreationDate = %#v, ValidTo = %#v: want the numbers sent", md["CreationDate"], md["ValidTo"])
	}

	rec = &recorder{
		header: http.Header{"Last-Modified": {"Fri, 04 Dec 2026 10:19:36 GMT"}},
		body: `<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name>` +
			`<CreationDate>2026-12-04T10:19:33.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`,
	}
	inv = New(goldenConfig(rec), loadModel(t, "s3"), Options{WireTimestamps: true})
	out, err = inv.Call(context.Background(), "ListBuckets", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := out["Buckets"].([]any)[0].(map[string]any)["CreationDate"]; got != "2026-12-04T10:19:33.000Z" {
		t.Errorf("CreationDate = %#v, want the text sent", got)
	}
	rec.body = ""
	out, err = inv.Call(context.Background(), "HeadObject", map[string]any{"Bucket": "b", "Key": "k"})
	if err != nil {
		t.Fatal(err)
	}
	if got := out["LastModified"]; !strings.HasSuffix(got.(string), "GMT") {
		t.Errorf("LastModified = %#v, want the header's text", got)
	}
}

func TestEpochTimeRoundsAsPython(t *testing.T) {
	// Values checked with datetime.datetime.fromtimestamp(x, datetime.timezone.utc).
	cases := map[float64]int64{ // seconds -> microseconds after the whole second
		1796379726.103851:  103851,
		1796379726.123:     123000,
		1796379726.9999996: 0, // rounds up into the next second
		-1.5:               500000,
	}
	for sec, us := range cases {
		got := epochTime(sec)
		if int64(got.Nanosecond()/1000) != us {
			t.Errorf("epochTime(%v) = %v, want %d µs", sec, got, us)
		}
	}
	if got := epochTime(1796379726.9999996).Unix(); got != 1796379727 {
		t.Errorf("epochTime(1796379726.9999996) is in second %d", got)
	}
}

// The headers botocore 1.43 sends to an http endpoint (captured from its before-send event), with
// its defaults request_checksum_calculation and response_checksum_validation = when_supported.
func TestChecksumsAsBotocore(t *testing.T) {
	cases := []struct {
		op    string
		input map[string]any
		want  map[string]string
	}{
		{"PutBucketTagging", map[string]any{"Bucket": "b", "Tagging": map[string]any{"TagSet": []any{}}},
			map[string]string{"X-Amz-Checksum-Crc32": "crc32 of the body", "X-Amz-Sdk-Checksum-Algorithm": "CRC32"}},
		{"PutObject", map[string]any{"Bucket": "b", "Key": "k", "Body": []byte("hello")},
			map[string]string{"X-Amz-Checksum-Crc32": "NhCmhg==", "X-Amz-Sdk-Checksum-Algorithm": "CRC32"}},
		{"PutObject", map[string]any{"Bucket": "b", "Key": "k", "Body": []byte("hello"), "ChecksumAlgorithm": "SHA256"},
			map[string]string{"X-Amz-Checksum-Sha256": "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", "X-Amz-Sdk-Checksum-Algorithm": "SHA256"}},
		{"GetObject", map[string]any{"Bucket": "b", "Key": "k"}, map[string]string{"X-Amz-Checksum-Mode": "ENABLED"}},
		{"GetObject", map[string]any{"Bucket": "b", "Key": "k", "ChecksumMode": "ENABLED"}, map[string]string{"X-Amz-Checksum-Mode": "ENABLED"}},
	}
	for _, tc := range cases {
		rec := &recorder{}
		cfg := goldenConfig(rec)
		cfg.BaseEndpoint = aws.String("http://127.0.0.1:9")
		res, err := New(cfg, loadModel(t, "s3"), Options{}).Invoke(context.Background(), tc.op, tc.input)
		if err != nil {
			t.Fatalf("%s: %v", tc.op, err)
		}
		if res.Body != nil {
			res.Body.Close()
		}
		got := rec.last(t).Header
		for k, v := range tc.want {
			if v == "crc32 of the body" {
				v = base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(rec.last(t).Body)))
			}
			if got.Get(k) != v {
				t.Errorf("%s %v: header %s = %q, want %q", tc.op, tc.input, k, got.Get(k), v)
			}
		}
	}
}

// A body that does not match the checksum the server sent fails at its end, with botocore's
// message; one that matches, or a checksum of checksums, reads through.
func TestGetObjectChecksumIsValidated(t *testing.T) {
	cases := []struct {
		header http.Header
		fail   bool
	}{
		{http.Header{"X-Amz-Checksum-Crc32": {"NhCmhg=="}}, false},
		{http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA=="}}, true},
		{http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA==-2"}}, false},
		{http.Header{"X-Amz-Checksum-Sha256": {"LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="},
			"X-Amz-Checksum-Crc32": {"AAAAAA=="}}, true}, // CRC32 comes first, as in botocore
		{http.Header{}, false},
	}
	for _, tc := range cases {
		rec := &recorder{body: "hello", header: tc.header}
		_, err := New(goldenConfig(rec), loadModel(t, "s3"), Options{}).Call(context.Background(), "GetObject",
			map[string]any{"Bucket": "b", "Key": "k"})
		var ce *ChecksumError
		if tc.fail != errors.As(err, &ce) {
			t.Errorf("%v: err = %v, want a checksum error: %v", tc.header, err, tc.fail)
		}
		if ce != nil && !strings.Contains(err.Error(), "Expected checksum AAAAAA== did not match calculated checksum: NhCmhg==") {
			t.Errorf("message %q", err)
		}
	}
}

// Maps (JSON and XML) and decoded JSON documents keep the server's member order when the caller
// asks for it, as botocore's dicts do.
func TestMapOrderIsRecorded(t *testing.T) {
	o := document.NewOrder()
	ctx := document.WithOrder(context.Background(), o)
	rec := &recorder{body: `{"Item": {"zeta": {"S": "z"}, "alpha": {"N": "1"}, "mid": {"M": {"y": {"S": "1"}, "b": {"BOOL": true}}}}}`}
	out, err := New(goldenConfig(rec), loadModel(t, "dynamodb"), Options{}).Call(ctx, "GetItem",
		map[string]any{"TableName": "t", "Key": map[string]any{"pk": map[string]any{"S": "k"}}})
	if err != nil {
		t.Fatal(err)
	}
	item := out["Item"].(map[string]any)
	if got := o.Keys(item); !slices.Equal(got, []string{"zeta", "alpha", "mid"}) {
		t.Errorf("Item keys %v", got)
	}
	if got := o.Keys(item["mid"].(map[string]any)["M"].(map[string]any)); !slices.Equal(got, []string{"y", "b"}) {
		t.Errorf("nested map keys %v", got)
	}

	rec = &recorder{body: `<GetTopicAttributesResponse><GetTopicAttributesResult><Attributes>
<entry><key>Zed</key><value>1</value></entry><entry><key>Alpha</key><value>2</value></entry>
</Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>`}
	out, err = New(goldenConfig(rec), loadModel(t, "sns"), Options{}).Call(ctx, "GetTopicAttributes", map[string]any{"TopicArn": "arn"})
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Keys(out["Attributes"].(map[string]any)); !slices.Equal(got, []string{"Zed", "Alpha"}) {
		t.Errorf("XML map keys %v", got)
	}

	policy := url.PathEscape(`{"Version": "2012-10-17", "Statement": [{"Resource": "*", "Effect": "Allow"}]}`)
	rec = &recorder{body: `<GetRolePolicyResponse><GetRolePolicyResult><RoleName>r</RoleName><PolicyName>p</PolicyName>
<PolicyDocument>` + policy + `</PolicyDocument></GetRolePolicyResult></GetRolePolicyResponse>`}
	out, err = New(goldenConfig(rec), loadModel(t, "iam"), Options{}).Call(ctx, "GetRolePolicy", map[string]any{"RoleName": "r", "PolicyName": "p"})
	if err != nil {
		t.Fatal(err)
	}
	stmt := out["PolicyDocument"].(map[string]any)["Statement"].([]any)[0].(map[string]any)
	if got := o.Keys(stmt); !slices.Equal(got, []string{"Resource", "Effect"}) {
		t.Errorf("policy statement keys %v", got)
	}
}
