// Command nimbus is a terminal UI that explores AWS the way boto3 lets a program explore it:
// sessions, clients, resources, collections and waiters, keyboard-driven.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"github.com/nimbus-tui/nimbus/cli"
	"github.com/nimbus-tui/nimbus/demo"
	_ "github.com/nimbus-tui/nimbus/internal/prefault" // maps the code beside start-up
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/internal/userconfig"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// flags is nimbus's command line: global flags with the AWS CLI's names, and the headless commands.
// Without a command nimbus starts the TUI.
type flags struct {
	globals

	UI         uiCmd         `cmd:"" default:"1" hidden:"" help:"Start the terminal UI."`
	Ls         lsCmd         `cmd:"" help:"List buckets, or the prefixes and objects under s3://bucket/prefix/, like aws s3 ls."`
	Services   servicesCmd   `cmd:"" help:"List every AWS service nimbus can call: name, protocol, operation count."`
	Operations operationsCmd `cmd:"" help:"List a service's operations: name, read or mutate, first sentence of the doc."`
	Call       callCmd       `cmd:"" help:"Call any operation of any service and print its output as JSON, like aws --output json."`
	Wait       waitCmd       `cmd:"" help:"Run a waiter, printing one line per attempt; exit 0 once the resource is ready."`
	Login      loginCmd      `cmd:"" help:"Log in to the profile's SSO session, like aws sso login: in the browser (authorization code) where one opens, else with a device code; renews with the refresh token when it can."`
	Accounts   accountsCmd   `cmd:"" help:"List every account and role the profile's SSO login can open."`
	Mb         mbCmd         `cmd:"" help:"Create a bucket in the session's region, like aws s3 mb."`
	Rb         rbCmd         `cmd:"" help:"Delete a bucket (--force: its objects first), like aws s3 rb."`
	Presign    presignCmd    `cmd:"" help:"Print a presigned URL of an object (GET, or PUT with --method), like aws s3 presign."`
	Rm         rmCmd         `cmd:"" help:"Delete an object, or every key under a prefix with --recursive, like aws s3 rm."`
	Cp         cpCmd         `cmd:"" help:"Copy files and objects (local to S3, S3 to local, S3 to S3), like aws s3 cp."`
	Mv         mvCmd         `cmd:"" help:"Move files and objects: copy, then remove the source, like aws s3 mv."`
	Sync       syncCmd       `cmd:"" help:"Make a prefix or directory like another: copy what is missing or changed, like aws s3 sync."`
	Logs       logsCmd       `cmd:"" help:"CloudWatch Logs: tail groups (like aws logs tail) and run Insights queries."`
	Console    consoleCmd    `cmd:"" help:"Open the AWS console in the browser, signed in as the profile (federation), at a resource type or resource; prints the URL when no browser can be opened."`
}

