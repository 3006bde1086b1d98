// Package accounts is the `:accounts` page: every account and role the user of an SSO session may
// open (the portal's ListAccounts and ListAccountRoles, a page of accounts at a time), filterable
// like every table. enter opens a session for the role, with or without a profile for it; w
// appends a profile for it to the AWS config file, after showing it.
package accounts

import (
	"context"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// Deps is what the page needs.
type Deps struct {
	Env      tui.Env
	Sessions *sessionmgr.Manager
}

// Register adds `:accounts [PROFILE]`: the accounts of PROFILE's SSO session (the current
// profile's by default).
func Register(cmds *tui.Commands, d Deps) {
	cmds.Add(tui.Command{
		Name: "accounts", Usage: "accounts [PROFILE]",
		Help: "every account and role of the profile's SSO login: " + tui.KeyHint(d.Env.Keys.Table.Open, "opens one") + ", " +
			tui.KeyHint(d.Env.Keys.Accounts.WriteProfile, "writes a profile for it"),
		Complete: func() []string {
			var names []string
			for _, p := range d.Sessions.Profiles() {
				if _, err := d.Sessions.SSOSessionFor(p.Name); err == nil {
					names = append(names, p.Name)
				}
			}
			return names
		},
		Run: func(s tui.Session, args []string) tea.Cmd {
			from := s.Profile
			if len(args) > 0 {
				from = args[0]
			}
			if _, err := d.Sessions.SSOSessionFor(from); err != nil {
				return tui.Error(err)
			}
			return tui.Push(New(d, s, from))
		},
	})
}

// role is one row: an account and one of its roles.
type role struct {
	account sessionmgr.SSOAccount
	name    string
}

type page struct {
	pagekit.TablePage
	d       Deps
	session tui.Session
	from    string // the profile whose SSO session is listed
	rows    *pagekit.Rows[role]
}

type (
	listedMsg struct {
		list     *sessionmgr.SSOAccountList
		accounts []sessionmgr.SSOAccount
		err      error
	}
	writeMsg   struct{ row role }
	writtenMsg struct {
		name string
		err  error
	}
)

// New returns the accounts page of from's SSO session.
func New(d Deps, s tui.Session, from string) tui.Page {
	cols := []vtable.Column{
		{Title: "ACCOUNT", MinWidth: 8, MaxWidth: 32},
		{Title: "ID", MinWidth: 12, MaxWidth: 12},
		{Title: "ROLE", MinWidth: 8, MaxWidth: 40},
		{Title: "PROFILE", MinWidth: 7, MaxWidth: 40},
		{Title: "EMAIL", MinWidth: 10, Flex: true},
	}
	p := &page{TablePage: pagekit.NewTablePage(d.Env, "roles", cols), d: d, session: s, from: from}
	p.rows = pagekit.NewRows(&p.TablePage, func(r role) string { return r.account.ID + "/" + r.name })
	return p
}

func (p *page) Title() string { return "accounts · " + textsafe.Clean(p.from) }

func (p *page) Init() tea.Cmd {
	p.Loading = true
	mgr, from := p.d.Sessions, p.from
	return p.Load(func(ctx context.Context) tea.Msg {
		list, err := mgr.ListSSOAccounts(ctx, from)
		if err != nil {
			return listedMsg{err: err}
		}
		accounts, err := list.Next(ctx)
		return listedMsg{list: list, accounts: accounts, err: err}
	})
}

// next loads the next page of accounts with their roles.
func (p *page) next(list *sessionmgr.SSOAccountList) tea.Cmd {
	return p.Load(func(ctx context.Context) tea.Msg {
		accounts, err := list.Next(ctx)
		return listedMsg{list: list, accounts: accounts, err: err}
	})
}

// Reload lists again: after a login (the app retries the page) or a session switch, which does
// not change whose SSO session this is.
func (p *page) Reload(s tui.Session) tea.Cmd {
	p.session = s
	return tea.Batch(p.rows.Restart(), p.Init())
}

func (p *page) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.HandleKey(p.actions(), k)
	}
	inner, cmd, ok := p.Result(msg)
	if !ok {
		return cmd
	}
	switch m := inner.(type) {
	case listedMsg:
		return p.listed(m)
	case writeMsg:
		mgr, from, r := p.d.Sessions, p.from, m.row
		return p.Tasks().Run(func(context.Context) tea.Msg {
			name, err := mgr.WriteSSORoleProfile(from, r.account.ID, r.name)
			return writtenMsg{name: name, err: err}
		})
	case writtenMsg:
		if m.err != nil {
			return tui.Error(m.err)
		}
		cfg, _ := p.d.Sessions.Files()
		return tea.Batch(tui.Toast(textsafe.Sprintf("added profile %s to %s", m.name, cfg)), p.Reload(p.session))
	}
	return cmd
}

func (p *page) listed(m listedMsg) tea.Cmd {
	if m.err != nil {
		p.Fail(m.err)
		return tui.Error(m.err) // an expired login: the app offers it, then lists again
	}
	var rows []role
	var cells [][]string
	for _, a := range m.accounts {
		for _, r := range a.Roles {
			rows = append(rows, role{account: a, name: r})
			cells = append(cells, []string{textsafe.Clean(a.Name), textsafe.Clean(a.ID), textsafe.Clean(r),
				textsafe.Clean(p.d.Sessions.SSORoleProfileFor(p.from, a.ID, r)), textsafe.Clean(a.Email)})
		}
	}
	p.rows.Append(rows, cells, nil)
	if m.list.More() {
		return p.next(m.list)
	}
	return p.Done("no accounts: this SSO user has no account assigned")
}

// open switches the session to the role: its profile, or one kept for this session.
func (p *page) open() tea.Cmd {
	r, ok := p.rows.Current()
	if !ok {
		return nil
	}
	name, err := p.d.Sessions.OpenSSORole(p.from, r.account.ID, r.name)
	if err != nil {
		return tui.Error(err)
	}
	return tui.SwitchSession(name, "")
}

// write shows the profile it would append and appends it once confirmed.
func (p *page) write() tea.Cmd {
	r, ok := p.rows.Current()
	if !ok {
		return nil
	}
	if existing := p.d.Sessions.SSORoleProfileFor(p.from, r.account.ID, r.name); existing != "" {
		return tui.Toast(textsafe.Sprintf("profile %s already opens %s in %s", existing, r.name, r.account.ID))
	}
	name, text, err := p.d.Sessions.SSORoleProfile(p.from, r.account.ID, r.name)
	if err != nil {
		return tui.Error(err)
	}
	cfg, _ := p.d.Sessions.Files()
	return confirm.Open(p.Env, confirm.Request{
		Title:     "Add profile " + name + " to " + cfg,
		Detail:    "appended, the rest of the file unchanged:\n\n" + text,
		Confirmed: writeMsg{row: r},
	})
}

// actions is the page's action table: its keys, footer and help.
func (p *page) actions() tui.Actions {
	t, a := p.Env.Keys.Table, p.Env.Keys.Accounts
	return append(tui.Actions{
		{Binding: tui.Rename(t.Open, "open session"), Footer: true, Run: p.open},
		{Binding: a.WriteProfile, Footer: true, Run: p.write},
		{Binding: t.Refresh, Run: func() tea.Cmd { return p.Reload(p.session) }},
		{Binding: t.Sort, Footer: true},
	}, p.TableKeys()...)
}

func (p *page) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*page)(nil)
	_ tui.Reloadable     = (*page)(nil)
	_ tui.Filterable     = (*page)(nil)
	_ tui.StatusReporter = (*page)(nil)
	_ tui.BackHandler    = (*page)(nil)
)
