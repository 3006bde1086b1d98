package tui

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Command is one `:` command. Run gets the words after the name and returns what to do: usually a
// ReplaceMsg with a new page, a SwitchSessionMsg, or an error toast.
type Command struct {
	Name    string
	Aliases []string
	Usage   string // e.g. "profile NAME"
	Help    string
	// Complete lists the values of the first argument, for tab completion (optional).
	Complete func() []string
	Run      func(s Session, args []string) tea.Cmd
}

// Commands is the registry behind the command bar, keyed by name and alias.
type Commands struct {
	byName map[string]*Command
	list   []*Command
}

// NewCommands returns an empty registry.
func NewCommands() *Commands { return &Commands{byName: map[string]*Command{}} }

// Add registers c under its name and aliases; a name registered twice is a programming error.
func (c *Commands) Add(cmd Command) {
	cp := cmd
	for _, n := range append([]string{cmd.Name}, cmd.Aliases...) {
		if _, dup := c.byName[n]; dup {
			panic(fmt.Sprintf("command %q registered twice", n))
		}
		c.byName[n] = &cp
	}
	c.list = append(c.list, &cp)
}

// Lookup finds a command by name or alias.
func (c *Commands) Lookup(name string) (*Command, bool) {
	cmd, ok := c.byName[strings.ToLower(name)]
	return cmd, ok
}

// List returns the commands in the order they were added.
func (c *Commands) List() []*Command { return c.list }

// Suggestions returns the full command lines that complete what the user typed so far: command
// names and aliases, then the first argument's values.
func (c *Commands) Suggestions(line string) []string {
	fields := strings.Fields(line)
	endsWithSpace := strings.HasSuffix(line, " ")
	if len(fields) == 0 || (len(fields) == 1 && !endsWithSpace) {
		prefix := ""
		if len(fields) == 1 {
			prefix = strings.ToLower(fields[0])
		}
		var out []string
		for name := range c.byName {
			if strings.HasPrefix(name, prefix) {
				out = append(out, name)
			}
		}
		sort.Strings(out)
		return out
	}
	cmd, ok := c.Lookup(fields[0])
	if !ok || cmd.Complete == nil {
		return nil
	}
	argPrefix := ""
	if len(fields) > 1 && !endsWithSpace {
		argPrefix = fields[len(fields)-1]
	}
	var out []string
	for _, v := range cmd.Complete() {
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(argPrefix)) {
			out = append(out, fields[0]+" "+v)
		}
	}
	return out
}

// Parse runs the command line, or returns an error that says what to type instead.
func (c *Commands) Parse(s Session, line string) (tea.Cmd, error) {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return nil, nil
	}
	cmd, ok := c.Lookup(fields[0])
	if !ok {
		return nil, UnknownCommandError{Name: fields[0]}
	}
	return cmd.Run(s, fields[1:]), nil
}

// UnknownCommandError is a command line whose first word is no command; the app adds how to
// find one in the user's keys.
type UnknownCommandError struct{ Name string }

func (e UnknownCommandError) Error() string {
	return fmt.Sprintf("unknown command %q — :aliases lists every command", e.Name)
}
