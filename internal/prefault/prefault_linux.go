package prefault

import (
	"syscall"
	"unsafe"
)

// madvPopulateRead is MADV_POPULATE_READ (Linux 5.14): fault the range in, readable.
const madvPopulateRead = 22

func init() { go populate() }

// populate maps the executable's code: the mapping of /proc/self/maps that holds this function.
func populate() {
	defer close(done)
	start, end, ok := codeMapping(codeAddress())
	if !ok {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvPopulateRead) //nolint:errcheck // best effort: faults as before
}

// codeAddress is the address of populate's machine code: inside the executable's code mapping.
func codeAddress() uintptr {
	f := populate
	return **(**uintptr)(unsafe.Pointer(&f))
}

// codeMapping finds the mapping that holds addr in /proc/self/maps, read with syscall alone (os
// is not initialised yet when this runs).
func codeMapping(addr uintptr) (start, end uintptr, ok bool) {
	fd, err := syscall.Open("/proc/self/maps", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, 0, false
	}
	defer syscall.Close(fd)
	var maps []byte
	buf := make([]byte, 16<<10)
	for {
		n, err := syscall.Read(fd, buf)
		if n <= 0 || err != nil {
			break
		}
		maps = append(maps, buf[:n]...)
	}
	for len(maps) > 0 {
		line := maps
		if i := indexByte(maps, '\n'); i >= 0 {
			line, maps = maps[:i], maps[i+1:]
		} else {
			maps = nil
		}
		// "start-end perms offset dev inode path", addresses in hex.
		s, rest := hexPrefix(line)
		if len(rest) == 0 || rest[0] != '-' {
			continue
		}
		e, _ := hexPrefix(rest[1:])
		if s <= addr && addr < e {
			return s, e, true
		}
	}
	return 0, 0, false
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// hexPrefix reads the hexadecimal number b starts with.
func hexPrefix(b []byte) (uintptr, []byte) {
	var v uintptr
	i := 0
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uintptr(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uintptr(c-'a'+10)
		default:
			return v, b[i:]
		}
	}
	return v, b[i:]
}
