package sessionmgr

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Each case has exactly one malformed line, so no other line can mark the file malformed in its
// place. Without the mark the SDK reads the file as written: after an unclosed "[profile prod"
// it puts prod's keys into the section above, and dev would silently use prod's account.
var oneMalformedLine = []struct {
	name        string
	kind        fileKind
	text        string
	broken      string // the profile the malformed line belongs to ("" for none)
	fine        string // a profile that must keep its own settings
	fineKey     string // fine's access key ("" when it has none and must get none)
	secretAfter string // a key that only the broken part holds
}{
	{"unclosed header", configFile,
		"[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n[profile prod\naws_access_key_id = AKIDPROD\naws_secret_access_key = prodsecret\n",
		"prod", "dev", "AKIDDEV", "AKIDPROD"},
	{"unclosed header below a profile without keys", configFile,
		"[profile dev]\nregion = eu-west-1\n[profile prod\naws_access_key_id = AKIDPROD\naws_secret_access_key = prodsecret\n",
		"prod", "dev", "", "AKIDPROD"},
	{"unclosed header with a comment", configFile,
		"[profile dev]\nregion = eu-west-1\n[profile prod # no bracket\naws_access_key_id = AKIDPROD\naws_secret_access_key = prodsecret\n",
		"prod", "dev", "", "AKIDPROD"},
	{"unclosed header in credentials", credentialsFile,
		"[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n[prod\naws_access_key_id = AKIDPROD\naws_secret_access_key = prodsecret\n",
		"prod", "dev", "AKIDDEV", "AKIDPROD"},
	{"header without a name", configFile,
		"[profile dev]\nregion = eu-west-1\n[]\naws_access_key_id = AKIDNONAME\naws_secret_access_key = nonamesecret\n",
		"", "dev", "", "AKIDNONAME"},
	{"setting without =", configFile,
		"[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n[profile prod]\naws_access_key_id AKIDPROD\n",
		"prod", "dev", "AKIDDEV", ""},
	{"setting above every header", configFile,
		"aws_access_key_id = AKIDTOP\n[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n",
		"", "dev", "AKIDDEV", ""},
}

// TestOneMalformedLineMarksTheFile checks the parser alone: each malformed line marks the file.
func TestOneMalformedLineMarksTheFile(t *testing.T) {
	for _, c := range oneMalformedLine {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "file")
			writeFile(t, path, c.text)
			if f := readSharedFile(path, c.kind); !f.malformed {
				t.Errorf("%s file not marked malformed:\n%s", c.kind, c.text)
			}
			// The control: the same file without its malformed line is well-formed.
			var kept []string
			for _, line := range strings.Split(c.text, "\n") {
				if !strings.Contains(line, "[profile prod") && line != "[prod" && line != "[]" &&
					line != "aws_access_key_id AKIDPROD" && line != "aws_access_key_id = AKIDTOP" {
					kept = append(kept, line)
				}
			}
			writeFile(t, path, strings.Join(kept, "\n"))
			if f := readSharedFile(path, c.kind); f.malformed {
				t.Errorf("well-formed %s file marked malformed:\n%s", c.kind, strings.Join(kept, "\n"))
			}
		})
	}
}

// TestOneMalformedLineKeepsProfilesApart loads each file through the manager: the broken profile
// reports an error, and the profile beside it keeps exactly its own credentials.
func TestOneMalformedLineKeepsProfilesApart(t *testing.T) {
	ctx := context.Background()
	for _, c := range oneMalformedLine {
		t.Run(c.name, func(t *testing.T) {
			config, creds := c.text, ""
			if c.kind == credentialsFile {
				config, creds = "", c.text
			}
			m := newManager(t, config, creds, nil, nil)
			if c.broken != "" {
				if p := profileByName(t, m, c.broken); p.Err == nil {
					t.Errorf("profile %s has no error", c.broken)
				}
			}
			if p := profileByName(t, m, c.fine); p.Err != nil && c.fineKey != "" {
				t.Fatalf("profile %s broken by its neighbour: %v", c.fine, p.Err)
			}
			cfg, err := m.Config(ctx, c.fine, "")
			var got string
			if err == nil {
				if v, err := cfg.Credentials.Retrieve(ctx); err == nil {
					got = v.AccessKeyID
				}
			}
			if c.fineKey != "" && got != c.fineKey {
				t.Errorf("profile %s uses access key %q (Config: %v), want %s", c.fine, got, err, c.fineKey)
			}
			if c.secretAfter != "" && got == c.secretAfter {
				t.Errorf("profile %s got the broken section's access key %s", c.fine, got)
			}
		})
	}
}
