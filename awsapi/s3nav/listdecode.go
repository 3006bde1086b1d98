package s3nav

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/middleware"
	smithytime "github.com/aws/smithy-go/time"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The SDK decodes a ListObjectsV2 page of 1,000 keys in 10–18 ms of CPU (smithy-go's node decoder
// over encoding/xml, a token and several allocations per element), which is what bounds a
// parallel walk on a small machine, not the network. listDecoder takes the place of the
// operation's deserializer in the SDK's own middleware stack — signing, retries, endpoints, the
// 200-with-<Error> check and error decoding stay the SDK's — and reads a successful page with
// decodeListV2, a direct scan of the XML S3 sends. A document it does not fully understand
// (CDATA, comments, namespace prefixes, attributes, unknown entities, a raw CR, a character
// XML forbids, a value that does not parse) goes to the SDK's deserializer instead, replayed from
// the bytes read, so that whatever the scan returns is exactly what the SDK returns
// (TestListDecoderMatchesTheSDK, FuzzListDecoder). What the fast path leaves out is the SDK
// deserializer's tracing span and duration metric, which nimbus does not collect.

// withListDecoder installs listDecoder for one ListObjectsV2 call; buf is a buffer the caller
// reuses from page to page (not concurrently).
func withListDecoder(buf *[]byte) func(*s3.Options) { return withListDecoderLimit(buf, maxScan) }

// withListDecoderLimit is withListDecoder reading at most limit bytes of a body.
func withListDecoderLimit(buf *[]byte, limit int) func(*s3.Options) {
	return func(o *s3.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			sdk, ok := st.Deserialize.Get(operationDeserializer)
			if !ok {
				return nil // not an operation we know the shape of: leave it alone
			}
			_, err := st.Deserialize.Swap(operationDeserializer, &listDecoder{sdk: sdk, buf: buf, limit: limit})
			return err
		})
	}
}

const operationDeserializer = "OperationDeserializer"

type listDecoder struct {
	sdk   middleware.DeserializeMiddleware
	buf   *[]byte
	limit int // a body this long or longer goes to the SDK, streamed
}

func (*listDecoder) ID() string { return operationDeserializer }

func (m *listDecoder) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if err != nil || !ok || resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return m.sdk.HandleDeserialize(ctx, in, replay(out, md, err))
	}
	body := resp.Body
	data, rerr := readBody(io.LimitReader(body, int64(m.limit)), (*m.buf)[:0], resp.ContentLength)
	*m.buf = data
	if rerr == nil && len(data) == m.limit {
		rerr = errTooBig // not a page S3 writes: the SDK streams it
	}
	if rerr == nil {
		if v, ok := decodeListV2(data); ok {
			if hv := resp.Header.Values("x-amz-request-charged"); len(hv) != 0 {
				v.RequestCharged = types.RequestCharged(strings.TrimSpace(hv[0]))
			}
			out.Result = v
			smithyhttp.CloseResponseBody(ctx, resp, false, nil)
			return out, md, nil
		}
	}
	// The SDK decides, on the same bytes (and the same read error after them, or the rest).
	rest := io.Reader(errReader{rerr})
	if rerr == errTooBig {
		rest = body
	}
	resp.Body = replayBody{io.MultiReader(bytes.NewReader(data), rest), body}
	return m.sdk.HandleDeserialize(ctx, in, replay(out, md, nil))
}

// maxScan bounds the body read into memory: a page of 1,000 keys of 1,024 bytes each, escaped,
// is well under it; a body as long goes to the SDK, which streams it.
const maxScan = 16 << 20

var errTooBig = errors.New("listing page larger than the scan reads")

func replay(out middleware.DeserializeOutput, md middleware.Metadata, err error) middleware.DeserializeHandler {
	return middleware.DeserializeHandlerFunc(func(context.Context, middleware.DeserializeInput) (middleware.DeserializeOutput, middleware.Metadata, error) {
		return out, md, err
	})
}

type replayBody struct {
	io.Reader
	io.Closer
}

// errReader returns err (io.EOF when nil) on every read.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err == nil {
		return 0, io.EOF
	}
	return 0, r.err
}

