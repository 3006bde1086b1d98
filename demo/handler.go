package demo

import (
	"encoding/base64"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/johannesboyne/gofakes3"
)

// Handler serves the S3 API from backend: gofakes3, plus the two things it lacks that nimbus
// shows — object tags (GET/PUT/DELETE ?tagging; gofakes3 would overwrite the object's body) and
// url-encoded listings (ListObjectsV2 with encoding-type=url, which keys holding control
// characters need: XML 1.0 cannot carry ESC, and gofakes3 would turn it into U+FFFD).
// Everything else goes to gofakes3 unchanged. Tests of other packages can use it with httptest.
func Handler(backend gofakes3.Backend) *S3Handler {
	return &S3Handler{
		backend: backend,
		fake:    gofakes3.New(backend).Server(),
		tags:    map[objectRef][]Tag{},
	}
}

// S3Handler is the http.Handler Handler returns.
type S3Handler struct {
	backend gofakes3.Backend
	fake    http.Handler

	mu   sync.Mutex
	tags map[objectRef][]Tag
}

// Tag is one object tag.
type Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type objectRef struct{ bucket, key string }

// SetTags replaces the tags of an object (seeding writes them without going over HTTP).
func (h *S3Handler) SetTags(bucket, key string, tags []Tag) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(tags) == 0 {
		delete(h.tags, objectRef{bucket, key})
		return
	}
	h.tags[objectRef{bucket, key}] = append([]Tag(nil), tags...)
}

func (h *S3Handler) getTags(bucket, key string) []Tag {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Tag(nil), h.tags[objectRef{bucket, key}]...)
}

// ServeHTTP routes tagging and url-encoded listings here, the rest to gofakes3.
func (h *S3Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	q := r.URL.Query()
	_, tagging := q["tagging"]
	switch {
	case tagging && bucket != "" && key != "":
		h.serveTagging(w, r, bucket, key)
	case r.Method == http.MethodGet && bucket != "" && key == "" &&
		q.Get("list-type") == "2" && q.Get("encoding-type") == "url" && !tagging:
		if !h.serveEncodedList(w, bucket, q) {
			h.fake.ServeHTTP(w, r) // let gofakes3 produce the error response
		}
	default:
		h.fake.ServeHTTP(w, r)
	}
}

