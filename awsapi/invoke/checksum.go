package invoke

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"net/http"
	"strings"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// emptyHash is the SHA-256 of an empty payload.
const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func hashStream(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// addChecksums adds the flexible checksum header as botocore and the typed clients do by default
// (request_checksum_calculation = when_supported): when the operation requires one (S3
// DeleteObjects, PutBucketTagging…) or can carry one (PutObject, UploadPart…), with the
// algorithm the input names (ChecksumAlgorithm), CRC32 otherwise, naming a defaulted algorithm
// in the algorithm member's header (x-amz-sdk-checksum-algorithm). It only applies to bodies in
// memory or seekable; a stream that cannot be read twice goes without.
func (inv *Invoker) addChecksums(req *smithyhttp.Request, oi *opInfo, values map[string]any) error {
	spec, _ := oi.op.HTTPChecksum.(map[string]any)
	required := oi.op.HTTPChecksumRequired
	if r, ok := spec["requestChecksumRequired"].(bool); ok && r {
		required = true
	}
	member, _ := spec["requestAlgorithmMember"].(string)
	if member == "" && !required {
		return nil
	}
	algo, chosen := "CRC32", false
	if v, ok := values[member].(string); ok && v != "" {
		algo, chosen = strings.ToUpper(v), true
	}
	for k := range req.Header {
		if strings.HasPrefix(strings.ToLower(k), "x-amz-checksum-") {
			return nil // the caller supplied a checksum
		}
	}
	stream := req.GetStream()
	if stream != nil && !req.IsStreamSeekable() {
		return nil
	}
	h, err := checksumHash(algo)
	if err != nil {
		return err
	}
	if stream != nil {
		if _, err := io.Copy(h, stream); err != nil {
			return fmt.Errorf("computing the %s checksum: %w", algo, err)
		}
		if err := req.RewindStream(); err != nil {
			return err
		}
	}
	if !chosen && member != "" && oi.input != nil {
		if mi := oi.input.byName[member]; mi != nil && mi.ref.Location == "header" && mi.ref.LocationName != "" {
			req.Header.Set(mi.ref.LocationName, algo)
		}
	}
	req.Header.Set("X-Amz-Checksum-"+strings.ToLower(algo), base64.StdEncoding.EncodeToString(h.Sum(nil)))
	return nil
}

// checksumHash returns a hash for a flexible checksum algorithm. CRC32 and CRC32C sums are the
// big-endian bytes of the value, which hash/crc32's Sum already is.
func checksumHash(algo string) (hash.Hash, error) {
	switch strings.ToUpper(algo) {
	case "CRC32":
		return crc32.NewIEEE(), nil
	case "CRC32C":
		return crc32.New(crc32.MakeTable(crc32.Castagnoli)), nil
	case "SHA1":
		return sha1.New(), nil
	case "SHA256":
		return sha256.New(), nil
	case "SHA512":
		return sha512.New(), nil
	}
	return nil, fmt.Errorf("checksum algorithm %s is not supported by the generic client (use CRC32, CRC32C, SHA1 or SHA256)", algo)
}

// responseChecksumOrder is botocore's priority among the response checksums it can compute.
var responseChecksumOrder = []string{"CRC32C", "CRC32", "SHA1", "SHA256", "SHA512"}

// askResponseChecksum sets the operation's validation mode member (S3 GetObject's ChecksumMode)
// to ENABLED unless the caller set it, as botocore does by default (response_checksum_validation
// = when_supported): the server then sends the object's checksum, which validatedBody checks.
func askResponseChecksum(oi *opInfo, values map[string]any) {
	spec, _ := oi.op.HTTPChecksum.(map[string]any)
	member, _ := spec["requestValidationModeMember"].(string)
	if member == "" || oi.input == nil || oi.input.byName[member] == nil {
		return
	}
	if v, ok := values[member]; !ok || v == nil || v == "" {
		values[member] = "ENABLED"
	}
}

// validatedBody wraps a streaming output body so that reading it to the end fails when it does
// not match the checksum the server sent, as botocore's StreamingChecksumBody does: the first of
// responseChecksumOrder the operation may answer with and the response carries. A checksum of
// checksums ("…-3", multipart objects) cannot be checked and is skipped, as botocore skips it.
func validatedBody(oi *opInfo, header http.Header, body io.ReadCloser) io.ReadCloser {
	spec, _ := oi.op.HTTPChecksum.(map[string]any)
	if member, _ := spec["requestValidationModeMember"].(string); member == "" || body == nil {
		return body
	}
	algos, _ := spec["responseAlgorithms"].([]any)
	offered := map[string]bool{}
	for _, a := range algos {
		if s, ok := a.(string); ok {
			offered[strings.ToUpper(s)] = true
		}
	}
	for _, algo := range responseChecksumOrder {
		want := header.Get("X-Amz-Checksum-" + algo)
		if !offered[algo] || want == "" || strings.Contains(want, "-") {
			continue
		}
		h, err := checksumHash(algo)
		if err != nil {
			continue
		}
		return &checkedBody{ReadCloser: body, h: h, algo: algo, want: want}
	}
	return body
}

// ChecksumError is a body whose content does not match the checksum the server sent for it.
type ChecksumError struct {
	Algorithm, Expected, Calculated string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("Expected checksum %s did not match calculated checksum: %s", e.Expected, e.Calculated)
}

// checkedBody hashes what is read and checks the sum at EOF.
type checkedBody struct {
	io.ReadCloser
	h          hash.Hash
	algo, want string
	err        error
}

func (b *checkedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.ReadCloser.Read(p)
	b.h.Write(p[:n])
	if err == io.EOF {
		if got := base64.StdEncoding.EncodeToString(b.h.Sum(nil)); got != b.want {
			b.err = &ChecksumError{Algorithm: b.algo, Expected: b.want, Calculated: got}
			return n, b.err
		}
	}
	return n, err
}
