package s3nav

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/middleware"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// canned answers every request with one response.
type canned struct {
	status int
	header http.Header
	body   []byte
	cut    error // when set, the body's reads fail with it after the body
}

func (c canned) RoundTrip(r *http.Request) (*http.Response, error) {
	h := c.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	var body io.Reader = bytes.NewReader(c.body)
	if c.cut != nil {
		body = io.MultiReader(body, errReader{c.cut})
	}
	return &http.Response{StatusCode: c.status, Header: h, Body: io.NopCloser(body),
		ContentLength: int64(len(c.body)), Request: r}, nil
}

func cannedClient(c canned) *s3.Client {
	return s3.New(s3.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("demo", "demo", ""),
		BaseEndpoint: aws.String("http://127.0.0.1:1"),
		UsePathStyle: true,
		HTTPClient:   &http.Client{Transport: c},
		Retryer:      aws.NopRetryer{},
	})
}

// decodeBoth reads one response with the SDK's deserializer and with listDecoder, each inside a
// whole ListObjectsV2 call of the SDK.
func decodeBoth(c canned) (sdk, fast *s3.ListObjectsV2Output, sdkErr, fastErr error) {
	api := cannedClient(c)
	in := &s3.ListObjectsV2Input{Bucket: aws.String("b")}
	sdk, sdkErr = api.ListObjectsV2(context.Background(), in)
	var buf []byte
	fast, fastErr = api.ListObjectsV2(context.Background(), in, withListDecoder(&buf))
	for _, o := range []*s3.ListObjectsV2Output{sdk, fast} {
		if o != nil {
			o.ResultMetadata = middleware.Metadata{} // the request's metadata, not the document's
		}
	}
	return sdk, fast, sdkErr, fastErr
}

// sameAsSDK fails t when listDecoder's result for c differs from the SDK's in any field or error.
func sameAsSDK(t testing.TB, c canned) {
	t.Helper()
	sdk, fast, sdkErr, fastErr := decodeBoth(c)
	if (sdkErr == nil) != (fastErr == nil) || sdkErr != nil && sdkErr.Error() != fastErr.Error() {
		t.Fatalf("errors differ for %q:\n sdk  %v\n fast %v", c.body, sdkErr, fastErr)
	}
	if sdkErr == nil && !reflect.DeepEqual(sdk, fast) {
		t.Fatalf("results differ for %q:\n sdk  %s\n fast %s", c.body, dump(sdk), dump(fast))
	}
}

func dump(v *s3.ListObjectsV2Output) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%+v\n", *v)
	for _, o := range v.Contents {
		fmt.Fprintf(&b, "  key=%q etag=%q size=%v time=%v class=%q sums=%q type=%q owner=%+v restore=%+v\n",
			aws.ToString(o.Key), aws.ToString(o.ETag), aws.ToInt64(o.Size), o.LastModified, o.StorageClass,
			o.ChecksumAlgorithm, o.ChecksumType, o.Owner, o.RestoreStatus)
	}
	for _, p := range v.CommonPrefixes {
		fmt.Fprintf(&b, "  prefix=%q\n", aws.ToString(p.Prefix))
	}
	return b.String()
}

