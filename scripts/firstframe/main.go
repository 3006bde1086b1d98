// Command firstframe measures how long a program takes from launch to its first drawn frame in
// tmux: nimbus --demo beside a bare Bubble Tea v2 program (./bare), each launched -n times.
//
//	go run ./scripts/firstframe [-n 20] [-size 120x35] [-rt]
//
// -rt starts each tmux server at real-time priority (chrt -r 10, root or CAP_SYS_NICE): the
// programs it runs inherit it, so on a machine busy with other work the figures come close to a
// quiet machine's (bare ≈ 49 ms where a quiet run gives ≈ 45).
//
// Each run starts a private tmux server whose shell waits for a line, then stamps the time and
// execs the program. tmux's pipe-pane hands every byte the program writes to this same binary
// ("firstframe stamp"), which stamps the first read whose text, escape sequences stripped,
// holds the program's marker: that read is the first frame on the wire, not a later poll of the
// screen. Both programs are measured the same way, so tmux's own latency cancels out in the
// difference, which is the figure to watch (issue 8: nimbus ≤ bare + 20 ms).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

func main() {
	if len(os.Args) == 4 && os.Args[1] == "stamp" {
		stamp(os.Args[2], os.Args[3])
		return
	}
	n := flag.Int("n", 20, "launches of each program")
	size := flag.String("size", "120x35", "terminal size, COLSxROWS")
	var also multi
	flag.Var(&also, "also", "another nimbus binary to measure beside this tree's (an older build); repeatable")
	flag.BoolVar(&realTime, "rt", false, "run the tmux servers, and so the programs, at real-time priority (chrt -r 10)")
	flag.Parse()
	if err := measureAll(*n, *size, also); err != nil {
		fmt.Fprintln(os.Stderr, "firstframe:", err)
		os.Exit(1)
	}
}

// realTime is -rt: each tmux server starts under chrt -r 10.
var realTime bool

// target is a program to launch and the text its first frame shows.
type target struct {
	name, marker string
	argv         []string
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func measureAll(n int, size string, also []string) error {
	cols, rows, ok := strings.Cut(size, "x")
	if !ok {
		return fmt.Errorf("-size %q: want COLSxROWS", size)
	}
	dir, err := os.MkdirTemp("", "firstframe")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	build := func(out, pkg string) error {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, out), pkg)
		cmd.Stderr = os.Stderr
		return cmd.Run()
	}
	if err := build("bare", "./scripts/firstframe/bare"); err != nil {
		return fmt.Errorf("building the bare program (run from the repository root): %w", err)
	}
	if err := build("nimbus", "."); err != nil {
		return fmt.Errorf("building nimbus: %w", err)
	}
	targets := []target{
		{"bare bubbletea v2", "bare bubble tea frame", []string{filepath.Join(dir, "bare")}},
		// An empty keys file and config home: the figure is nimbus's, not the user's files'.
		{"nimbus --demo", "nimbus", []string{filepath.Join(dir, "nimbus"), "--demo", "--keys", os.DevNull}},
	}
	for _, bin := range also {
		abs, err := filepath.Abs(bin)
		if err != nil {
			return err
		}
		targets = append(targets, target{filepath.Base(bin) + " --demo", "nimbus", []string{abs, "--demo", "--keys", os.DevNull}})
	}
	results := make([][]time.Duration, len(targets))
	for i := range n {
		for k, tg := range targets { // interleaved, so a busy moment hits both
			d, err := launch(dir, self, tg, cols, rows, i*len(targets)+k)
			if err != nil {
				return fmt.Errorf("%s run %d: %w", tg.name, i+1, err)
			}
			results[k] = append(results[k], d)
		}
	}
	fmt.Printf("first frame in tmux %s, %d launches each (launch → first frame bytes)\n", size, n)
	var medians []time.Duration
	for k, tg := range targets {
		ds := slices.Clone(results[k])
		slices.Sort(ds)
		med := ds[len(ds)/2]
		medians = append(medians, med)
		fmt.Printf("  %-24s min %6s  median %6s  max %6s\n", tg.name, ms(ds[0]), ms(med), ms(ds[len(ds)-1]))
	}
	for k := 1; k < len(targets); k++ {
		fmt.Printf("  %s − bare (median): %s\n", targets[k].name, ms(medians[k]-medians[0]))
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }

// launch runs tg once in a fresh tmux server and returns the time from its exec to its first frame.
func launch(dir, self string, tg target, cols, rows string, i int) (time.Duration, error) {
	socket := fmt.Sprintf("firstframe-%d-%d", os.Getpid(), i)
	start := filepath.Join(dir, fmt.Sprintf("start-%d", i))
	frame := filepath.Join(dir, fmt.Sprintf("frame-%d", i))
	os.Remove(start)
	os.Remove(frame)
	tmux := func(args ...string) error {
		argv := append([]string{"tmux", "-L", socket, "-f", os.DevNull}, args...)
		if realTime && args[0] == "new-session" { // the server starts here and keeps the policy
			argv = append([]string{"chrt", "-r", "10"}, argv...)
		}
		out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	defer exec.Command("tmux", "-L", socket, "kill-server").Run() //nolint:errcheck // already gone is fine
	script := "read go; date +%s%N > " + shq(start) + "; exec " + shJoin(tg.argv)
	if err := tmux("new-session", "-d", "-s", "ff", "-x", cols, "-y", rows, "env", "TERM=xterm-256color", "sh", "-c", script); err != nil {
		return 0, err
	}
	if err := tmux("pipe-pane", "-o", "-t", "ff", "exec "+shJoin([]string{self, "stamp", tg.marker, frame})); err != nil {
		return 0, err
	}
	time.Sleep(100 * time.Millisecond) // let the pipe's process start: it must see the first byte
	if err := tmux("send-keys", "-t", "ff", "Enter"); err != nil {
		return 0, err
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		s, err1 := readStamp(start)
		f, err2 := readStamp(frame)
		if err1 == nil && err2 == nil {
			time.Sleep(150 * time.Millisecond) // let the program settle before the server goes
			return time.Duration(f - s), nil
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("no frame with %q after 20 s", tg.marker)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func readStamp(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return 0, fmt.Errorf("empty")
	}
	return strconv.ParseInt(s, 10, 64)
}

// stamp reads the pane's output from stdin and writes to path the time of the first read after
// which the text shows marker; it drains the rest so the pane never blocks.
func stamp(marker, path string) {
	r := bufio.NewReaderSize(os.Stdin, 1<<16)
	buf := make([]byte, 1<<16)
	var seen []byte
	done := false
	for {
		n, err := r.Read(buf)
		if n > 0 && !done {
			now := time.Now().UnixNano()
			seen = append(seen, buf[:n]...)
			if strings.Contains(ansi.Strip(string(seen)), marker) {
				tmp := path + ".tmp"
				os.WriteFile(tmp, []byte(strconv.FormatInt(now, 10)), 0o600)
				os.Rename(tmp, path) // whole or absent for the reader
				done = true
			}
		}
		if err == io.EOF || err != nil {
			return
		}
	}
}

func shq(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func shJoin(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = shq(a)
	}
	return strings.Join(q, " ")
}
