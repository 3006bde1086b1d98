package main

import (
	"os"
	"runtime"

	"github.com/alecthomas/kong"
	"github.com/charmbracelet/x/term"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/cli"
)

// transferFlags are the flags cp, mv and sync share: aws s3's names.
type transferFlags struct {
	Include        []string `sep:"none" placeholder:"PATTERN" help:"Take part files matching the pattern again, after an --exclude (fnmatch: * matches / too; the last matching rule wins)."`
	Exclude        []string `sep:"none" placeholder:"PATTERN" help:"Leave out files matching the pattern."`
	DryRun         bool     `name:"dryrun" help:"Print what would be done; do nothing."`
	Quiet          bool     `help:"Print no result lines (failures are still printed)."`
	NoProgress     bool     `name:"no-progress" help:"Draw no progress line (it is drawn only on a terminal)."`
	StorageClass   string   `name:"storage-class" placeholder:"CLASS" help:"Storage class of the objects written (STANDARD, STANDARD_IA, GLACIER_IR…)."`
	ContentType    string   `name:"content-type" placeholder:"TYPE" help:"Content-Type of the objects written (default: guessed from the file name)."`
	FollowSymlinks bool     `name:"follow-symlinks" help:"Upload what symbolic links point to (by default they are skipped, with a warning)."`
}

// options builds cli.TransferOptions, with the include and exclude rules in the order they were
// given on the command line (kong keeps them in two lists; its parse path has the order).
func (f transferFlags) options(k *kong.Context, src, dst string) cli.TransferOptions {
	return cli.TransferOptions{Src: src, Dst: dst, Rules: filterRules(k, f.Include, f.Exclude), DryRun: f.DryRun, Quiet: f.Quiet,
		NoProgress: f.NoProgress, StorageClass: f.StorageClass, ContentType: f.ContentType,
		FollowSymlinks: f.FollowSymlinks, Terminal: term.IsTerminal(os.Stdout.Fd())}
}

// filterRules puts --include and --exclude back in their command-line order.
func filterRules(k *kong.Context, inc, exc []string) []s3xfer.Rule {
	var rules []s3xfer.Rule
	for _, p := range k.Path {
		if p.Flag == nil {
			continue
		}
		switch p.Flag.Name {
		case "include":
			if len(inc) > 0 {
				rules, inc = append(rules, s3xfer.Rule{Include: true, Pattern: inc[0]}), inc[1:]
			}
		case "exclude":
			if len(exc) > 0 {
				rules, exc = append(rules, s3xfer.Rule{Pattern: exc[0]}), exc[1:]
			}
		}
	}
	return rules
}

// cpCmd is `nimbus cp`.
type cpCmd struct {
	Src       string `arg:"" help:"A local file or directory, or s3://bucket/key."`
	Dst       string `arg:"" help:"A local file or directory, or s3://bucket/key."`
	Recursive bool   `help:"Copy every file under the directory or every key under the prefix."`
	transferFlags
}

// Run copies like `aws s3 cp`.
func (c cpCmd) Run(r *runContext, k *kong.Context) error {
	o := c.options(k, c.Src, c.Dst)
	o.Recursive = c.Recursive
	o.Planned = r.limitTransferMemory
	return r.withS3("cp", cli.TransferWrites("cp", o), func(nav *s3nav.Client) int { return cli.Cp(r.ctx, nav, o, r.stdout, r.stderr) })
}

// mvCmd is `nimbus mv`.
type mvCmd struct {
	Src       string `arg:"" help:"A local file or directory, or s3://bucket/key."`
	Dst       string `arg:"" help:"A local file or directory, or s3://bucket/key."`
	Recursive bool   `help:"Move every file under the directory or every key under the prefix."`
	transferFlags
}

// Run moves like `aws s3 mv`.
func (c mvCmd) Run(r *runContext, k *kong.Context) error {
	o := c.options(k, c.Src, c.Dst)
	o.Recursive = c.Recursive
	o.Planned = r.limitTransferMemory
	return r.withS3("mv", cli.TransferWrites("mv", o), func(nav *s3nav.Client) int { return cli.Mv(r.ctx, nav, o, r.stdout, r.stderr) })
}

// syncCmd is `nimbus sync`.
type syncCmd struct {
	Src             string `arg:"" help:"A local directory or s3://bucket/prefix."`
	Dst             string `arg:"" help:"A local directory or s3://bucket/prefix."`
	Delete          bool   `help:"Delete what the destination has and the source has not."`
	SizeOnly        bool   `name:"size-only" help:"Compare sizes only, not times."`
	ExactTimestamps bool   `name:"exact-timestamps" help:"Download when the times differ at all (by default only when the local file is newer)."`
	transferFlags
}

// Run syncs like `aws s3 sync`.
func (c syncCmd) Run(r *runContext, k *kong.Context) error {
	o := c.options(k, c.Src, c.Dst)
	o.Delete, o.SizeOnly, o.ExactTimestamps = c.Delete, c.SizeOnly, c.ExactTimestamps
	o.Planned = r.limitTransferMemory
	return r.withS3("sync", cli.TransferWrites("sync", o), func(nav *s3nav.Client) int { return cli.Sync(r.ctx, nav, o, r.stdout, r.stderr) })
}

// withS3 runs an S3 command on the session's S3 client and sets the exit code it returns; in a
// read-only session a command that writes (what it would change, "" for none) is refused first.
func (r *runContext) withS3(cmd, writes string, run func(*s3nav.Client) int) error {
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	if r.refuseWrites(cmd, mgr, writes) {
		return nil
	}
	cfg, ok := r.s3Config(cmd, mgr)
	if !ok {
		return nil
	}
	*r.exit = run(s3nav.New(cfg))
	return nil
}

// transferHeadroom is what a transfer command's Go heap may hold beside the plan and the engine's
// part buffers (the SDK's requests, progress) before the collector works harder.
const transferHeadroom = 24 << 20

// limitTransferMemory sets the runtime's soft memory limit just above what the transfers need:
// the heap live now (the plan: a million files are a few hundred MB of it) plus the engine's
// budget of part buffers. transfermanager allocates an upload's buffers afresh for every file, so
// without it the garbage of finished files lets the heap grow to twice the budget before the
// collector runs (4 × 512 MiB uploaded: 230–290 MB RSS without, 156–159 MB with; 173–181 MB with
// 48 MiB of headroom). GOMEMLIMIT, when set, wins.
func (r *runContext) limitTransferMemory() {
	if r.proc.setMemoryLimit == nil || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC() // what the planning left is garbage: the live heap is what stays
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	r.proc.setMemoryLimit(int64(st.HeapAlloc) + s3xfer.DefaultMemory + transferHeadroom)
}
