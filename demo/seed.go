package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// The demo buckets. Data and timestamps are the same on every run, so screens can be compared.
const (
	PhotosBucket = "demo-photos"
	LogsBucket   = "demo-logs"
	AssetsBucket = "demo-assets"
	// BigBucket holds BigKeys keys: flat/ (BigFlatKeys keys in one prefix) and by-day/ (the rest,
	// 1,000 a day).
	BigBucket   = "demo-big"
	BigKeys     = 100_000
	BigFlatKeys = 40_000

	// EscapeKey is a key holding terminal control sequences (red text, then reset): nimbus must
	// show it escaped, never let it colour the screen.
	EscapeKey = "weird/\x1b[31mred-alert\x1b[0m.txt"
)

// seedEpoch is when the demo's story starts; every object is dated after it.
var seedEpoch = time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)

// seedClock is the backend's time source: while seeding it gives the time the seeder set, so
// objects get realistic, repeatable dates (s3mem stamps each put with its clock); afterwards
// it is the real clock.
type seedClock struct {
	at   atomic.Int64
	live atomic.Bool
}

func newSeedClock() *seedClock {
	c := &seedClock{}
	c.set(seedEpoch)
	return c
}

func (c *seedClock) Now() time.Time {
	if c.live.Load() {
		return time.Now().UTC()
	}
	return time.Unix(0, c.at.Load()).UTC()
}