// readBody reads r to its end into buf, growing it once to the announced length.
func readBody(r io.Reader, buf []byte, length int64) ([]byte, error) {
	if length > 0 && length <= maxScan && int64(cap(buf)) < length+1 {
		buf = make([]byte, 0, length+1) // +1: the read that sees EOF needs room
	}
	if cap(buf) == 0 {
		buf = make([]byte, 0, 64<<10)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

const slabSize = 256

// errUnsure stops the scan: the SDK decodes the document instead.
var errUnsure = errors.New("not a document the scan reads")

// decodeListV2 decodes a ListObjectsV2 result as the SDK's deserializer does (element names
// matched case-insensitively, unknown elements skipped, a repeated scalar's last value kept),
// or reports false for anything outside the plain XML S3 writes.
func decodeListV2(data []byte) (*s3.ListObjectsV2Output, bool) {
	d := xscan{b: data}
	v := &s3.ListObjectsV2Output{}
	if err := d.document(v); err != nil {
		return nil, false
	}
	return v, true
}

// xscan reads the XML subset S3 writes: an optional UTF-8 declaration, elements named with ASCII
// letters and without attributes (the root may declare its default namespace), text with the
// predefined and numeric entities, whitespace between elements.
type xscan struct {
	b       []byte
	i       int
	scratch []byte
	// slabs: the pointers of a page's objects point into these, an allocation per slabSize
	// values instead of one per value.
	strs  []string
	sizes []int64
	times []time.Time
}

func (d *xscan) document(v *s3.ListObjectsV2Output) error {
	if err := d.prolog(); err != nil {
		return err
	}
	root, empty, err := d.rootStart()
	if err != nil {
		return err
	}
	if empty {
		return nil
	}
	for {
		name, empty, end, err := d.next()
		if err != nil {
			return err
		}
		if end {
			if !bytes.Equal(name, root) {
				return errUnsure
			}
			return nil
		}
		switch {
		case is(name, "CommonPrefixes"):
			var cp types.CommonPrefix
			if err := d.commonPrefix(name, empty, &cp); err != nil {
				return err
			}
			if v.CommonPrefixes == nil {
				v.CommonPrefixes = make([]types.CommonPrefix, 0, 8)
			}
			v.CommonPrefixes = append(v.CommonPrefixes, cp)
		case is(name, "Contents"):
			if v.Contents == nil {
				// An object is ~250 bytes of XML: room for all at once, not a doubling per 2.
				v.Contents = make([]types.Object, 0, min(len(d.b)/200+1, 1000))
			}
			v.Contents = append(v.Contents, types.Object{})
			if err := d.object(name, empty, &v.Contents[len(v.Contents)-1]); err != nil {
				return err
			}
		case is(name, "ContinuationToken"):
			err = d.str(name, empty, &v.ContinuationToken)
		case is(name, "Delimiter"):
			err = d.str(name, empty, &v.Delimiter)
		case is(name, "EncodingType"):
			var s string
			if s, err = d.enum(name, empty); err == nil {
				v.EncodingType = types.EncodingType(s)
			}
		case is(name, "IsTruncated"):
			v.IsTruncated, err = d.boolean(name, empty)
		case is(name, "KeyCount"):
			v.KeyCount, err = d.int32(name, empty)
		case is(name, "MaxKeys"):
			v.MaxKeys, err = d.int32(name, empty)
		case is(name, "Name"):
			err = d.str(name, empty, &v.Name)
		case is(name, "NextContinuationToken"):
			err = d.str(name, empty, &v.NextContinuationToken)
		case is(name, "Prefix"):
			err = d.str(name, empty, &v.Prefix)
		case is(name, "StartAfter"):
			err = d.str(name, empty, &v.StartAfter)
		default:
			err = d.skip(name, empty)
		}
		if err != nil {
			return err
		}
	}
}

func (d *xscan) commonPrefix(parent []byte, empty bool, cp *types.CommonPrefix) error {
	if empty {
		return nil
	}
	for {
		name, empty, end, err := d.next()
		if err != nil {
			return err
		}
		if end {
			return d.closes(name, parent)
		}
		if is(name, "Prefix") {
			err = d.str(name, empty, &cp.Prefix)
		} else {
			err = d.skip(name, empty)
		}
		if err != nil {
			return err
		}
	}
}

func (d *xscan) object(parent []byte, empty bool, o *types.Object) error {
	if empty {
		return nil
	}
	for {
		name, empty, end, err := d.next()
		if err != nil {
			return err
		}
		if end {
			return d.closes(name, parent)
		}
		switch {
		case is(name, "Key"):
			err = d.str(name, empty, &o.Key)
		case is(name, "LastModified"):
			o.LastModified, err = d.time(name, empty)
		case is(name, "ETag"):
			err = d.str(name, empty, &o.ETag)
		case is(name, "Size"):
			o.Size, err = d.int64(name, empty)
		case is(name, "StorageClass"):
			var s string
			if s, err = d.enum(name, empty); err == nil {
				o.StorageClass = types.ObjectStorageClass(s)
			}
		case is(name, "ChecksumAlgorithm"):
			var s string
			if s, err = d.enum(name, empty); err == nil {
				if o.ChecksumAlgorithm == nil {
					o.ChecksumAlgorithm = make([]types.ChecksumAlgorithm, 0, 1)
				}
				o.ChecksumAlgorithm = append(o.ChecksumAlgorithm, types.ChecksumAlgorithm(s))
			}
		case is(name, "ChecksumType"):
			var s string
			if s, err = d.enum(name, empty); err == nil {
				o.ChecksumType = types.ChecksumType(s)
			}
		case is(name, "Owner"):
			if o.Owner == nil {
				o.Owner = &types.Owner{}
			}
			err = d.owner(name, empty, o.Owner)
		case is(name, "RestoreStatus"):
			if o.RestoreStatus == nil {
				o.RestoreStatus = &types.RestoreStatus{}
			}
			err = d.restoreStatus(name, empty, o.RestoreStatus)
		default:
			err = d.skip(name, empty)
		}
		if err != nil {
			return err
		}
	}
}

func (d *xscan) owner(parent []byte, empty bool, o *types.Owner) error {
	if empty {
		return nil
	}
	for {
		name, empty, end, err := d.next()
		if err != nil {
			return err
		}
		if end {
			return d.closes(name, parent)
		}
		switch {
		case is(name, "DisplayName"):
			err = d.str(name, empty, &o.DisplayName)
		case is(name, "ID"):
			err = d.str(name, empty, &o.ID)
		default:
			err = d.skip(name, empty)
		}
		if err != nil {
			return err
		}
	}
}

func (d *xscan) restoreStatus(parent []byte, empty bool, r *types.RestoreStatus) error {
	if empty {
		return nil
	}
	for {
		name, empty, end, err := d.next()
		if err != nil {
			return err
		}
		if end {
			return d.closes(name, parent)
		}
		switch {
		case is(name, "IsRestoreInProgress"):
			r.IsRestoreInProgress, err = d.boolean(name, empty)
		case is(name, "RestoreExpiryDate"):
			r.RestoreExpiryDate, err = d.time(name, empty)
		default:
			err = d.skip(name, empty)
		}
		if err != nil {
			return err
		}
	}
}

// is matches an element name as the SDK does (strings.EqualFold); names are ASCII here.
func is(name []byte, want string) bool {
	return len(name) == len(want) && strings.EqualFold(string(name), want)
}

func (d *xscan) closes(name, parent []byte) error {
	if !bytes.Equal(name, parent) {
		return errUnsure
	}
	return nil
}

// str sets *p to the element's text, allocated from the page's slab of strings.
func (d *xscan) str(name []byte, empty bool, p **string) error {
	t, err := d.text(name, empty)
	if err != nil {
		return err
	}
	if len(d.strs) == cap(d.strs) {
		d.strs = make([]string, 0, slabSize)
	}
	d.strs = append(d.strs, string(t))
	*p = &d.strs[len(d.strs)-1]
	return nil
}

// enum is the element's text, without allocating for the values S3 sends most.
func (d *xscan) enum(name []byte, empty bool) (string, error) {
	t, err := d.text(name, empty)
	if err != nil {
		return "", err
	}
	switch string(t) {
	case "STANDARD":
		return "STANDARD", nil
	case "CRC64NVME":
		return "CRC64NVME", nil
	case "CRC32":
		return "CRC32", nil
	case "FULL_OBJECT":
		return "FULL_OBJECT", nil
	case "COMPOSITE":
		return "COMPOSITE", nil
	case "url":
		return "url", nil
	}
	return string(t), nil
}

func (d *xscan) boolean(name []byte, empty bool) (*bool, error) {
	t, err := d.text(name, empty)
	if err != nil {
		return nil, err
	}
	b, err := strconv.ParseBool(string(t))
	if err != nil {
		return nil, errUnsure
	}
	return &b, nil
}

// int32 truncates as the SDK does: ParseInt to 64 bits, then a conversion.
func (d *xscan) int32(name []byte, empty bool) (*int32, error) {
	t, err := d.text(name, empty)
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseInt(string(t), 10, 64)
	if err != nil {
		return nil, errUnsure
	}
	v := int32(n)
	return &v, nil
}

func (d *xscan) int64(name []byte, empty bool) (*int64, error) {
	t, err := d.text(name, empty)
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseInt(string(t), 10, 64)
	if err != nil {
		return nil, errUnsure
	}
	if len(d.sizes) == cap(d.sizes) {
		d.sizes = make([]int64, 0, slabSize)
	}
	d.sizes = append(d.sizes, n)
	return &d.sizes[len(d.sizes)-1], nil
}

func (d *xscan) time(name []byte, empty bool) (*time.Time, error) {
	t, err := d.text(name, empty)
	if err != nil {
		return nil, err
	}
	v, ok := parseISO8601(t)
	if !ok {
		if v, err = smithytime.ParseDateTime(string(t)); err != nil {
			return nil, errUnsure
		}
	}
	if len(d.times) == cap(d.times) {
		d.times = make([]time.Time, 0, slabSize)
	}
	d.times = append(d.times, v)
	return &d.times[len(d.times)-1], nil
}

// parseISO8601 reads the two forms S3 writes, 2006-01-02T15:04:05.000Z and
// 2006-01-02T15:04:05Z, as smithytime.ParseDateTime does (TestParseISO8601MatchesTheSDK);
// anything else, including an impossible date, is left to it.
func parseISO8601(b []byte) (time.Time, bool) {
	if len(b) != 20 && len(b) != 24 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' ||
		b[16] != ':' || b[len(b)-1] != 'Z' {
		return time.Time{}, false
	}
	num := func(s []byte) int {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(b[0:4]), num(b[5:7]), num(b[8:10])
	hour, minute, sec := num(b[11:13]), num(b[14:16]), num(b[17:19])
	nsec := 0
	if len(b) == 24 {
		if b[19] != '.' {
			return time.Time{}, false
		}
		if nsec = num(b[20:23]); nsec < 0 {
			return time.Time{}, false
		}
		nsec *= 1e6
	}
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// prolog skips an XML declaration of UTF-8 version 1.0 and the whitespace before the root.
func (d *xscan) prolog() error {
	if bytes.HasPrefix(d.b, []byte("<?")) {
		end := bytes.Index(d.b, []byte("?>"))
		if end < 0 {
			return errUnsure
		}
		switch string(d.b[:end+2]) {
		case `<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version="1.0" encoding="utf-8"?>`, `<?xml version="1.0"?>`:
		default:
			return errUnsure
		}
		d.i = end + 2
	}
	d.space()
	return nil
}

// rootStart reads the root's start tag: no attribute but a default namespace.
func (d *xscan) rootStart() (name []byte, empty bool, err error) {
	if d.i >= len(d.b) || d.b[d.i] != '<' {
		return nil, false, errUnsure
	}
	d.i++
	name = d.name()
	if name == nil {
		return nil, false, errUnsure
	}
	rest := d.b[d.i:]
	const xmlns = ` xmlns="`
	if bytes.HasPrefix(rest, []byte(xmlns)) {
		v := rest[len(xmlns):]
		q := bytes.IndexByte(v, '"')
		if q < 0 {
			return nil, false, errUnsure
		}
		for _, c := range v[:q] {
			if c <= ' ' || c >= 0x7f || c == '<' || c == '&' {
				return nil, false, errUnsure
			}
		}
		d.i += len(xmlns) + q + 1
	}
	switch {
	case d.i < len(d.b) && d.b[d.i] == '>':
		d.i++
		return name, false, nil
	case d.i+1 < len(d.b) && d.b[d.i] == '/' && d.b[d.i+1] == '>':
		d.i += 2
		return name, true, nil
	}
	return nil, false, errUnsure
}

// name reads an element name of ASCII letters, or returns nil.
func (d *xscan) name() []byte {
	start := d.i
	for d.i < len(d.b) && (d.b[d.i]|0x20 >= 'a' && d.b[d.i]|0x20 <= 'z') {
		d.i++
	}
	if d.i == start {
		return nil
	}
	return d.b[start:d.i]
}

// space skips whitespace between elements.
func (d *xscan) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n':
			d.i++
		default:
			return
		}
	}
}

// next reads the next tag inside an element, after whitespace: a start tag <Name> or <Name/>, or
// an end tag </Name>.
func (d *xscan) next() (name []byte, empty, end bool, err error) {
	d.space()
	if d.i+1 >= len(d.b) || d.b[d.i] != '<' {
		return nil, false, false, errUnsure
	}
	d.i++
	if d.b[d.i] == '/' {
		end = true
		d.i++
	}
	if name = d.name(); name == nil || d.i >= len(d.b) {
		return nil, false, false, errUnsure
	}
	switch d.b[d.i] {
	case '>':
		d.i++
		return name, false, end, nil
	case '/':
		if !end && d.i+1 < len(d.b) && d.b[d.i+1] == '>' {
			d.i += 2
			return name, true, false, nil
		}
	}
	return nil, false, false, errUnsure
}

// skip reads past an element whose start tag was just read, as encoding/xml's Skip does.
func (d *xscan) skip(name []byte, empty bool) error {
	if empty {
		return nil
	}
	for {
		if d.i < len(d.b) && d.b[d.i] != '<' {
			if _, err := d.chars(); err != nil {
				return err
			}
		}
		child, empty, end, err := d.next()
		if err != nil {
			return err
		}
		if end {
			return d.closes(child, name)
		}
		if err := d.skip(child, empty); err != nil {
			return err
		}
	}
}

// text reads a simple element's value: its text, then its end tag.
func (d *xscan) text(name []byte, empty bool) ([]byte, error) {
	if empty {
		return nil, nil
	}
	t, err := d.chars()
	if err != nil {
		return nil, err
	}
	e := d.i
	if e+3+len(name) > len(d.b) || d.b[e] != '<' || d.b[e+1] != '/' ||
		!bytes.Equal(d.b[e+2:e+2+len(name)], name) || d.b[e+2+len(name)] != '>' {
		return nil, errUnsure
	}
	d.i = e + 3 + len(name)
	return t, nil
}

// plain marks the ASCII bytes text may hold as they are: all from space on but '<', '&' and '>'
// (as in "]]>"), and tab and newline.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = true
	}
	t['&'], t['>'], t['<'] = false, false, false
	t['\t'], t['\n'] = true, true
	return t
}()

