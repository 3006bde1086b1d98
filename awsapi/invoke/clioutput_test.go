package invoke

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
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
