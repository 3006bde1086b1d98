package invoke

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
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

// addChecksums adds the flexible checksum header as the typed clients do: when the operation
// requires one (S3 DeleteObjects, PutBucketTagging…: CRC32) or the input names an algorithm
// (ChecksumAlgorithm). It only applies to bodies already in memory.
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
	algo := "CRC32"
	if v, ok := values[member].(string); ok && v != "" {
		algo = strings.ToUpper(v)
	} else if !required {
		return nil
	}
	for k := range req.Header {
		if strings.HasPrefix(strings.ToLower(k), "x-amz-checksum-") {
			return nil // the caller supplied a checksum
		}
	}
	stream := req.GetStream()
	if stream == nil && !required {
		return nil
	}
	if stream != nil && !req.IsStreamSeekable() {
		return nil
	}
	var h hash.Hash
	switch algo {
	case "CRC32":
		h = crc32.NewIEEE()
	case "CRC32C":
		h = crc32.New(crc32.MakeTable(crc32.Castagnoli))
	case "SHA1":
		h = sha1.New()
	case "SHA256":
		h = sha256.New()
	default:
		return fmt.Errorf("checksum algorithm %s is not supported by the generic client (use CRC32, CRC32C, SHA1 or SHA256)", algo)
	}
	if stream != nil {
		if _, err := io.Copy(h, stream); err != nil {
			return fmt.Errorf("computing the %s checksum: %w", algo, err)
		}
		if err := req.RewindStream(); err != nil {
			return err
		}
	}
	sum := h.Sum(nil)
	if len(sum) == 4 {
		sum = binary.BigEndian.AppendUint32(nil, binary.BigEndian.Uint32(sum))
	}
	req.Header.Set("X-Amz-Checksum-"+strings.ToLower(algo), base64.StdEncoding.EncodeToString(sum))
	return nil
}
