package xferboard

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// Page lists every transfer on the board, newest first — a progress bar, bytes, rate, ETA and
// state each — and their total. x cancels the one under the cursor, r retries its failed files;
// under the cursor's row are its failed files with the reason.
type Page struct {
	pagekit.LivePage
	board *Board
	bar   progress.Model
}

// NewPage returns the transfers page of board, redrawn twice a second so rates and ETAs move
// even between events.
func NewPage(env tui.Env, board *Board) *Page {
	th := env.Styles.Theme
	bar := progress.New(progress.WithWidth(16), progress.WithoutPercentage())
	if th.NoColor {
		// Characters instead of colours: the filled part stays readable without them.
		bar = progress.New(progress.WithWidth(16), progress.WithoutPercentage(), progress.WithFillCharacters('#', '.'),
			progress.WithColors(lipgloss.NoColor{}))
		bar.EmptyColor = lipgloss.NoColor{}
	} else {
		bar = progress.New(progress.WithWidth(16), progress.WithoutPercentage(), progress.WithColors(lipgloss.Color(th.Accent)))
		bar.EmptyColor = lipgloss.Color(th.Dim)
	}
	return &Page{LivePage: pagekit.NewLivePage(env, 500*time.Millisecond), board: board, bar: bar}
}

func (p *Page) Title() string              { return "transfers" }
func (p *Page) Update(msg tea.Msg) tea.Cmd { return p.Handle(msg, p.actions()) }

// actions is the page's action table: its keys, footer and help.
func (p *Page) actions() tui.Actions {
	jobs := p.board.Jobs()
	a, t := p.Env.Keys.Actions, p.Env.Keys.Table
	cur := func() *Job {
		if p.Cursor < len(jobs) {
			return jobs[p.Cursor]
		}
		return nil
	}
	running := func() bool { j := cur(); return j != nil && !j.Done }
	failed := func() bool { j := cur(); return j != nil && j.Done && len(j.Errors) > 0 }
	return append(tui.Actions{
		{Binding: tui.Rename(a.Cancel, "cancel transfer"), Footer: true, Enabled: running, Run: func() tea.Cmd {
			p.board.Cancel(cur().ID)
			return tui.Toast(textsafe.Sprintf("cancelling %s", cur().Title))
		}},
		{Binding: tui.Rename(t.Refresh, "retry failed files"), Footer: true, Enabled: failed, Run: func() tea.Cmd {
			p.Cursor = 0 // the retry is the newest job
			return p.board.Retry(cur().ID)
		}},
	}, p.CursorKeys(len(jobs))...)
}

func (p *Page) Status() string {
	done, total, rate, n := p.board.Totals()
	if n == 0 {
		return "none running"
	}
	return fmt.Sprintf("%d running · %s of %s · %s/s", n, format.Bytes(done), format.Bytes(total), format.Bytes(int64(rate)))
}

func (p *Page) Busy() bool { return p.board.Indicator() != "" }

func percent(done, total int64) float64 {
	if total <= 0 {
		return 1
	}
	return min(float64(done)/float64(total), 1)
}

func eta(d time.Duration, ok bool) string {
	if !ok {
		return "–"
	}
	return format.Duration(d.Round(time.Second))
}

func (p *Page) View() string {
	st := p.Env.Styles
	jobs := p.board.Jobs()
	if len(jobs) == 0 {
		o := p.Env.Keys.Objects
		return st.Dim.Render("No transfers yet. In the S3 browser, " + tui.KeyHint(o.Download, "downloads the selected objects or prefixes and ") +
			tui.KeyHint(o.Upload, "uploads files or a directory."))
	}
	var b strings.Builder
	// The state before the bar, so a narrow terminal cuts the rate and ETA rather than it.
	const row = "  %-24s %-14s %-16s %4s %17s %10s %6s"
	b.WriteString(st.TableHead.Render(ansi.Truncate(fmt.Sprintf(row, "TRANSFER", "STATE", "PROGRESS", "", "BYTES", "RATE", "ETA"), p.W, "…")))
	for i, j := range jobs {
		pct := percent(j.Bytes, j.Total)
		rate, left := "", "–"
		if !j.Done {
			rate = format.Bytes(int64(j.Rate())) + "/s"
			left = eta(j.ETA())
		} else {
			left = format.Duration(j.Ended.Sub(j.Started).Round(time.Millisecond))
		}
		title := ansi.Truncate(textsafe.Clean(j.Title), 24, "…")
		line := fmt.Sprintf("  %-24s %-14s %s %3d%% %17s %10s %6s", title, ansi.Truncate(j.State(), 14, "…"), p.bar.ViewAs(pct), int(pct*100),
			format.Bytes(j.Bytes)+"/"+format.Bytes(j.Total), rate, left)
		line = ansi.Truncate(line, p.W, "…")
		b.WriteString("\n")
		if i == p.Cursor {
			b.WriteString(st.Cursor.Render(ansi.Strip(line)))
		} else {
			b.WriteString(line)
		}
		if i == p.Cursor {
			// The cursor's transfer in full: the row cuts long titles.
			full := textsafe.Clean(j.Title) + " · " + j.State()
			for _, l := range strings.Split(ansi.Wrap(full, max(p.W-4, 20), " "), "\n") {
				b.WriteString("\n    " + st.Dim.Render(l))
			}
		}
		if i == p.Cursor && len(j.Errors) > 0 && !j.Cancelled {
			n := 0
			for idx, it := range j.Items {
				err, failed := j.Errors[idx]
				if !failed {
					continue
				}
				if n == 5 {
					b.WriteString("\n    " + st.Dim.Render(fmt.Sprintf("… %d more failed", len(j.Errors)-5)))
					break
				}
				n++
				msg := textsafe.Clean(it.Src() + ": " + s3xfer.Describe(err))
				for _, l := range strings.Split(ansi.Wrap(msg, max(p.W-4, 20), " "), "\n") {
					b.WriteString("\n    " + st.Error.Render(l))
				}
			}
		}
		if i == p.Cursor {
			for n, w := range j.LeftOut {
				if n == 5 {
					b.WriteString("\n    " + st.Dim.Render(fmt.Sprintf("… %d more left out", len(j.LeftOut)-5)))
					break
				}
				for _, l := range strings.Split(ansi.Wrap(textsafe.Clean("left out: "+w.String()), max(p.W-4, 20), " "), "\n") {
					b.WriteString("\n    " + st.Dim.Render(l))
				}
			}
		}
	}
	done, total, rate, n := p.board.Totals()
	if n > 0 {
		b.WriteString("\n\n" + st.Dim.Render(fmt.Sprintf("  total: %d running, %s of %s, %s/s", n, format.Bytes(done), format.Bytes(total), format.Bytes(int64(rate)))))
	}
	return b.String()
}

func (p *Page) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*Page)(nil)
	_ tui.StatusReporter = (*Page)(nil)
)

// Register adds :transfers (alias :xfer), the board's page.
func Register(cmds *tui.Commands, env tui.Env, board *Board) {
	cmds.Add(tui.Command{Name: "transfers", Aliases: []string{"xfer"}, Help: "S3 downloads and uploads; " + tui.KeyHint(env.Keys.Actions.Cancel, "cancels one"),
		Run: func(tui.Session, []string) tea.Cmd { return tui.Push(NewPage(env, board)) }})
}