// recorder keeps the bodies of the ListObjectsV2 responses that pass through it.
type recorder struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.Method != http.MethodGet || req.URL.Query().Get("list-type") != "2" {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.bodies = append(r.bodies, body)
	r.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// awkwardKeys are keys whose XML needs escapes: entities, characters beyond ASCII, whitespace,
// and (under url encoding only) control characters.
var awkwardKeys = []string{
	"plain/a.txt", "amp&ersand", "<angle>", `quote"d`, "apos'trophe", "tab\tkey", "new\nline",
	"carriage\rreturn", "crlf\r\nkey", "é/été", "日本/語", "emoji😀", "%41percent", "plus+sign",
	"space key", "]]>cdata-end", "dir/", "dir/sub/deep", "trailing ",
}

// listShapes lists bucket in every shape the browser, ls and the walk ask for, through nav and
// through the SDK's paginator without url encoding.
func listShapes(t *testing.T, nav *Client, api *s3.Client, bucket string) {
	t.Helper()
	ctx := context.Background()
	for _, prefix := range []string{"", "dir/", "é/"} {
		for _, recursive := range []bool{false, true} {
			for _, size := range []int32{0, 3} {
				l := nav.NewLister(bucket, prefix, recursive, size)
				for {
					p, err := l.Next(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if !p.More {
						break
					}
				}
			}
		}
	}
	for _, delim := range []*string{nil, aws.String("/")} {
		p := s3.NewListObjectsV2Paginator(api, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Delimiter: delim,
			MaxKeys: aws.Int32(4), StartAfter: aws.String("a"), FetchOwner: aws.Bool(true)})
		for p.HasMorePages() {
			if _, err := p.NextPage(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// realBodies are ListObjectsV2 responses of gofakes3 (plain and behind the demo's url-encoding
// handler) and of moto, over awkwardKeys.
func realBodies(t *testing.T) map[string][][]byte {
	t.Helper()
	out := map[string][][]byte{}
	for _, extended := range []bool{false, true} {
		backend := s3mem.New()
		if err := backend.CreateBucket("b"); err != nil {
			t.Fatal(err)
		}
		for _, k := range append(awkwardKeys, "ctrl\x01char") {
			if !extended && k == "ctrl\x01char" {
				continue // gofakes3 alone would write it raw: XML cannot carry it
			}
			if _, err := backend.PutObject("b", k, map[string]string{}, bytes.NewReader([]byte(k)), int64(len(k)), nil); err != nil {
				t.Fatal(err)
			}
		}
		var h http.Handler = gofakes3.New(backend).Server()
		name := "gofakes3"
		if extended {
			h, name = demo.Handler(backend), "demo"
		}
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.Start()
		rec := &recorder{}
		cfg := demo.Config(srv.URL)
		cfg.HTTPClient = &http.Client{Transport: rec}
		listShapes(t, New(cfg), s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }), "b")
		srv.Close()
		out[name] = rec.bodies
	}

	moto := motoserver.StartShared(t)
	rec := &recorder{}
	cfg := moto.AWSConfig("us-east-1")
	cfg.HTTPClient = &http.Client{Transport: rec}
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("listdecode")}); err != nil {
		t.Fatal(err)
	}
	for _, k := range awkwardKeys {
		if strings.ContainsAny(k, "\r\n") {
			continue // moto's router answers 404 for a path holding a line break
		}
		if _, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("listdecode"), Key: aws.String(k),
			Body: strings.NewReader(k), ChecksumAlgorithm: types.ChecksumAlgorithmCrc32}); err != nil {
			t.Fatalf("%q: %v", k, err)
		}
	}
	listShapes(t, New(cfg), api, "listdecode")
	out["moto"] = rec.bodies
	return out
}

// Every response gofakes3 and moto give for keys that need escaping decodes to exactly what the
// SDK decodes, and through the scan, not the SDK's fallback.
func TestListDecoderMatchesTheSDK(t *testing.T) {
	for server, bodies := range realBodies(t) {
		if len(bodies) < 20 {
			t.Fatalf("%s: only %d listings recorded", server, len(bodies))
		}
		scanned := 0
		for _, body := range bodies {
			sameAsSDK(t, canned{status: 200, body: body})
			if _, ok := decodeListV2(body); ok {
				scanned++
			} else {
				t.Logf("%s: left to the SDK: %q", server, body)
			}
		}
		// A CR written raw (gofakes3 without url encoding) goes to the SDK: encoding/xml reads
		// it as LF.
		if scanned < len(bodies)*3/4 {
			t.Errorf("%s: the scan read %d of %d responses", server, scanned, len(bodies))
		}
		t.Logf("%s: %d responses, %d scanned", server, len(bodies), scanned)
	}
}

