// Package browser opens a URL in the user's web browser, but only where one can be seen: not
// over SSH, not without a display. Callers print the URL either way.
package browser

import (
	"errors"
	"os/exec"
	"runtime"
)

// opener is the program that opens a URL on each system.
func opener(goos string) string {
	switch goos {
	case "darwin":
		return "open"
	case "windows":
		return "rundll32"
	default:
		return "xdg-open"
	}
}

// Available reports whether a browser can be opened on this machine, and why not: an SSH session
// (the browser would open on the remote machine, where nobody sees it), no graphical display, no
// program to open it with. getenv reads the environment; lookPath finds a program (exec.LookPath).
func Available(getenv func(string) string, lookPath func(string) (string, error)) (bool, string) {
	return available(runtime.GOOS, getenv, lookPath)
}

func available(goos string, getenv func(string) string, lookPath func(string) (string, error)) (bool, string) {
	for _, k := range []string{"SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"} {
		if getenv(k) != "" {
			return false, "over SSH"
		}
	}
	if goos != "darwin" && goos != "windows" && getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return false, "no display"
	}
	if _, err := lookPath(opener(goos)); err != nil {
		return false, "no " + opener(goos)
	}
	return true, ""
}

// ErrUnavailable is returned by Open when Available says no.
var ErrUnavailable = errors.New("no browser can be opened here")

// Open starts the browser on url without waiting for it; nothing it prints reaches the terminal.
func Open(url string, getenv func(string) string) error {
	if ok, _ := Available(getenv, exec.LookPath); !ok {
		return ErrUnavailable
	}
	args := []string{url}
	if runtime.GOOS == "windows" {
		args = []string{"url.dll,FileProtocolHandler", url}
	}
	cmd := exec.Command(opener(runtime.GOOS), args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it; xdg-open returns once the browser has the URL
	return nil
}
