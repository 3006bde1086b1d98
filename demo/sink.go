package demo

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Sink answers the uploads to bucket (path style) itself and drops the bytes; every other request
// goes to next: a bucket for measuring a client's memory on uploads bigger than this machine's.
func Sink(bucket string, next http.Handler) http.Handler {
	prefix := "/" + bucket
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != prefix && !strings.HasPrefix(r.URL.Path, prefix+"/") {
			next.ServeHTTP(w, r)
			return
		}
		io.Copy(io.Discard, r.Body)
		q := r.URL.Query()
		key := strings.TrimPrefix(r.URL.Path, prefix+"/")
		switch {
		case r.Method == http.MethodPost && q.Has("uploads"):
			fmt.Fprintf(w, `<InitiateMultipartUploadResult><Bucket>%s</Bucket><Key>%s</Key><UploadId>sink</UploadId></InitiateMultipartUploadResult>`, bucket, key)
		case r.Method == http.MethodPost && q.Has("uploadId"):
			fmt.Fprintf(w, `<CompleteMultipartUploadResult><Bucket>%s</Bucket><Key>%s</Key><ETag>"sink-1"</ETag></CompleteMultipartUploadResult>`, bucket, key)
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case r.Method == http.MethodPut:
			w.Header().Set("ETag", `"d41d8cd98f00b204e9800998ecf8427e"`)
		}
	})
}
