// Package advice is what an error means for the person using nimbus, as data: what happened and
// what to do about it. sessionmgr writes it; the TUI renders the steps with its keys and commands,
// the command line with its flags, so neither has to undo the other's words.
package advice

import "strings"

// Hint is a way the interface itself offers to take a step; each interface renders it its own way
// (the TUI as a key or a command, the command line as a flag), or not at all.
type Hint int

const (
	// None: the step is done outside nimbus.
	None Hint = iota
	// Retry: run the failed call again (the TUI's refresh key; the command line has nothing to add).
	Retry
	// Profile: use another profile (:profile in the TUI, --profile on the command line).
	Profile
	// Region: use another region (:region, --region).
	Region
	// SSOLogin: log in to the profile's SSO session (nimbus login on the command line, the TUI's
	// login key).
	SSOLogin
	// Renew: get new credentials for the session — an SSO login, a new MFA code, the credential
	// files read again — whichever the profile needs (the TUI's login key; on the command line,
	// nimbus login for SSO, else running the command again).
	Renew
	// Writable: allow changes in a profile nimbus's config made read-only, for this session (the
	// TUI's :writable after a typed confirmation; the command line has no such step).
	Writable
)

// Step is one thing the person can do, in words; Hint, when set, is how nimbus helps do it.
type Step struct {
	Text string
	Hint Hint
	// OnlyWithHint: the step can be taken only through its hint, so an interface that renders
	// the hint as nothing leaves the step out.
	OnlyWithHint bool
}

// Advice is an error explained: What happened, in one line, and the steps to try, of which any one
// may do. The text is safe to print (no terminal control characters).
type Advice struct {
	What string
	Do   []Step
	// Offer is the step an interface may offer by itself, without being asked: SSOLogin or Renew
	// when the credentials expired, else None. It is never Retry: the same call with the same
	// stale credentials would fail the same way, so a retry comes only after the step.
	Offer Hint
}

// Renderer words a hint for one interface; "" leaves the hint out.
type Renderer func(Hint) string

// Render is the advice on one line: "what happened — step (hint) or step (hint)".
func (a Advice) Render(hint Renderer) string {
	if steps := a.Steps(hint); steps != "" {
		return a.What + " — " + steps
	}
	return a.What
}

// Steps is only the steps: "step (hint) or step (hint)", "" when there are none.
func (a Advice) Steps(hint Renderer) string {
	var steps []string
	for _, s := range a.Do {
		text := s.Text
		h := ""
		if s.Hint != None {
			h = hint(s.Hint)
		}
		if h != "" {
			text += " (" + h + ")"
		} else if s.OnlyWithHint {
			continue
		}
		steps = append(steps, text)
	}
	return strings.Join(steps, " or ")
}

// Plain leaves every hint out: for text that either interface may show (a profile's status).
func Plain(Hint) string { return "" }

// CLI words hints as a shell user acts on them: flags and commands of the AWS CLI.
func CLI(h Hint) string {
	switch h {
	case Profile:
		return "--profile"
	case Region:
		return "--region"
	case SSOLogin, Renew:
		return "SSO: nimbus login"
	}
	return ""
}
