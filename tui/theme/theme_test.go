package theme

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func writeFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "theme.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadChoosesThePalette(t *testing.T) {
	for _, c := range []struct {
		name, flag, file string
		env              map[string]string
		want             string
	}{
		{"default is dark", "", "", nil, "dark"},
		{"flag", "light", "", nil, "light"},
		{"auto from a light COLORFGBG", "auto", "", map[string]string{"COLORFGBG": "0;15"}, "light"},
		{"auto from a dark COLORFGBG", "", "", map[string]string{"COLORFGBG": "15;default;0"}, "dark"},
		{"file base", "", `{"base": "light"}`, nil, "light"},
		{"flag beats the file", "dark", `{"base": "light"}`, nil, "dark"},
		{"file beats COLORFGBG", "", `{"base": "dark"}`, map[string]string{"COLORFGBG": "0;15"}, "dark"},
	} {
		o := Options{Name: c.flag, Getenv: env(c.env)}
		if c.file != "" {
			o.File = writeFile(t, c.file)
		}
		th, err := Load(o)
		if err != nil || th.Name != c.want {
			t.Errorf("%s: theme %q (%v), want %q", c.name, th.Name, err, c.want)
		}
		if c.want == "light" && th.Palette != Light() || c.want == "dark" && th.Palette != Dark() {
			t.Errorf("%s: palette %+v", c.name, th.Palette)
		}
	}
}

func TestNoColorWinsEverywhere(t *testing.T) {
	th, err := Load(Options{Name: "light", File: writeFile(t, `{"colors": {"accent": "#ff0000"}}`), Getenv: env(map[string]string{"NO_COLOR": "1"})})
	if err != nil || !th.NoColor {
		t.Fatalf("NO_COLOR: %+v %v", th, err)
	}
	if out := th.Text(th.Accent).Render("x"); out != "x" {
		t.Errorf("Fg without colour painted %q", out)
	}
	if out := th.On(th.Accent).Render("x"); strings.Contains(out, "38;") || strings.Contains(out, "48;") || out == "x" {
		t.Errorf("On without colour should be reverse video only: %q", out)
	}
}

func TestFileOverridesRoles(t *testing.T) {
	th, err := Load(Options{File: writeFile(t, `{"colors": {"accent": "#d7005f", "Dim": "244"}}`)})
	if err != nil {
		t.Fatal(err)
	}
	if th.Accent != "#d7005f" || th.Dim != "244" || th.OK != Dark().OK {
		t.Errorf("palette %+v", th.Palette)
	}
	if out := th.Text(th.Accent).Render("x"); !strings.Contains(out, "215;0;95") {
		t.Errorf("the override is not what is drawn: %q", out)
	}
}

func TestBadFilesSayWhy(t *testing.T) {
	for body, want := range map[string]string{
		`{"colors": {"acent": "#fff"}}`: `unknown role "acent"`,
		`{"colors": {"err": "red"}}`:    `"red" is not a colour`,
		`{"colors": {"err": "300"}}`:    `"300" is not a colour`,
		`{"base": "sepia"}`:             `base "sepia"`,
		`{"colours": {}}`:               `unknown field`,
		`not json`:                      `is not {"base"`,
	} {
		th, err := Load(Options{File: writeFile(t, body)})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one saying %s", body, err, want)
		}
		if th.Palette != Dark() {
			t.Errorf("%s: a bad file should leave the default palette, got %+v", body, th.Palette)
		}
	}
	if _, err := Load(Options{Name: "sepia"}); err == nil {
		t.Error("--theme sepia: no error")
	}
	if _, err := Load(Options{File: filepath.Join(t.TempDir(), "missing.json")}); err != nil {
		t.Errorf("a missing file is not an error: %v", err)
	}
}