// listDoc writes a ListObjectsV2 result as S3 does.
func listDoc(keys []string, escape func(string) string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix>`)
	fmt.Fprintf(&b, `<KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>`, len(keys))
	b.WriteString(`<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>`)
	for i, k := range keys {
		fmt.Fprintf(&b, `<Contents><Key>%s</Key><LastModified>2024-0%d-1%dT0%d:2%d:3%d.%03dZ</LastModified>`+
			`<ETag>&quot;%032x&quot;</ETag><ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>`+
			`<ChecksumType>FULL_OBJECT</ChecksumType><Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>`,
			escape(k), 1+i%9, i%10, i%10, i%10, i%10, i%1000, i, i*1000)
	}
	b.WriteString(`<CommonPrefixes><Prefix>p&amp;q/</Prefix></CommonPrefixes><EncodingType>url</EncodingType></ListBucketResult>`)
	return b.Bytes()
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// numericEscape writes every byte outside [A-Za-z0-9/] as a decimal or hex character reference.
func numericEscape(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/'):
			b.WriteRune(r)
		case i%2 == 0:
			fmt.Fprintf(&b, "&#x%X;", r)
		default:
			fmt.Fprintf(&b, "&#%d;", r)
		}
	}
	return b.String()
}

// Documents built like S3's, the escapes written several ways, and the odd corners of XML that
// the scan hands to the SDK: all decode as the SDK decodes them.
func TestListDecoderOnWrittenDocuments(t *testing.T) {
	keys := append([]string{"", "x", "&#x0D;", "a&amp;b"}, awkwardKeys...)
	for _, esc := range []func(string) string{xmlEscape, numericEscape} {
		body := listDoc(keys, esc)
		sameAsSDK(t, canned{status: 200, body: body})
		_, ok := decodeListV2(body)
		if wantOK := !strings.Contains(string(body), "\r"); ok != wantOK {
			t.Errorf("scanned %v: %q", ok, body)
		}
	}
	for _, doc := range edgeDocuments {
		sameAsSDK(t, canned{status: 200, body: []byte(doc)})
	}
	// Errors: the SDK's own error decoding, whatever the status.
	for _, c := range []canned{
		{status: 403, body: []byte(`<Error><Code>AccessDenied</Code><Message>no</Message><RequestId>r1</RequestId></Error>`)},
		{status: 404, body: []byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>gone</Message><BucketName>b</BucketName></Error>`)},
		{status: 200, body: []byte(`<Error><Code>InternalError</Code><Message>later</Message></Error>`)},
		{status: 500, body: nil},
		{status: 200, body: nil},
		{status: 200, body: []byte("   ")},
		{status: 200, header: http.Header{"X-Amz-Request-Charged": {" requester "}}, body: listDoc([]string{"k"}, xmlEscape)},
		// A connection cut mid-body: the SDK's error (and its retry decision), not a short page.
		{status: 200, body: listDoc([]string{"k"}, xmlEscape)[:200], cut: io.ErrUnexpectedEOF},
		// After the whole document the SDK has stopped reading: the page, as it decodes it.
		{status: 200, body: listDoc([]string{"k"}, xmlEscape), cut: errors.New("connection reset")},
		{status: 200, body: listDoc([]string{"k"}, xmlEscape)[:200]}, // ends early, no error
	} {
		sameAsSDK(t, c)
		if c.cut == io.ErrUnexpectedEOF {
			if _, _, _, err := decodeBoth(c); !errors.Is(err, c.cut) {
				t.Errorf("cut with %v: %v", c.cut, err)
			}
		}
	}
}

// A body longer than the scan reads goes to the SDK, whole: the part read and the rest.
func TestListDecoderLeavesLongBodiesToTheSDK(t *testing.T) {
	body := listDoc(awkwardKeys, xmlEscape)
	api := cannedClient(canned{status: 200, body: body})
	in := &s3.ListObjectsV2Input{Bucket: aws.String("b")}
	want, err := api.ListObjectsV2(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{100, len(body) - 1, len(body)} {
		var buf []byte
		got, err := api.ListObjectsV2(context.Background(), in, withListDecoderLimit(&buf, limit))
		if err != nil {
			t.Fatalf("limit %d: %v", limit, err)
		}
		got.ResultMetadata, want.ResultMetadata = middleware.Metadata{}, middleware.Metadata{}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("limit %d:\n got %s\nwant %s", limit, dump(got), dump(want))
		}
	}
}

