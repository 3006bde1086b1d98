package s3xfer

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// UnsafeKeyError is a key that cannot become a file under the chosen directory: it would climb
// out of it ("..") or name a place of its own (absolute path, drive letter, backslash).
type UnsafeKeyError struct {
	Key    string
	Reason string
}

func (e *UnsafeKeyError) Error() string {
	return fmt.Sprintf("refusing to download key %q: %s", e.Key, e.Reason)
}

// LocalPath is where the object key, named rel relative to the prefix being downloaded, goes under
// dir. Keys that could land anywhere but under dir are refused, whatever the local OS would make
// of them: a ".." segment, a leading "/", a drive letter ("C:"), a backslash (a separator on
// Windows), a NUL byte.
func LocalPath(dir, key, rel string) (string, error) {
	refuse := func(reason string) (string, error) { return "", &UnsafeKeyError{Key: key, Reason: reason} }
	switch {
	case rel == "":
		return refuse("it names no file")
	case strings.ContainsRune(rel, '\\'):
		return refuse("it holds a backslash")
	case strings.HasPrefix(rel, "/"):
		return refuse("it is an absolute path")
	case len(rel) >= 2 && rel[1] == ':' && isLetter(rel[0]):
		return refuse("it starts with a drive letter")
	case strings.ContainsRune(rel, 0):
		return refuse("it holds a NUL byte")
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." {
			return refuse(`it climbs out of the directory with ".."`)
		}
	}
	p := filepath.Join(dir, filepath.FromSlash(rel))
	// Belt and braces: whatever the rules above missed, the joined path stays under dir.
	if r, err := filepath.Rel(dir, p); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || r == "." {
		return refuse("it does not name a file inside the directory")
	}
	return p, nil
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// freeName finds a name beside p that is not taken: "report (1).pdf", "report (2).pdf"…
func freeName(p string) (string, error) {
	for i := 1; i < 10000; i++ {
		cand := numbered(p, i)
		if _, err := os.Lstat(cand); os.IsNotExist(err) {
			return cand, nil
		}
	}
	return "", fmt.Errorf("no free name beside %s", p)
}

// numbered is name with " (n)" before its extension, for a file path or an object key alike:
// "dir/report.pdf" is "dir/report (1).pdf".
func numbered(name string, n int) string {
	base := path.Base(filepath.ToSlash(name))
	if strings.HasSuffix(name, "/") || base == "." || base == "/" {
		return fmt.Sprintf("%s (%d)", name, n)
	}
	dir := name[:len(name)-len(base)]
	ext := path.Ext(base)
	if ext == base { // ".bashrc" has no stem to number
		ext = ""
	}
	return fmt.Sprintf("%s%s (%d)%s", dir, strings.TrimSuffix(base, ext), n, ext)
}

// joinKey joins an S3 prefix and a relative slash path: "dir" + "a/b" is "dir/a/b".
func joinKey(prefix, rel string) string {
	if prefix == "" || strings.HasSuffix(prefix, "/") {
		return prefix + rel
	}
	return prefix + "/" + rel
}
