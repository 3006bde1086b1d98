// Package views holds nimbus's pages and registers the `:` commands that open them.
package views

import (
	"charm.land/bubbles/v2/key"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/recent"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/s3"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// Deps is what the pages need from the rest of nimbus.
type Deps struct {
	Env      tui.Env
	Sessions *sessionmgr.Manager
	Browser  *s3.Browser
	Catalog  *clients.Catalog
	Models   *model.Library
	// Recent lists the profiles used last, most recent first (optional): the profile list
	// puts them on top.
	Recent func() []string
}

// Register adds the commands of every page to cmds.
func Register(cmds *tui.Commands, d Deps) {
	cmds.Add(tui.Command{
		Name: "s3", Aliases: []string{"buckets"}, Usage: "s3 [BUCKET[/PREFIX]]",
		Help: "browse S3 buckets, or go straight to a bucket or prefix",
		Run: func(s tui.Session, args []string) tea.Cmd {
			if len(args) == 0 {
				return tui.Replace(d.Browser.Buckets(s))
			}
			return d.Browser.Open(s, args[0])
		},
	})
	cmds.Add(tui.Command{
		Name: "services", Aliases: []string{"svc", "api", "client"}, Usage: "services [SERVICE]",
		Help:     "every AWS service: its operations, forms to call them, paginators and waiters",
		Complete: func() []string { return serviceNames(d.Models) },
		Run: func(s tui.Session, args []string) tea.Cmd {
			if len(args) == 0 {
				return tui.Replace(d.Catalog.Services(s))
			}
			name, err := d.Models.Resolve(args[0])
			if err != nil {
				return tui.Error(err)
			}
			return func() tea.Msg {
				return tui.ReplaceMsg{Page: d.Catalog.Operations(s, name), Trail: []tui.Page{d.Catalog.Services(s)}}
			}
		},
	})
	cmds.Add(tui.Command{
		Name: "profile", Aliases: []string{"profiles", "ctx"}, Usage: "profile [NAME]",
		Help:     "switch profile, or pick one from the list",
		Complete: func() []string { return profileNames(d.Sessions) },
		Run: func(s tui.Session, args []string) tea.Cmd {
			if len(args) > 0 {
				return switchProfile(d.Sessions, args[0], d.Env.Keys.Input.Complete)
			}
			return tui.Open(profilePicker(d, s))
		},
	})
	cmds.Add(tui.Command{
		Name: "region", Aliases: []string{"regions"}, Usage: "region [NAME]",
		Help:     "switch region, or pick one from the list",
		Complete: regionNames,
		Run: func(s tui.Session, args []string) tea.Cmd {
			if len(args) > 0 {
				return switchRegion(args[0])
			}
			return tui.Open(regionPicker(d, s))
		},
	})
	registerWritable(cmds, d)
	cmds.Add(tui.Command{
		Name: "aliases", Aliases: []string{"alias"}, Help: "every command and its aliases; " + tui.KeyHint(d.Env.Keys.Table.Open, "runs one"),
		Run: func(s tui.Session, _ []string) tea.Cmd { return tui.Open(aliasesPicker(d, cmds, s)) },
	})
	cmds.Add(tui.Command{
		Name: "quit", Aliases: []string{"q", "q!", "exit"}, Help: "leave nimbus",
		Run: func(tui.Session, []string) tea.Cmd { return tea.Quit },
	})
}

func profileNames(m *sessionmgr.Manager) []string {
	var names []string
	for _, p := range m.Profiles() {
		names = append(names, p.Name)
	}
	return names
}

func serviceNames(lib *model.Library) []string {
	idx, err := lib.Index()
	if err != nil {
		return nil
	}
	names := make([]string, len(idx))
	for i, s := range idx {
		names[i] = s.Name
	}
	return names
}

func regionNames() []string {
	var names []string
	for _, r := range sessionmgr.Regions() {
		names = append(names, r.Name)
	}
	return names
}

// switchProfile refuses names that are not profiles, so a typo gets a message, not a broken session.
func switchProfile(m *sessionmgr.Manager, name string, complete key.Binding) tea.Cmd {
	for _, p := range m.Profiles() {
		if p.Name == name {
			return tui.SwitchSession(name, "")
		}
	}
	return func() tea.Msg {
		return tui.ToastMsg{Error: true, Text: textsafe.Sprintf("no profile %q — :profile lists them (%s)", name, tui.KeyHint(complete, "completes"))}
	}
}

// switchRegion refuses a region that is not a region name (it would become part of the host
// name) and switches to one no partition lists with a warning, as a new region may be missing
// from nimbus's data.
func switchRegion(name string) tea.Cmd {
	warning, err := sessionmgr.CheckRegion(name, ":region")
	if err != nil {
		return tui.Error(err)
	}
	if warning == "" {
		return tui.SwitchSession("", name)
	}
	return tea.Sequence(tui.SwitchSession("", name), func() tea.Msg { return tui.ToastMsg{Error: true, Text: textsafe.From(warning)} })
}

func profilePicker(d Deps, s tui.Session) tui.Dialog {
	cols := []vtable.Column{
		{Title: "PROFILE", MinWidth: 10, MaxWidth: 32},
		{Title: "KIND", MinWidth: 6, MaxWidth: 12},
		{Title: "REGION", MinWidth: 9, MaxWidth: 16},
		{Title: "CHAIN", MinWidth: 5, MaxWidth: 36},
		{Title: "ACCESS", MinWidth: 6, MaxWidth: 9},
		{Title: "STATUS", MinWidth: 6, Flex: true},
	}
	var choices []picker.Choice
	var check []string // by row: the profiles whose status is checked in the background
	for _, p := range orderProfiles(d.Sessions.Profiles(), d.Recent) {
		status, name := "checking…", p.Name
		if p.Err != nil {
			status, name = "✗ "+p.Err.Error(), ""
		}
		check = append(check, name)
		choices = append(choices, picker.Choice{Value: p.Name, Cells: []string{
			textsafe.Clean(p.Name), p.Kind, textsafe.Clean(orDash(p.Region)),
			textsafe.Clean(chainCell(d.Sessions, p)), accessText(d.Sessions, p.Name), textsafe.Clean(status)}})
	}
	p := picker.New(d.Env, "profiles", "profiles", cols, choices, s.Profile, func(v string) tea.Cmd {
		return tui.SwitchSession(v, "")
	})
	p.SetMaxWidth(160) // the statuses say why: let them have a wide terminal
	return newProfilesDialog(p, d.Sessions, check)
}

// accessText is the ACCESS cell: "read-only" for a profile whose changes nimbus refuses (its
// config, --readonly, or this session), blank otherwise so that those stand out.
func accessText(m *sessionmgr.Manager, profile string) string {
	if m.ReadOnlyFor(profile) {
		return "read-only"
	}
	return ""
}

// orderProfiles puts the profiles used last first, most recent first; the rest keep the
// manager's order (default, the environment, then by name).
func orderProfiles(ps []sessionmgr.Profile, recentNames func() []string) []sessionmgr.Profile {
	if recentNames == nil {
		return ps
	}
	byName := map[string]sessionmgr.Profile{}
	names := make([]string, len(ps))
	for i, p := range ps {
		byName[p.Name], names[i] = p, p.Name
	}
	out := make([]sessionmgr.Profile, 0, len(ps))
	for _, n := range recent.Order(names, recentNames()) {
		out = append(out, byName[n])
	}
	return out
}

// chainCell is the CHAIN cell of p: its chain, or, for an SSO role opened from :accounts and
// kept by nimbus (in no file), where it is not.
func chainCell(m *sessionmgr.Manager, p sessionmgr.Profile) string {
	if p.Source == sessionmgr.SourceSession {
		return "not in ~/.aws/config"
	}
	return chainText(m.Chain(p.Name))
}

// chainText is the CHAIN cell: "prod ← admin ← sso-corp", or a dash for a profile that holds its
// own credentials.
func chainText(chain []string) string {
	if len(chain) < 2 {
		return "–"
	}
	return strings.Join(chain, " ← ")
}

func regionPicker(d Deps, s tui.Session) tui.Dialog {
	cols := []vtable.Column{
		{Title: "REGION", MinWidth: 14, MaxWidth: 16},
		{Title: "NAME", MinWidth: 10, Flex: true},
		{Title: "PARTITION", MinWidth: 9, MaxWidth: 10},
		{Title: "OPT-IN", MinWidth: 6, MaxWidth: 6},
	}
	var choices []picker.Choice
	for _, r := range sessionmgr.Regions() {
		optIn := ""
		if r.OptIn {
			optIn = "yes"
		}
		choices = append(choices, picker.Choice{Value: r.Name, Cells: []string{r.Name, r.Description, r.Partition, optIn}})
	}
	return picker.New(d.Env, "regions", "regions", cols, choices, s.Region, func(v string) tea.Cmd {
		return tui.SwitchSession("", v)
	})
}

// aliasesPicker lists every command (k9s :aliases), those registered after this one too: the list
// is read when the picker opens.
func aliasesPicker(d Deps, cmds *tui.Commands, s tui.Session) tui.Dialog {
	cols := []vtable.Column{
		{Title: "COMMAND", MinWidth: 10, MaxWidth: 28},
		{Title: "ALIASES", MinWidth: 8, MaxWidth: 30},
		{Title: "DESCRIPTION", MinWidth: 10, Flex: true},
	}
	var choices []picker.Choice
	for _, c := range cmds.List() {
		usage := c.Usage
		if usage == "" {
			usage = c.Name
		}
		choices = append(choices, picker.Choice{Value: c.Name, Cells: []string{usage, strings.Join(c.Aliases, " "), c.Help}})
	}
	return picker.New(d.Env, "aliases", "commands", cols, choices, "", func(name string) tea.Cmd {
		cmd, err := cmds.Parse(s, name)
		if err != nil {
			return tui.Error(err)
		}
		return cmd
	})
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
