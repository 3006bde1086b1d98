package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nimbus-tui/nimbus/internal/browser"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// loginCmd is `nimbus login`: the SSO device login of the profile's sso-session (or legacy start
// URL), on the terminal. The token goes to the AWS CLI's cache, where the CLI, boto3 and the SDKs
// find it.
type loginCmd struct {
	Force         bool `help:"Log in again even when the cached login is still good."`
	NoBrowser     bool `name:"no-browser" help:"Only print the URL; do not open a browser (device code flow)."`
	UseDeviceCode bool `name:"use-device-code" help:"Use the device code flow even where a browser can be opened here (the default there is the authorization code flow with PKCE, as in AWS CLI v2)."`
}

// Run renews the token with its refresh token when it can, else runs the device flow.
func (c loginCmd) Run(r *runContext) error {
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	profile, _ := mgr.Initial()
	if !c.Force {
		state, tok, err := mgr.EnsureSSO(r.ctx, profile)
		if err != nil {
			return err
		}
		if state != sessionmgr.SSONeedLogin {
			s, _ := mgr.SSOSessionFor(profile)
			how := "already logged in to"
			if state == sessionmgr.SSORefreshed {
				how = "renewed the login to"
			}
			fmt.Fprintf(r.stdout, "%s %s until %s (nimbus login --force logs in again)\n",
				how, textsafe.Clean(s.Label()), tok.ExpiresAt.Local().Format("2006-01-02 15:04 MST"))
			return nil
		}
	}
	if !c.UseDeviceCode && !c.NoBrowser {
		if done, err := authCodeLogin(r, mgr, profile); done || err != nil {
			return err
		}
	}
	l, err := mgr.StartLogin(r.ctx, profile)
	if err != nil {
		return err
	}
	link := l.VerificationURIComplete
	if link == "" {
		link = l.VerificationURI
	}
	fmt.Fprintf(r.stdout, "To log in to %s, open\n\n    %s\n\nand check that the page shows the code %s (it expires in %s).\n",
		textsafe.Clean(l.Session.Label()), textsafe.Clean(link), textsafe.Clean(l.UserCode),
		time.Until(l.ExpiresAt).Round(time.Minute))
	if !c.NoBrowser {
		if err := browser.Open(link, os.Getenv); err == nil {
			fmt.Fprintln(r.stdout, "Opened in your browser.")
		}
	}
	fmt.Fprintln(r.stdout, "Waiting for the approval… (Ctrl-C cancels)")
	if err := l.Wait(r.ctx, nil); err != nil {
		return err
	}
	fmt.Fprintf(r.stdout, "Logged in to %s. The token is in %s.\n", textsafe.Clean(l.Session.Label()), textsafe.Clean(l.Session.CacheFile))
	return nil
}

// authCodeLogin is the authorization-code login with PKCE, when this machine can open a browser
// for the sign-in page (not over SSH, not without a display) and the profile uses an sso-session
// (legacy start-URL profiles use the device code, as in the AWS CLI). done is false when it did
// not apply and the device code flow should run instead.
func authCodeLogin(r *runContext, mgr *sessionmgr.Manager, profile string) (done bool, err error) {
	s, err := mgr.SSOSessionFor(profile)
	if err != nil {
		return false, err
	}
	if ok, _ := browser.Available(os.Getenv, exec.LookPath); !ok || s.Name == "" {
		return false, nil
	}
	l, err := mgr.StartAuthCodeLogin(r.ctx, profile)
	if err != nil {
		return false, err
	}
	defer l.Close()
	if browser.Open(l.URL, os.Getenv) != nil {
		return false, nil // the device code works without a local browser
	}
	fmt.Fprintf(r.stdout, "Sign in to %s in the browser that opened. If it did not, open\n\n    %s\n\n"+
		"(or run nimbus login --use-device-code). Waiting… (Ctrl-C cancels)\n", textsafe.Clean(s.Label()), textsafe.Clean(l.URL))
	ctx, cancel := context.WithDeadline(r.ctx, l.ExpiresAt)
	defer cancel()
	if err := l.Wait(ctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return true, errors.New("the browser did not come back within 10 minutes: run nimbus login again")
		}
		return true, err
	}
	fmt.Fprintf(r.stdout, "Logged in to %s. The token is in %s.\n", textsafe.Clean(s.Label()), textsafe.Clean(s.CacheFile))
	return true, nil
}

// accountsCmd is `nimbus accounts`: every account and role the profile's SSO login can open.
type accountsCmd struct{}

// Run lists them, one role a line, as a table.
func (accountsCmd) Run(r *runContext) error {
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	profile, _ := mgr.Initial()
	accounts, err := mgr.SSOAccounts(r.ctx, profile)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ACCOUNT\tNAME\tROLE\tEMAIL")
	for _, a := range accounts {
		roles := a.Roles
		if len(roles) == 0 {
			roles = []string{"–"}
		}
		for _, role := range roles {
			fmt.Fprintln(w, strings.Join([]string{textsafe.Clean(a.ID), textsafe.Clean(a.Name), textsafe.Clean(role), textsafe.Clean(a.Email)}, "\t"))
		}
	}
	return w.Flush()
}
