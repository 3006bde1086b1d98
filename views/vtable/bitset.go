package vtable

import "math/bits"

// bitset marks rows with one bit each: filter matches and the selection cost n/8 bytes.
type bitset []uint64

// grow returns b with room for n bits, keeping its bits.
func (b bitset) grow(n int) bitset {
	words := (n + 63) / 64
	if words <= len(b) {
		return b
	}
	if words <= cap(b) {
		return b[:words]
	}
	nb := make(bitset, words, words+words/4+1)
	copy(nb, b)
	return nb
}

func (b bitset) set(i int)   { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) clear(i int) { b[i>>6] &^= 1 << (uint(i) & 63) }

// has is false for bits past the end, so a bitset need not grow with every row.
func (b bitset) has(i int) bool {
	w := i >> 6
	return w < len(b) && b[w]&(1<<(uint(i)&63)) != 0
}

// appendSet appends the index of every set bit, ascending.
func (b bitset) appendSet(out []int) []int {
	for w, word := range b {
		for word != 0 {
			out = append(out, w*64+bits.TrailingZeros64(word))
			word &= word - 1
		}
	}
	return out
}
