package textsafetest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Server is a fake AWS endpoint that puts one hostile string everywhere it can: in the code and
// message of the error it answers by default (JSON for the JSON protocols, XML otherwise), and,
// when Data is set, in the names, metadata and bodies of a few S3 and JSON-protocol answers.
// Through XML only the characters XML allows arrive (a real server can send no more); JSON and
// object bodies carry every byte.
type Server struct {
	URL string

	mu   sync.Mutex
	s    string
	data bool
}

// NewServer starts the server; it stops when the test ends.
func NewServer(t testing.TB) *Server {
	s := &Server{}
	hs := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s
}

// Set makes the server send hostile; data chooses answers with data rather than errors.
func (s *Server) Set(hostile string, data bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.s, s.data = hostile, data
}

func (s *Server) get() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.s, s.data
}

func isJSON(r *http.Request) bool {
	return r.Header.Get("X-Amz-Target") != "" || strings.Contains(r.Header.Get("Content-Type"), "json")
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	h, data := s.get()
	w.Header().Set("x-amzn-RequestId", "hostile")
	if data {
		if isJSON(r) {
			if body, ok := jsonData(r.Header.Get("X-Amz-Target"), h); ok {
				w.Header().Set("Content-Type", "application/x-amz-json-1.0")
				w.Write(body)
				return
			}
		} else if s3Data(w, r, h) {
			return
		}
	}
	if isJSON(r) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.WriteHeader(http.StatusBadRequest)
		code, _ := json.Marshal("com.amazonaws#Hostile" + h)
		msg, _ := json.Marshal(h)
		fmt.Fprintf(w, `{"__type":%s,"message":%s}`, code, msg)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, "<ErrorResponse><Error><Code>Hostile%s</Code><Message>%s</Message></Error><RequestId>hostile</RequestId></ErrorResponse>",
		xmlText(h), xmlText(h))
}

// xmlText escapes s for XML; characters XML cannot hold become U+FFFD, as a server's encoder does.
func xmlText(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// HasData reports whether the server answers some calls of service with data.
func HasData(service string) bool {
	switch service {
	case "dynamodb", "logs", "secretsmanager", "s3":
		return true
	}
	return false
}

func jsonData(target, h string) ([]byte, bool) {
	var doc any
	switch target {
	case "DynamoDB_20120810.ListTables":
		doc = map[string]any{"TableNames": []string{h, "plain-table"}}
	case "DynamoDB_20120810.DescribeTable":
		doc = map[string]any{"Table": map[string]any{"TableName": h, "TableStatus": h, "ItemCount": 1}}
	case "Logs_20140328.DescribeLogGroups":
		doc = map[string]any{"logGroups": []any{map[string]any{"logGroupName": h, "arn": h, "storedBytes": 1}}}
	case "secretsmanager.ListSecrets":
		doc = map[string]any{"SecretList": []any{map[string]any{"Name": h, "ARN": h, "Description": h,
			"Tags": []any{map[string]any{"Key": h, "Value": h}}}}}
	default:
		return nil, false
	}
	b, _ := json.Marshal(doc)
	return b, true
}

// s3Data answers the S3 calls the browser makes: one bucket, a listing with a prefix and an
// object named after the hostile string, its metadata and its body.
func s3Data(w http.ResponseWriter, r *http.Request, h string) bool {
	path := strings.TrimPrefix(r.URL.Path, "/")
	bucket, key, _ := strings.Cut(path, "/")
	x := xmlText(h)
	switch {
	case bucket == "" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>hostile</Name><CreationDate>2024-01-01T00:00:00Z</CreationDate></Bucket><Bucket><Name>b%s</Name><CreationDate>2024-01-01T00:00:00Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`, x)
	case key == "" && r.URL.Query().Has("list-type"):
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<ListBucketResult><Name>%s</Name><Prefix></Prefix><KeyCount>4</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>`+
			`<Contents><Key>obj.txt</Key><LastModified>2024-01-01T00:00:00Z</LastModified><ETag>"%s"</ETag><Size>10</Size><StorageClass>%s</StorageClass></Contents>`+
			`<Contents><Key>err.txt</Key><LastModified>2024-01-01T00:00:00Z</LastModified><ETag>"e"</ETag><Size>10</Size><StorageClass>STANDARD</StorageClass></Contents>`+
			`<Contents><Key>k%s</Key><LastModified>2024-01-01T00:00:00Z</LastModified><ETag>"e"</ETag><Size>10</Size><StorageClass>STANDARD</StorageClass></Contents>`+
			`<CommonPrefixes><Prefix>p%s/</Prefix></CommonPrefixes></ListBucketResult>`, bucket, x, x, x, x)
	case strings.HasSuffix(key, "/err.txt") || key == "err.txt":
		return false // its HEAD and GET answer the error
	case key != "" && (r.Method == http.MethodHead || r.Method == http.MethodGet):
		hv := headerValue(h)
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("ETag", `"`+hv+`"`)
		w.Header().Set("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
		w.Header().Set("x-amz-meta-owner", hv)
		w.Header().Set("x-amz-meta-"+strings.ToLower(headerName(h)), hv)
		w.Header().Set("x-amz-storage-class", "STANDARD")
		w.Header().Set("x-amz-website-redirect-location", hv)
		body := "first line\n" + h + "\nlast line " + h + "\n"
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		if r.Method == http.MethodGet {
			w.Write([]byte(body))
		}
	default:
		return false
	}
	return true
}

// headerValue keeps what an HTTP/1.1 header value can carry (a client refuses the rest).
func headerValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// headerName keeps the token characters of s, for a metadata key.
func headerName(s string) string {
	n := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, s)
	return "k" + n
}
