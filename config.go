package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// fileConfig is ~/.config/nimbus/config.json: settings a flag also sets, for every launch.
type fileConfig struct {
	// Mouse false leaves the mouse to the terminal, as --no-mouse does.
	Mouse *bool `json:"mouse"`
}

// loadConfig reads the config file at path; a missing file (or no path) is the defaults. An
// unknown key is an error, so that a typo does not pass silently.
func loadConfig(path string) (fileConfig, error) {
	var c fileConfig
	if path == "" {
		return c, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("reading the config file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return fileConfig{}, fmt.Errorf("config file %s: %w (it holds e.g. {\"mouse\": false})", path, err)
	}
	return c, nil
}

// mouseOn is whether the TUI takes the mouse: not with --no-mouse, nor with "mouse": false.
func mouseOn(noMouseFlag bool, c fileConfig) bool {
	return !noMouseFlag && (c.Mouse == nil || *c.Mouse)
}
