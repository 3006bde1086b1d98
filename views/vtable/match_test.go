package vtable

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestNeedleMatchesLikeContainsLower(t *testing.T) {
	cases := []struct {
		s, q string
		want bool
	}{
		{"Photos/IMG-0001.JPG", "img-0001", true},
		{"Photos/IMG-0001.JPG", ".jpg", true},
		{"Photos/IMG-0001.JPG", "0002", false},
		{"abc", "abcd", false},
		{"xxAb", "ab", true},
		{"aAaB", "ab", true},
		{"zzz", "", true},
		{"Straße", "STRASSE", false}, // simple folding only, like strings.EqualFold
		{"ÜBER", "über", true},
		{"日本語のファイル", "ファイル", true},
		{"ΣΊΣΥΦΟΣ", "σίσυφος", true},
	}
	for _, c := range cases {
		nd := compileNeedle(c.q)
		if got := nd.in(c.s); got != c.want {
			t.Errorf("%q in %q = %v, want %v", c.q, c.s, got, c.want)
		}
	}
}

// TestNeedleAgreesWithStrings checks the fast path against strings.Contains on random ASCII.
func TestNeedleAgreesWithStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aAbB0-./zZ"
	randStr := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 100000 {
		s, q := randStr(rng.IntN(16)), randStr(1+rng.IntN(5))
		want := strings.Contains(strings.ToLower(s), strings.ToLower(q))
		nd := compileNeedle(q)
		if got := nd.in(s); got != want {
			t.Fatalf("%q in %q = %v, want %v (anchor %d)", q, s, got, want, nd.anchor)
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	want := []string{"", "a", "B", "file1", "file01b", "File2", "file10", "file10a", "file100", "x9y", "x10y"}
	got := slices.Clone(want)
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
	slices.SortStableFunc(got, NaturalCompare)
	if !slices.Equal(got, want) {
		t.Fatalf("sorted %q\nwant   %q", got, want)
	}
	if NaturalCompare("abc", "ABC") != 0 || NaturalCompare("a2", "a02") != 0 {
		t.Fatal("case and leading zeros should not matter")
	}
}

func TestMergeSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cmpInt := func(a, b int32) int { return int(a) - int(b) }
	for range 500 {
		var old, add []int32
		for range rng.IntN(20) {
			old = append(old, int32(rng.IntN(100)))
		}
		for range rng.IntN(8) {
			add = append(add, int32(rng.IntN(100)))
		}
		slices.Sort(old)
		slices.Sort(add)
		want := slices.Sorted(slices.Values(append(slices.Clone(old), add...)))
		if got := mergeSorted(old, add, cmpInt); !slices.Equal(got, want) {
			t.Fatalf("merge %v + %v = %v, want %v", old, add, got, want)
		}
	}
}

// naturalReference is NaturalCompare without its common-prefix shortcut: token by token from
// the start.
func naturalReference(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			ei, ej := i, j
			for ei < len(a) && isDigit(a[ei]) {
				ei++
			}
			for ej < len(b) && isDigit(b[ej]) {
				ej++
			}
			na := strings.TrimLeft(a[i:ei], "0")
			nb := strings.TrimLeft(b[j:ej], "0")
			if len(na) != len(nb) {
				return cmp.Compare(len(na), len(nb))
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		if c := cmp.Compare(lowerASCII(a[i]), lowerASCII(b[j])); c != 0 {
			return c
		}
		i++
		j++
	}
	return cmp.Compare(len(a)-i, len(b)-j)
}

func TestNaturalCompareAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const alphabet = "aA0019/x"
	randStr := func() string {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 50000 {
		a := randStr()
		b := a[:rng.IntN(len(a)+1)] + randStr() // often a long common prefix
		if got, want := NaturalCompare(a, b), naturalReference(a, b); got != want {
			t.Fatalf("NaturalCompare(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

// TestNeedleUnicodeAgreesWithEqualFold checks the non-ASCII path against a window-by-window
// strings.EqualFold on random text mixing letters whose cases differ in UTF-8 length.
func TestNeedleUnicodeAgreesWithEqualFold(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	alphabet := []string{"e", "é", "É", "s", "S", "ſ", "k", "K", "\u212a", "ß", "-", "日"}
	randStr := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 50000 {
		s, q := randStr(rng.IntN(10)), randStr(1+rng.IntN(3))
		nd := compileNeedle(q)
		if nd.ascii {
			continue // ASCII queries fold ASCII only: "s" does not find "ſ"
		}
		if got, want := nd.in(s), foldContains(s, q); got != want {
			t.Fatalf("%q in %q = %v, want %v", q, s, got, want)
		}
	}
}
