package main

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/prefault"
)

// nimbus's code is mapped in one go beside start-up (internal/prefault), not a page fault at a
// time on the first frame's path: once that is over, the whole code mapping of this binary
// (which links what nimbus links) is resident. Without it, start-up leaves most of it unmapped.
func TestCodeMappedAtStart(t *testing.T) {
	<-prefault.Done()
	size, rss := residency(t, reflect.ValueOf(runProcess).Pointer())
	if size == 0 {
		t.Fatal("no mapping holds the code in /proc/self/smaps")
	}
	if rss < size*9/10 {
		t.Errorf("%d kB of the %d kB code mapping resident: the code is not mapped at start", rss, size)
	}
}

// residency is the Size and Rss (kB) of the mapping holding addr, from /proc/self/smaps.
func residency(t *testing.T, addr uintptr) (size, rss int) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var s, e uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &s, &e); n == 2 && strings.Count(line, " ") >= 4 {
			if in {
				break
			}
			in = s <= addr && addr < e
			continue
		}
		if in {
			fmt.Sscanf(line, "Size: %d kB", &size)
			fmt.Sscanf(line, "Rss: %d kB", &rss)
		}
	}
	return size, rss
}
