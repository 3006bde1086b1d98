package sessionmgr

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
)

// MFARequest is what a profile with mfa_serial needs a code for: shown to the user.
type MFARequest struct {
	Profile      string // the profile being loaded (the device may belong to a hop of its chain)
	SerialNumber string // the mfa_serial: a device ARN or a hardware token's serial
	RoleARN      string // the role the code unlocks
}

// MFAPrompt asks the user for the current code of an MFA device. It is called from inside an AWS
// call (a credentials refresh), never from Update, and may block until the user answers. It returns
// ErrMFACancelled when the user gives up. The code and the role credentials it unlocks are cached
// with the profile's credentials, so it is asked once per profile until they expire.
type MFAPrompt func(MFARequest) (string, error)

// ErrMFACancelled is returned by an MFAPrompt when the user cancels.
var ErrMFACancelled = errors.New("MFA code not given")

// MFAError says why a profile with mfa_serial got no code and what to do instead.
type MFAError struct {
	Request MFARequest
	Err     error
}

func (e *MFAError) Error() string {
	switch {
	case errors.Is(e.Err, ErrMFACancelled):
		return fmt.Sprintf("profile %s needs an MFA code for %s (cancelled)", e.Request.Profile, e.Request.SerialNumber)
	case errors.Is(e.Err, ErrNoTerminal):
		return fmt.Sprintf("profile %s needs an MFA code for %s and nimbus has no terminal to ask on — run it in a terminal, or get temporary keys first (aws sts get-session-token) and use them",
			e.Request.Profile, e.Request.SerialNumber)
	}
	return fmt.Sprintf("profile %s needs an MFA code for %s: %v", e.Request.Profile, e.Request.SerialNumber, e.Err)
}

func (e *MFAError) Unwrap() error { return e.Err }

// ErrNoTerminal is returned by prompts that cannot reach the user.
var ErrNoTerminal = errors.New("no terminal to ask on")

// mfaCode is what STS accepts as a TokenCode: six digits.
var mfaCode = sync.OnceValue(func() *regexp.Regexp { // compiled on first use, not at start-up
	return regexp.MustCompile(`^[0-9]{6}$`)
})

// CheckMFACode reports whether code looks like an MFA code, with a message for the user if not.
func CheckMFACode(code string) error {
	if !mfaCode().MatchString(code) {
		return errors.New("an MFA code is 6 digits")
	}
	return nil
}

// askMFA asks the user for req's code through the MFA prompt and checks it.
func (m *Manager) askMFA(req MFARequest) (string, error) {
	prompt := m.opts.MFAPrompt
	if prompt == nil {
		return "", &MFAError{Request: req, Err: ErrNoTerminal}
	}
	code, err := prompt(req)
	if err != nil {
		return "", &MFAError{Request: req, Err: err}
	}
	code = strings.TrimSpace(code)
	if err := CheckMFACode(code); err != nil {
		return "", &MFAError{Request: req, Err: err}
	}
	return code, nil
}

// TerminalMFAPrompt asks on a terminal: the question goes to out, the code is read from in. When
// in is not a terminal (a pipe, a file, /dev/null) it asks nothing and returns ErrNoTerminal, so
// that a script never hangs on a question nobody sees. It is for headless commands; the TUI owns
// the terminal and asks with a dialog (MFABroker).
func TerminalMFAPrompt(in *os.File, out io.Writer) MFAPrompt {
	var mu sync.Mutex // one question at a time on the terminal
	return func(req MFARequest) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if !isTerminal(in) {
			return "", ErrNoTerminal
		}
		for range 3 {
			fmt.Fprintf(out, "MFA code for %s (profile %s): ", req.SerialNumber, req.Profile)
			line, err := bufio.NewReader(in).ReadString('\n')
			code := strings.TrimSpace(line)
			if err != nil && code == "" {
				return "", ErrMFACancelled
			}
			if CheckMFACode(code) == nil {
				return code, nil
			}
			fmt.Fprintln(out, "an MFA code is 6 digits")
		}
		return "", ErrMFACancelled
	}
}

func isTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// MFAQuestion is one MFA request waiting for the UI's answer. The first Answer or Cancel counts;
// later ones are ignored, so a dialog may cancel on every way out.
type MFAQuestion struct {
	MFARequest
	reply chan mfaReply
}

type mfaReply struct {
	code string
	err  error
}

// Answer gives the code typed by the user.
func (q MFAQuestion) Answer(code string) { q.send(mfaReply{code: code}) }

// Cancel says the user gave up.
func (q MFAQuestion) Cancel() { q.send(mfaReply{err: ErrMFACancelled}) }

func (q MFAQuestion) send(r mfaReply) {
	select {
	case q.reply <- r: // the channel holds one reply: the first
	default:
	}
}

// MFABroker carries MFA requests from credential providers (running inside AWS calls, on any
// goroutine) to the UI, which shows a dialog and answers. Its Prompt is the Manager's MFAPrompt.
type MFABroker struct {
	questions chan MFAQuestion
	ctx       context.Context
}

// NewMFABroker returns a broker whose pending and future prompts fail once ctx ends (the app quit).
func NewMFABroker(ctx context.Context) *MFABroker {
	return &MFABroker{questions: make(chan MFAQuestion), ctx: ctx}
}

// Questions delivers the requests to answer, one at a time.
func (b *MFABroker) Questions() <-chan MFAQuestion { return b.questions }

// Prompt asks the UI and waits for its answer.
func (b *MFABroker) Prompt(req MFARequest) (string, error) {
	q := MFAQuestion{MFARequest: req, reply: make(chan mfaReply, 1)}
	select {
	case b.questions <- q:
	case <-b.ctx.Done():
		return "", ErrNoTerminal
	}
	select {
	case r := <-q.reply:
		return r.code, r.err
	case <-b.ctx.Done():
		return "", ErrMFACancelled
	}
}