type tagging struct {
	XMLName xml.Name `xml:"Tagging"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	TagSet  []Tag    `xml:"TagSet>Tag"`
}

func (h *S3Handler) serveTagging(w http.ResponseWriter, r *http.Request, bucket, key string) {
	obj, err := h.backend.HeadObject(bucket, key)
	if err != nil {
		writeError(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		return
	}
	obj.Contents.Close()
	switch r.Method {
	case http.MethodGet:
		writeXML(w, tagging{Xmlns: s3Xmlns, TagSet: h.getTags(bucket, key)})
	case http.MethodPut:
		var t tagging
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil || xml.Unmarshal(body, &t) != nil {
			writeError(w, http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed.")
			return
		}
		h.SetTags(bucket, key, t.TagSet)
	case http.MethodDelete:
		h.SetTags(bucket, key, nil)
		w.WriteHeader(http.StatusNoContent)
	default:
		writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed.")
	}
}

const s3Xmlns = "http://s3.amazonaws.com/doc/2006-03-01/"

type listObject struct {
	Key          string `xml:"Key"`
	LastModified string `xml:"LastModified"`
	ETag         string `xml:"ETag"`
	Size         int64  `xml:"Size"`
	StorageClass string `xml:"StorageClass"`
}

type listPrefix struct {
	Prefix string `xml:"Prefix"`
}

type listResult struct {
	XMLName               xml.Name     `xml:"ListBucketResult"`
	Xmlns                 string       `xml:"xmlns,attr"`
	Name                  string       `xml:"Name"`
	Prefix                string       `xml:"Prefix"`
	Delimiter             string       `xml:"Delimiter,omitempty"`
	MaxKeys               int64        `xml:"MaxKeys"`
	KeyCount              int64        `xml:"KeyCount"`
	IsTruncated           bool         `xml:"IsTruncated"`
	EncodingType          string       `xml:"EncodingType"`
	ContinuationToken     string       `xml:"ContinuationToken,omitempty"`
	NextContinuationToken string       `xml:"NextContinuationToken,omitempty"`
	StartAfter            string       `xml:"StartAfter,omitempty"`
	Contents              []listObject `xml:"Contents"`
	CommonPrefixes        []listPrefix `xml:"CommonPrefixes"`
}

// serveEncodedList answers ListObjectsV2 with encoding-type=url straight from the backend, with
// the same paging as gofakes3 (its continuation token is the base64 of the last key). It returns
// false, having written nothing, when gofakes3 should answer instead (bad input, no bucket).
func (h *S3Handler) serveEncodedList(w http.ResponseWriter, bucket string, q url.Values) bool {
	prefix := gofakes3.Prefix{Prefix: q.Get("prefix"), Delimiter: q.Get("delimiter")}
	prefix.HasPrefix = prefix.Prefix != ""
	prefix.HasDelimiter = prefix.Delimiter != ""

	page := gofakes3.ListBucketPage{MaxKeys: 1000}
	if s := q.Get("max-keys"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return false
		}
		page.MaxKeys = min(n, 1000)
	}
	if tok, ok := q["continuation-token"]; ok {
		marker, err := base64.URLEncoding.DecodeString(tok[0])
		if err != nil {
			return false
		}
		page.Marker, page.HasMarker = string(marker), true
	} else if sa := q.Get("start-after"); sa != "" {
		page.Marker, page.HasMarker = sa, true
	}
	if page.MaxKeys == 0 {
		return false
	}
	objects, err := h.backend.ListBucket(bucket, &prefix, page)
	if err != nil {
		return false
	}

	res := listResult{
		Xmlns:             s3Xmlns,
		Name:              bucket,
		Prefix:            url.QueryEscape(prefix.Prefix),
		Delimiter:         url.QueryEscape(prefix.Delimiter),
		MaxKeys:           page.MaxKeys,
		KeyCount:          int64(len(objects.CommonPrefixes) + len(objects.Contents)),
		IsTruncated:       objects.IsTruncated,
		EncodingType:      "url",
		ContinuationToken: q.Get("continuation-token"),
		StartAfter:        url.QueryEscape(q.Get("start-after")),
	}
	if objects.IsTruncated && objects.NextMarker != "" {
		res.NextContinuationToken = base64.URLEncoding.EncodeToString([]byte(objects.NextMarker))
	}
	for _, c := range objects.Contents {
		res.Contents = append(res.Contents, listObject{
			Key:          url.QueryEscape(c.Key),
			LastModified: c.LastModified.UTC().Format("2006-01-02T15:04:05.000Z"),
			ETag:         c.ETag,
			Size:         c.Size,
			StorageClass: "STANDARD",
		})
	}
	for _, p := range objects.CommonPrefixes {
		res.CommonPrefixes = append(res.CommonPrefixes, listPrefix{Prefix: url.QueryEscape(p.Prefix)})
	}
	writeXML(w, res)
	return true
}

func writeXML(w http.ResponseWriter, v any) {
	out, err := xml.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "InternalError", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	io.WriteString(w, xml.Header)
	w.Write(out)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	type errorBody struct {
		XMLName xml.Name `xml:"Error"`
		Code    string   `xml:"Code"`
		Message string   `xml:"Message"`
	}
	out, _ := xml.Marshal(errorBody{Code: code, Message: msg})
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	io.WriteString(w, xml.Header)
	w.Write(out)
}

// sortedTags is a helper for seeding: tags in a stable order.
func sortedTags(m map[string]string) []Tag {
	out := make([]Tag, 0, len(m))
	for k, v := range m {
		out = append(out, Tag{Key: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