// edgeDocuments are the corners: each either scans to the SDK's result or goes to the SDK.
var edgeDocuments = []string{
	`<ListBucketResult/>`,
	`<ListBucketResult></ListBucketResult>`,
	`<ListBucketResult><Contents/><CommonPrefixes/><Contents></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key/><ETag></ETag><Size>-1</Size></Contents></ListBucketResult>`,
	`<listbucketresult><contents><KEY>k</KEY><size>7</size><lastmodified>2024-02-29T23:59:59Z</lastmodified></contents></listbucketresult>`,
	`<ListBucketResult><Contents><Key>a</Key><Key>b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Unknown><Deep>x</Deep>text<Deeper/></Unknown><Key>k</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><KeyCount>4294967297</KeyCount><MaxKeys>-2147483649</MaxKeys></ListBucketResult>`,
	`<ListBucketResult><KeyCount>x</KeyCount></ListBucketResult>`,
	`<ListBucketResult><KeyCount> 1</KeyCount></ListBucketResult>`,
	`<ListBucketResult><IsTruncated>TRUE</IsTruncated></ListBucketResult>`,
	`<ListBucketResult><IsTruncated>1</IsTruncated></ListBucketResult>`,
	`<ListBucketResult><IsTruncated>yes</IsTruncated></ListBucketResult>`,
	`<ListBucketResult><IsTruncated/></ListBucketResult>`,
	`<ListBucketResult><Contents><LastModified>2023-02-29T00:00:00Z</LastModified></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><LastModified>2024-01-01T00:00:00.123456789Z</LastModified></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><LastModified>2024-01-01T00:00:00+02:00</LastModified></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><LastModified>2024-01-01T00:00:60Z</LastModified></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key><![CDATA[a<b]]></Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a<![CDATA[b]]></Key></Contents></ListBucketResult>`,
	`<ListBucketResult><!-- c --><Contents><Key>k</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&#xD800;b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&#0;b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&#x1B;b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&#X41;b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&#;b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&#x;b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&nbsp;b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&amp b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&#x110000;b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a&#65;&#x42;&#x00043;</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>&lt;&gt;&amp;&apos;&quot;&#xd;&#13;&#x0D;</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a]]>b</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>a]>b]]&gt;</Key></Contents></ListBucketResult>`,
	"<ListBucketResult><Contents><Key>a\x7fb</Key></Contents></ListBucketResult>",
	"<ListBucketResult><Contents><Key>a\xffb</Key></Contents></ListBucketResult>",
	"<ListBucketResult><Contents><Key>a\xef\xbf\xbeb</Key></Contents></ListBucketResult>",
	"<ListBucketResult><Contents><Key>a\rb</Key></Contents></ListBucketResult>",
	"<ListBucketResult>\r\n<Contents><Key>k</Key></Contents></ListBucketResult>",
	"<ListBucketResult>\n\t <Contents>\n  <Key>k</Key>\n</Contents>\n</ListBucketResult>",
	`<ListBucketResult><Contents><Key>k</Key></Contents><Contents><Key>k</Key></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>k</Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Key>k</Key></Contents>`,
	`<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>trailing <junk`,
	`<ListBucketResult><Contents><Key>k</Key></Contents></Other>`,
	`<ListBucketResult><Contents ><Key >k</Key ></Contents ></ListBucketResult>`,
	`<ListBucketResult><Contents><Key a="1">k</Key></Contents></ListBucketResult>`,
	`<s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Contents><s3:Key>k</s3:Key></s3:Contents></s3:ListBucketResult>`,
	`<ListBucketResult xmlns="urn:x"><Contents xmlns="urn:y"><Key>k</Key></Contents></ListBucketResult>`,
	`<ListBucketResult xmlns="a&amp;b"><Name>n</Name></ListBucketResult>`,
	`<?xml version="1.1"?><ListBucketResult><Name>n</Name></ListBucketResult>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><ListBucketResult><Name>n` + "\xe9" + `</Name></ListBucketResult>`,
	`<?xml version="1.0" encoding="UTF-8"?><?pi x?><ListBucketResult><Name>n</Name></ListBucketResult>`,
	"\ufeff<ListBucketResult><Name>n</Name></ListBucketResult>",
	`<Error><Code>x</Code></Error>`,
	`text before<ListBucketResult/>`,
	`<ListBucketResult>text<Name>n</Name>more text &amp; &bad;</ListBucketResult>`,
	`<ListBucketResult><Contents><Owner><ID>i</ID><DisplayName>d</DisplayName><ID>j</ID></Owner><Owner><DisplayName>e</DisplayName></Owner></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress><RestoreExpiryDate>2025-01-01T00:00:00.000Z</RestoreExpiryDate></RestoreStatus></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><ChecksumAlgorithm>SHA256</ChecksumAlgorithm><ChecksumAlgorithm/></Contents></ListBucketResult>`,
	`<ListBucketResult><CommonPrefixes><Prefix>a/</Prefix><Prefix>b/</Prefix><Other/></CommonPrefixes></ListBucketResult>`,
	`<ListBucketResult><Contents><Size><Inner/></Size></Contents></ListBucketResult>`,
	`<ListBucketResult><Contents><Size>1<Inner/></Size></Contents></ListBucketResult>`,
	`<ListBucketResult><Name>日本&#x65E5;</Name><Prefix>  spaced  </Prefix><StartAfter>s</StartAfter><ContinuationToken>c</ContinuationToken><Delimiter>/</Delimiter></ListBucketResult>`,
}

func FuzzListDecoder(f *testing.F) {
	for _, doc := range edgeDocuments {
		f.Add([]byte(doc))
	}
	f.Add(listDoc(awkwardKeys, xmlEscape))
	f.Add(listDoc(awkwardKeys, numericEscape))
	f.Fuzz(func(t *testing.T, body []byte) {
		sameAsSDK(t, canned{status: 200, body: body})
	})
}

