package main

import (
	"testing"

	"github.com/alecthomas/kong"
)

// The file's settings are internal/userconfig's; the flag is the command line's.
func TestNoMouseFlag(t *testing.T) {
	var c flags
	parser, err := kong.New(&c, parserOptions("")...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.Parse([]string{"--no-mouse"}); err != nil || !c.NoMouse {
		t.Errorf("--no-mouse: %v, %v", err, c.NoMouse)
	}
}
