package textsafe

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoCodeConvertsToTextUnchecked keeps Text honest: outside this package a Text is made with
// From, FromError, Sprintf or a constant, never by converting a variable, which would skip Clean.
func TestNoCodeConvertsToTextUnchecked(t *testing.T) {
	root := filepath.Join("..", "..")
	conv := regexp.MustCompile(`textsafe\.Text\(`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasPrefix(path, filepath.Join(root, "internal", "textsafe")+string(filepath.Separator)) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if conv.MatchString(line) {
				t.Errorf("%s:%d converts to textsafe.Text without cleaning: use textsafe.From or Sprintf", path, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