// chars reads text up to the next '<' and returns it decoded as encoding/xml would (entities
// replaced), or errUnsure where encoding/xml would change it otherwise (CR) or refuse it. The
// result may alias the document or the scratch buffer: copy it before the next call.
func (d *xscan) chars() ([]byte, error) {
	start := d.i
	b := d.b
	i := start
	for i < len(b) && plain[b[i]] {
		i++
	}
	if i < len(b) && b[i] == '<' {
		d.i = i
		return b[start:i], nil
	}
	// Something to decode or check.
	out := append(d.scratch[:0], b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '<':
			d.i = i
			d.scratch = out
			return out, nil
		case plain[c]:
			out = append(out, c)
			i++
		case c == '>':
			if i-start >= 2 && b[i-1] == ']' && b[i-2] == ']' {
				return nil, errUnsure // "]]>" outside CDATA: encoding/xml refuses it
			}
			out = append(out, c)
			i++
		case c == '&':
			r, n := entity(b[i:])
			if n == 0 {
				return nil, errUnsure
			}
			out = utf8.AppendRune(out, r)
			i += n
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 || !xmlChar(r) {
				return nil, errUnsure
			}
			out = append(out, b[i:i+n]...)
			i += n
		default:
			return nil, errUnsure // CR (encoding/xml turns it into LF) or a control character
		}
	}
	return nil, errUnsure // the document ends inside text
}

// entity decodes the predefined or numeric character reference at the start of b, returning
// the rune and its length, or 0 where encoding/xml would not give a character XML allows.
func entity(b []byte) (rune, int) {
	end := bytes.IndexByte(b, ';')
	if end < 0 || end > 12 {
		return 0, 0
	}
	switch ref := string(b[1:end]); ref {
	case "quot":
		return '"', end + 1
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "apos":
		return '\'', end + 1
	}
	ref := b[1:end]
	if len(ref) < 2 || ref[0] != '#' {
		return 0, 0
	}
	digits, base := ref[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, 0
	}
	var n uint64
	for _, c := range digits {
		var v byte
		switch {
		case '0' <= c && c <= '9':
			v = c - '0'
		case base == 16 && 'a' <= c && c <= 'f':
			v = c - 'a' + 10
		case base == 16 && 'A' <= c && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, 0
		}
		n = n*uint64(base) + uint64(v)
	}
	if n > utf8.MaxRune || !xmlChar(rune(n)) || !utf8.ValidRune(rune(n)) {
		return 0, 0
	}
	return rune(n), end + 1
}

// xmlChar is encoding/xml's isInCharacterRange: the characters XML 1.0 allows.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