func (c *seedClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

func (c *seedClock) set(t time.Time) { c.at.Store(t.UnixNano()) }

func (c *seedClock) goLive() { c.live.Store(true) }

// seeder writes straight into the backend (no HTTP): seeding the small buckets takes
// milliseconds and the big one well under a second.
type seeder struct {
	backend *s3mem.Backend
	handler *S3Handler
	clock   *seedClock
}

func (s *seeder) bucket(name string, at time.Time) error {
	s.clock.set(at)
	if err := s.backend.CreateBucket(name); err != nil {
		return fmt.Errorf("creating bucket %s: %w", name, err)
	}
	return nil
}

// put stores one object dated at. meta holds HTTP header names (Content-Type, X-Amz-Meta-*),
// as gofakes3 replays them on GET and HEAD.
func (s *seeder) put(bucket, key string, at time.Time, body []byte, meta map[string]string) error {
	s.clock.set(at)
	m := map[string]string{"Last-Modified": at.UTC().Format(http.TimeFormat)}
	for k, v := range meta {
		m[k] = v
	}
	if _, ok := m["Content-Type"]; !ok {
		m["Content-Type"] = contentType(key)
	}
	if _, err := s.backend.PutObject(bucket, key, m, bytes.NewReader(body), int64(len(body)), nil); err != nil {
		return fmt.Errorf("putting s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}

func contentType(key string) string {
	switch {
	case strings.HasSuffix(key, ".txt"), strings.HasSuffix(key, ".log"):
		return "text/plain; charset=utf-8"
	case strings.HasSuffix(key, ".json"), strings.HasSuffix(key, ".ndjson"):
		return "application/json"
	case strings.HasSuffix(key, ".jpg"):
		return "image/jpeg"
	case strings.HasSuffix(key, ".png"):
		return "image/png"
	}
	return "binary/octet-stream" // what S3 itself says when nobody set a type
}

// small seeds every bucket but the big one.
func (s *seeder) small() error {
	for _, step := range []func() error{s.photos, s.logs, s.assets} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) photos() error {
	if err := s.bucket(PhotosBucket, seedEpoch.Add(-12*24*time.Hour)); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	for month, count := range []int{30, 25, 20} { // 2024/01/, 2024/02/, 2024/03/
		for i := 0; i < count; i++ {
			n++
			at := time.Date(2024, time.Month(month+1), 1+i%28, 10+i%8, i%60, n%60, 0, time.UTC)
			key := fmt.Sprintf("2024/%02d/img-%04d.jpg", month+1, n)
			if err := s.put(PhotosBucket, key, at, fakeJPEG(rng, 2048+rng.IntN(4096)), nil); err != nil {
				return err
			}
			if month == 0 && i < 5 { // a third level: 2024/01/thumbs/
				key = fmt.Sprintf("2024/01/thumbs/img-%04d-thumb.jpg", n)
				if err := s.put(PhotosBucket, key, at.Add(time.Minute), fakeJPEG(rng, 512), nil); err != nil {
					return err
				}
			}
		}
	}
	for i := 1; i <= 12; i++ {
		at := time.Date(2024, 4, i, 8, 30, 0, 0, time.UTC)
		if err := s.put(PhotosBucket, fmt.Sprintf("raw/DSC_%04d.NEF", i), at, randomBytes(rng, 8192), nil); err != nil {
			return err
		}
	}
	readme := "Holiday photos, sorted by year and month.\nRaw files are under raw/.\n"
	return s.put(PhotosBucket, "README.txt", seedEpoch, []byte(readme), nil)
}

func (s *seeder) logs() error {
	if err := s.bucket(LogsBucket, seedEpoch.Add(-30*24*time.Hour)); err != nil {
		return err
	}
	paths := []string{"/api/users", "/api/orders", "/health", "/api/photos/upload", "/login"}
	levels := []string{"INFO", "INFO", "INFO", "WARN", "ERROR"}
	for day := 1; day <= 7; day++ {
		lines := 40
		if day == 7 {
			lines = 3000 // about 270 KB: more than the 64 KiB preview
		}
		var b strings.Builder
		start := time.Date(2024, 6, day, 0, 0, 0, 0, time.UTC)
		for i := 0; i < lines; i++ {
			at := start.Add(time.Duration(i) * 17 * time.Second)
			fmt.Fprintf(&b, "%s %-5s request id=%08x path=%s status=%d dur=%dms\n",
				at.Format(time.RFC3339), levels[i%len(levels)], i*2654435761, paths[i%len(paths)],
				[]int{200, 200, 201, 404, 500}[i%5], 3+i%97)
		}
		key := fmt.Sprintf("app/2024-06-%02d.log", day)
		if err := s.put(LogsBucket, key, start.Add(24*time.Hour), []byte(b.String()), nil); err != nil {
			return err
		}
	}
	for day := 1; day <= 5; day++ {
		at := time.Date(2024, 6, day, 23, 59, 0, 0, time.UTC)
		body := fmt.Sprintf("{\n  \"date\": \"2024-06-%02d\",\n  \"events\": [\n    {\"type\": \"signup\", \"count\": %d},\n"+
			"    {\"type\": \"purchase\", \"count\": %d, \"amount_eur\": %d.%02d}\n  ]\n}\n", day, 10+day*3, day*7, day*123, day*7%100)
		if err := s.put(LogsBucket, fmt.Sprintf("events/2024-06-%02d.json", day), at, []byte(body), nil); err != nil {
			return err
		}
	}
	var nd strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&nd, "{\"seq\":%d,\"user\":\"user-%03d\",\"action\":\"view\",\"ms\":%d}\n", i, i*7%50, 10+i*3)
	}
	if err := s.put(LogsBucket, "events/stream.ndjson", time.Date(2024, 6, 6, 12, 0, 0, 0, time.UTC), []byte(nd.String()), nil); err != nil {
		return err
	}
	// A CI log with colours: the preview must show \x1b escapes, not green text.
	ci := "build started\n\x1b[32mPASS\x1b[0m unit tests (412)\n\x1b[33mWARN\x1b[0m 2 deprecations\n\x1b[31mFAIL\x1b[0m lint: line too long\n"
	if err := s.put(LogsBucket, "ci/build-1234.log", time.Date(2024, 6, 8, 7, 0, 0, 0, time.UTC), []byte(ci), nil); err != nil {
		return err
	}
	return s.put(LogsBucket, "empty.log", time.Date(2024, 6, 8, 7, 1, 0, 0, time.UTC), nil, nil)
}

func (s *seeder) assets() error {
	if err := s.bucket(AssetsBucket, seedEpoch.Add(-60*24*time.Hour)); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(3, 4))
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	logo, err := logoPNG()
	if err != nil {
		return err
	}
	objects := []struct {
		key  string
		body []byte
		meta map[string]string
		tags map[string]string
	}{
		{key: "images/logo.png", body: logo, meta: map[string]string{"Cache-Control": "max-age=86400"}},
		{key: "bin/random-4k.bin", body: randomBytes(rng, 4096)},
		{key: "bin/random-1m.bin", body: randomBytes(rng, 1<<20)},
		{key: "docs/manual.txt", body: []byte(manual), meta: map[string]string{
			"X-Amz-Meta-Owner": "ana", "X-Amz-Meta-Project": "nimbus", "Content-Language": "en",
		}},
		{key: "docs/report.json", body: []byte("{\"status\": \"green\", \"checks\": 37, \"failed\": 0}\n"),
			meta: map[string]string{"X-Amz-Meta-Generated-By": "ci"},
			tags: map[string]string{"project": "nimbus", "env": "demo", "owner": "ana"}},
		{key: "docs/café ☕ notes (draft).txt", body: []byte("Unicode and spaces in keys work too.\n")},
		{key: EscapeKey, body: []byte("This key and this text hold \x1b[31mANSI colour codes\x1b[0m and a bell\a.\n"),
			// Control bytes cannot travel in headers or XML, so metadata and tags stay plain here.
			meta: map[string]string{"X-Amz-Meta-Note": "the key holds ESC sequences"},
			tags: map[string]string{"danger": "escape-sequences"}},
	}
	for i, o := range objects {
		if err := s.put(AssetsBucket, o.key, at.Add(time.Duration(i)*time.Hour), o.body, o.meta); err != nil {
			return err
		}
		if o.tags != nil {
			s.handler.SetTags(AssetsBucket, o.key, sortedTags(o.tags))
		}
	}
	return nil
}

const manual = `nimbus demo manual
==================

Everything you see here is served by an in-process S3 server on 127.0.0.1.
Nothing leaves this machine.

Try: open demo-big and watch 100,000 keys stream in; press / to filter.
`

// createBig makes the big bucket before Start returns, so it is listed from the first frame.
func (s *seeder) createBig() error {
	return s.bucket(BigBucket, seedEpoch.Add(-1*time.Hour))
}

// fillBig puts BigKeys small objects into the big bucket, checking ctx every thousand keys.
func (s *seeder) fillBig(ctx context.Context) error {
	body := []byte(`{"ok":true}` + "\n")
	meta := map[string]string{"Content-Type": "application/json"}
	for i := 0; i < BigKeys; i++ {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("seeding s3://%s: stopped after %d keys: %w", BigBucket, i, err)
			}
		}
		var key string
		at := seedEpoch.Add(time.Duration(i) * time.Minute)
		if i < BigFlatKeys {
			key = fmt.Sprintf("flat/item-%06d.txt", i)
		} else {
			j := i - BigFlatKeys
			day := seedEpoch.AddDate(0, 0, j/1000)
			key = fmt.Sprintf("by-day/%s/event-%05d.json", day.Format("2006-01-02"), j%1000)
		}
		if err := s.put(BigBucket, key, at, body, meta); err != nil {
			return err
		}
	}
	return nil
}

// fakeJPEG is a JPEG header followed by noise: enough for `file` and for a hex dump to look right.
func fakeJPEG(rng *rand.Rand, n int) []byte {
	head := []byte{0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00}
	return append(head, randomBytes(rng, n)...)
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// logoPNG draws a small gradient and encodes it as a real PNG.
func logoPNG() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 8), G: uint8(y * 8), B: 200, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("drawing the demo logo: %w", err)
	}
	return buf.Bytes(), nil
}