// globals are the flags every command takes, with the AWS CLI's names.
type globals struct {
	Profile     string `help:"Profile from ~/.aws/config to use (default: AWS_PROFILE, then default)." placeholder:"NAME"`
	Region      string `help:"Region to use (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's)." placeholder:"NAME"`
	EndpointURL string `name:"endpoint-url" help:"Send every call to this endpoint (default: AWS_ENDPOINT_URL; AWS_ENDPOINT_URL_<SERVICE> per service)." placeholder:"URL"`
	ReadOnly    bool   `name:"readonly" help:"Refuse every call that may change state, before it is sent."`
	Demo        bool   `help:"Run on the built-in demo: a small AWS in process (S3, EC2, DynamoDB, SQS, Logs, Lambda, CloudFormation, IAM) with its own profiles; no AWS account needed."`
	// DemoSpeed runs the demo world's clock faster (the end-to-end tests; hidden).
	DemoSpeed float64          `name:"demo-speed" hidden:"" default:"1" env:"NIMBUS_DEMO_SPEED"`
	Debug     string           `help:"Write a debug log to this file (nothing is ever printed over the TUI)." placeholder:"FILE" type:"path"`
	Keys      string           `help:"Key map file (JSON of context.action to keys)." placeholder:"FILE" type:"path" default:"${keysFile}"`
	Refresh   time.Duration    `help:"Refresh resource tables this often while they are shown (0 turns it off)." default:"30s"`
	NoMouse   bool             `name:"no-mouse" help:"Leave the mouse to the terminal (its selection and scrolling); also mouse: false in ~/.config/nimbus/config.yaml."`
	Theme     string           `help:"Colours for a dark or light terminal background: dark, light or auto (the theme file's base, else COLORFGBG, else dark)." enum:"auto,dark,light" default:"auto" env:"NIMBUS_THEME"`
	ThemeFile string           `name:"theme-file" help:"Theme file (JSON: base and colours by role)." placeholder:"FILE" type:"path" default:"${themeFile}"`
	Version   kong.VersionFlag `help:"Print the version and exit."`

	// Seconds, as the AWS CLI's options of the same names; unset means the profile's
	// cli_read_timeout / cli_connect_timeout, else 60.
	ReadTimeout    *float64 `name:"cli-read-timeout" help:"Seconds each attempt may wait for the network before it is retried (0: no limit; default: the profile's cli_read_timeout, else 60)." placeholder:"SECONDS"`
	ConnectTimeout *float64 `name:"cli-connect-timeout" help:"Seconds to open a connection (0: no limit; default: the profile's cli_connect_timeout, else 60)." placeholder:"SECONDS"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := runProcess(ctx, process{setMemoryLimit: debug.SetMemoryLimit, setGCPercent: debug.SetGCPercent,
		setLogOutput: setLogOutput}, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// kongExit carries the code kong asks to exit with (after --help or --version) out of Parse.
type kongExit int

// run is nimbus on args (without the program name). It returns the exit code, the AWS CLI v2's
// (see cli.ExitCode and the README): 252 for a command line that does not parse, 130 when ctx
// was cancelled (Ctrl-C) while a command failed.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	return runProcess(ctx, process{}, args, stdout, stderr)
}

// process is what only the real process may change (tests run commands in their own process):
// the runtime's soft memory limit and GOGC.
type process struct {
	setMemoryLimit func(int64) int64
	setGCPercent   func(int) int
	// setLogOutput is where the standard library's logger writes.
	setLogOutput func(io.Writer)
}

// setLogOutput sends the standard logger's lines to w, without its own date (slog adds one).
func setLogOutput(w io.Writer) {
	log.SetFlags(0)
	log.SetOutput(w)
}

// libraryLog writes the lines libraries print with the standard logger to the debug log:
// transfermanager log.Printf's a failed CompleteMultipartUpload, and on stderr that line was drawn
// across the TUI's screen (and, headless, repeated the failure nimbus reports, its server's words
// unescaped).
type libraryLog struct{ logger *slog.Logger }

func (l libraryLog) Write(p []byte) (int, error) {
	l.logger.Warn("library log", "line", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// runProcess is run with the process's knobs.
func runProcess(ctx context.Context, proc process, args []string, stdout, stderr io.Writer) (code int) {
	// Messages on stderr quote servers, config files and flags: every byte goes through the safe
	// writer, whatever the code that wrote it remembered to clean.
	stderr = textsafe.NewWriter(stderr)
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(kongExit)
			if !ok {
				panic(r)
			}
			code = int(e)
		}
	}()
	keysFile := defaultKeysFile()
	// The TUI's line is nimbus's usual start: read without kong (parseTUI); any other line, or
	// one parseTUI is not sure of, goes to the whole parser.
	c, tui := parseTUI(args, keysFile)
	var kctx *kong.Context
	if !tui {
		var all flags
		opts := append(parserOptions(keysFile), kong.Writers(stdout, stderr),
			kong.Exit(func(code int) { panic(kongExit(code)) }))
		parser, err := kong.New(&all, opts...)
		if err != nil {
			fmt.Fprintln(stderr, "nimbus:", err)
			return cli.ExitError
		}
		if kctx, err = parser.Parse(args); err != nil {
			fmt.Fprintf(stderr, "nimbus: error: %s\nRun \"nimbus --help\" for usage.\n", textsafe.Clean(err.Error()))
			return cli.ExitUsage
		}
		c = &all.globals
	}
	logger, closeLog, err := openDebugLog(c.Debug)
	if err != nil {
		fmt.Fprintln(stderr, "nimbus:", textsafe.Clean(err.Error()))
		return cli.ExitError
	}
	defer closeLog()
	if proc.setLogOutput != nil {
		proc.setLogOutput(libraryLog{logger})
	}
	rc := &runContext{ctx: ctx, global: c, logger: logger, stdout: stdout, stderr: stderr, exit: &code,
		mfa: sessionmgr.TerminalMFAPrompt(os.Stdin, stderr), proc: proc}
	rc.config, rc.configErr = userconfig.Load(configDir())
	if c.Demo {
		// The demo's profiles are not the user's: the demo brings their settings (demo-prod is
		// read-only with a red header); only the user's mouse setting carries over.
		rc.config, rc.configErr = demo.Settings(rc.config), nil
	}
	run := func() error { return (uiCmd{}).Run(rc) }
	if !tui {
		if rc.configErr != nil && kctx.Command() != "ui" {
			// The TUI says it in a toast; a command says it once here and goes on, every profile read-only.
			fmt.Fprintf(stderr, "nimbus: warning: %s; every profile is read-only until it is fixed\n", textsafe.Clean(rc.configErr.Error()))
		}
		run = func() error { return kctx.Run(rc) }
	}
	if err := run(); err != nil {
		fmt.Fprintln(stderr, "nimbus:", cli.Explain(err))
		code = cli.ExitCode(err)
	}
	if code != cli.ExitOK && ctx.Err() != nil {
		code = cli.ExitInterrupted
	}
	return code
}

// parserOptions are the command line parser's options; the root package's tests parse with them too.
func parserOptions(keysFile string) []kong.Option {
	return []kong.Option{
		kong.Name("nimbus"),
		kong.Description("A terminal UI that explores AWS the way boto3 lets a program explore it."),
		kong.UsageOnError(),
		parserVars(keysFile),
	}
}

func parserVars(keysFile string) kong.Vars {
	return kong.Vars{"version": version, "keysFile": keysFile, "themeFile": configFile("theme.json")}
}

// runContext is what every command's Run gets.
type runContext struct {
	ctx    context.Context
	global *globals
	// seedAfter, when set, holds the demo server's seeding until it is closed (the UI's first
	// frame); nil seeds at once.
	seedAfter <-chan struct{}
	logger    *slog.Logger
	stdout    io.Writer
	stderr    io.Writer
	exit      *int
	// mfa asks for MFA codes: on the terminal for headless commands (an error when stdin is not
	// one); the TUI replaces it with its dialog.
	mfa sessionmgr.MFAPrompt
	// config is nimbus's own config file (internal/userconfig); configErr why it could not be
	// read, when it could not: every profile is read-only then, since a rule may have been lost.
	config    userconfig.Config
	configErr error
	proc      process
}

// profileReadOnly is sessionmgr.Options.ProfileReadOnly from nimbus's config.
func (r *runContext) profileReadOnly(profile string) string {
	if r.configErr != nil {
		return "nimbus's config file has an error"
	}
	if p := r.config.Profile(profile); p.ReadOnly {
		return p.ReadOnlyBy
	}
	return ""
}

// openDebugLog returns a logger writing to path, or one that discards everything.
func openDebugLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return slog.New(slog.DiscardHandler), func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("opening debug log: %w", err)
	}
	once := false
	return slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug})), func() {
		if !once {
			once = true
			f.Close()
		}
	}, nil
}

func defaultKeysFile() string { return configFile("keys.json") }

// configFile is the path of one of nimbus's files in the user's config directory
// (~/.config/nimbus on Linux), or "" when there is none.
func configFile(name string) string {
	dir := configDir()
	if dir == "" {
		return ""
	}
	return dir + "/" + name
}

// configDir is nimbus's config directory: $XDG_CONFIG_HOME/nimbus, else ~/.config/nimbus on
// Linux (os.UserConfigDir), or "" when there is none.
func configDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return dir + "/nimbus"
}
