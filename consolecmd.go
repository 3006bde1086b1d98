package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/console"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/browser"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// federationEnv replaces the sign-in federation endpoint (tests, a proxy).
const federationEnv = "NIMBUS_FEDERATION_URL"

// consoleCmd is `nimbus console`: the AWS console, signed in as the profile, in the browser.
type consoleCmd struct {
	Target    []string `arg:"" optional:"" help:"What to open: a resource type or alias (instance, bucket, lambda-function, log-group, iam-role…) or a service, then optionally an id (BUCKET/PREFIX for S3)."`
	NoBrowser bool     `name:"no-browser" help:"Only print the sign-in URL; do not open a browser."`
}

// Run signs in through the federation endpoint and opens the URL, or prints it when no browser
// can be opened here. The URL is never logged: it signs in whoever has it, for 15 minutes.
func (c consoleCmd) Run(r *runContext) error {
	loc, err := consoleLocation(c.Target)
	if err != nil {
		return err
	}
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	cfg, ok := r.initialConfig("console", mgr)
	if !ok {
		return nil
	}
	profile, _ := mgr.Initial()
	dest := console.Link(cfg.Region, loc)
	r.logger.Info("console sign-in", "profile", profile, "destination", dest)
	link, err := console.SignIn(r.ctx, cfg, dest, console.Options{FederationURL: os.Getenv(federationEnv),
		ReadOnly: mgr.ReadOnlyFor(profile)})
	if err != nil {
		return err
	}
	if !c.NoBrowser {
		why := "could not start it"
		if ok, reason := browser.Available(os.Getenv, exec.LookPath); !ok {
			why = reason
		} else if browser.Open(link, os.Getenv) == nil {
			fmt.Fprintf(r.stdout, "Opened the console in your browser, signed in as profile %s.\n", textsafe.Clean(profile))
			return nil
		}
		fmt.Fprintf(r.stderr, "nimbus console: no browser can be opened here (%s): open this URL within 15 minutes; it signs in as profile %s, so keep it to yourself\n",
			textsafe.Clean(why), textsafe.Clean(profile))
	}
	fmt.Fprintln(r.stdout, link)
	return nil
}

// consoleLocation reads `[TYPE|SERVICE [ID]]`: a resource type or alias of nimbus's definitions,
// else a service name.
func consoleLocation(args []string) (console.Location, error) {
	var loc console.Location
	if len(args) == 0 {
		return loc, nil
	}
	if len(args) > 2 {
		return loc, fmt.Errorf("console takes a type (or service) and an id, got %d words", len(args))
	}
	reg, err := resource.Default()
	if err != nil {
		return loc, err
	}
	if def, ok := reg.Lookup(args[0]); ok {
		loc.Service, loc.Type = def.Service, def.Type
	} else {
		loc.Service = strings.ToLower(args[0])
	}
	if len(args) == 2 {
		loc.ID = args[1]
		if loc.Type == "bucket" || loc.Type == "object" {
			loc.ID, loc.Prefix, _ = strings.Cut(args[1], "/")
		}
	}
	return loc, nil
}