// FuzzListDecoderKeys builds S3-like documents around fuzzed keys, escaped two ways, so the
// fuzzer works inside the text the scan must decode rather than on the document's frame.
func FuzzListDecoderKeys(f *testing.F) {
	for _, k := range awkwardKeys {
		f.Add(k, "etag", "2024-01-01T00:00:00.000Z", "12")
	}
	f.Add("a&amp;&#x0D;&#13;b", "&quot;x&quot;", "2024-02-29T23:59:59Z", "-0")
	f.Fuzz(func(t *testing.T, key, etag, modified, size string) {
		for _, raw := range []bool{false, true} {
			esc := xmlEscape
			if raw { // the fuzzed strings as written, entities and all
				esc = func(s string) string { return s }
			}
			doc := `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Contents><Key>` +
				esc(key) + `</Key><LastModified>` + esc(modified) + `</LastModified><ETag>` + esc(etag) +
				`</ETag><Size>` + esc(size) + `</Size></Contents><Contents><Key>` + numericEscape(key) +
				`</Key></Contents></ListBucketResult>`
			sameAsSDK(t, canned{status: 200, body: []byte(doc)})
		}
	})
}

func TestParseISO8601MatchesTheSDK(t *testing.T) {
	for _, s := range []string{
		"2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2100-02-29T00:00:00Z",
		"2000-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z",
		"2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z",
		"2024-01-01T00:00:00.00Z", "2024-01-01T00:00:00,000Z", "2024-01-01 00:00:00Z", "2024-1-01T00:00:00Z",
		"+024-01-01T00:00:00Z", "2024-01-01T00:00:00.0-0Z", "2024-01-01T00:00:00z", "2024-01-01T00:00:00.000",
	} {
		checkISO8601(t, s)
	}
}

func checkISO8601(t *testing.T, s string) {
	t.Helper()
	want, err := smithytime.ParseDateTime(s)
	got, ok := parseISO8601([]byte(s))
	if !ok {
		return // left to smithytime.ParseDateTime itself
	}
	if err != nil {
		t.Fatalf("%q: parsed %v, the SDK refuses it: %v", s, got, err)
	}
	if got != want || !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: %v, the SDK %v", s, got, want)
	}
}

func FuzzParseISO8601(f *testing.F) {
	f.Add("2024-01-01T00:00:00.000Z")
	f.Add("2024-02-29T23:59:59Z")
	f.Fuzz(func(t *testing.T, s string) { checkISO8601(t, s) })
}

// The scan reads every S3-like page, so a page costs a fraction of the SDK's decoding.
func TestListDecoderScansS3Pages(t *testing.T) {
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("logs/2024/%06d & more.json", i)
	}
	v, ok := decodeListV2(listDoc(keys, xmlEscape))
	if !ok || len(v.Contents) != 1000 || aws.ToString(v.Contents[999].Key) != keys[999] {
		t.Fatalf("ok %v, %d objects", ok, len(v.Contents))
	}
	if got := v.Contents[1].LastModified.Format(time.RFC3339Nano); got != "2024-02-11T01:21:31.001Z" {
		t.Errorf("time %s", got)
	}
}

// BenchmarkListPage decodes one page of 1,000 keys as S3 writes it, inside a whole ListObjectsV2
// call (canned transport, no network): the client's CPU per page, SDK against listDecoder.
func BenchmarkListPage(b *testing.B) {
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("p%02d/%06d", i%20, i)
	}
	api := cannedClient(canned{status: 200, body: listDoc(keys, xmlEscape)})
	in := &s3.ListObjectsV2Input{Bucket: aws.String("b")}
	// cpu-ns/op: the process's CPU (GC included) per page, which a loaded machine leaves alone.
	run := func(b *testing.B, page func() error) {
		b.ReportAllocs()
		start := CPUTime()
		for b.Loop() {
			if err := page(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric((CPUTime()-start)*1e9/float64(b.N), "cpu-ns/op")
	}
	b.Run("sdk", func(b *testing.B) {
		run(b, func() error { _, err := api.ListObjectsV2(context.Background(), in); return err })
	})
	b.Run("listDecoder", func(b *testing.B) {
		var buf []byte
		run(b, func() error { _, err := api.ListObjectsV2(context.Background(), in, withListDecoder(&buf)); return err })
	})
	b.Run("decodeListV2", func(b *testing.B) {
		body := listDoc(keys, xmlEscape)
		run(b, func() error {
			if _, ok := decodeListV2(body); !ok {
				return errUnsure
			}
			return nil
		})
	})
}
