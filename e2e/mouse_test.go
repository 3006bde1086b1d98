package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// sgrMouse is an SGR mouse report (what a terminal in cell-motion mode sends) at the 0-based cell
// x, y: button 0 is the left button, 64/65 the wheel; press or release.
func sgrMouse(button, x, y int, press bool) string {
	final := "m"
	if press {
		final = "M"
	}
	return fmt.Sprintf("\x1b[<%d;%d;%d%s", button, x+1, y+1, final)
}

// raw types bytes into the terminal as they are, in one write.
func (term *terminal) rawInput(s string) {
	args := []string{"send-keys", "-t", "e2e", "-H"}
	for _, b := range []byte(s) {
		args = append(args, fmt.Sprintf("%02x", b))
	}
	term.tmux(args...)
}

func (term *terminal) mouse(button, x, y int, press bool) {
	term.rawInput(sgrMouse(button, x, y, press))
}

func (term *terminal) click(x, y int) {
	term.rawInput(sgrMouse(0, x, y, true) + sgrMouse(0, x, y, false))
}

// doubleClick sends both clicks in one write: well inside the double-click time.
func (term *terminal) doubleClick(x, y int) {
	c := sgrMouse(0, x, y, true) + sgrMouse(0, x, y, false)
	term.rawInput(c + c)
}

// The demo's buckets are on screen lines 3 to 6 (header, crumbs, table header above them).
func TestMouseWheelClickDoubleClickAndBreadcrumb(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo")
	term.waitFor("DEMO", "demo-photos", "4 buckets")

	term.mouse(65, 10, 4, true) // wheel down
	term.mouse(65, 10, 4, true)
	if !term.poll(func(s string) bool { return strings.Contains(cursorLine(s), "demo-logs") }) {
		t.Fatalf("two wheel notches down should move to the third bucket:\n%s", term.screen())
	}

	term.click(10, 4) // one click: the cursor only
	if !term.poll(func(s string) bool { return strings.Contains(cursorLine(s), "demo-big") }) {
		t.Fatalf("a click should put the cursor on demo-big:\n%s", term.screen())
	}
	if strings.Contains(term.screen(), "s3 › demo-big") {
		t.Fatal("one click must not open the bucket")
	}

	term.doubleClick(10, 6) // open
	term.waitFor("s3 › demo-photos", "README.txt")
	term.keys("Enter") // 2024/
	term.waitFor("s3 › demo-photos › 2024/", "01/")

	term.click(7, 1) // the "demo-photos" crumb
	s := term.waitFor("README.txt")
	if strings.Contains(s, "› 2024/") {
		t.Fatalf("a click on a breadcrumb should go back to it:\n%s", s)
	}
	term.click(0, 1) // "s3"
	term.waitFor("4 buckets")
}

func TestNoMouseLeavesTheMouseToTheTerminal(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo --no-mouse")
	term.waitFor("DEMO", "demo-photos", "4 buckets")
	if raw := term.raw(); strings.Contains(string(raw), "\x1b[?1002h") {
		t.Fatal("--no-mouse should not turn on mouse reporting")
	}
	term2 := startTerminal(t, nimbusBin+" --demo")
	term2.waitFor("DEMO", "demo-photos", "4 buckets")
	term2.waitRaw("mouse reporting on", func(b []byte) bool { return strings.Contains(string(b), "\x1b[?1002h") })
}
