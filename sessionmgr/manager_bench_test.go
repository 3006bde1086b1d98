package sessionmgr

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// bigConfig returns a config and credentials file with n profiles of mixed kinds.
func bigConfig(n int) (config, credentials string) {
	var c, k strings.Builder
	c.WriteString("[default]\nregion = eu-west-1\n")
	k.WriteString("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n")
	c.WriteString("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n")
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&c, "[profile p%d]\nregion = us-west-2\n", i)
			fmt.Fprintf(&k, "[p%d]\naws_access_key_id = AKID%d\naws_secret_access_key = s%d\n", i, i, i)
		case 1:
			fmt.Fprintf(&c, "[profile p%d]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = R\n", i)
		default:
			fmt.Fprintf(&c, "[profile p%d]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = default\n", i)
		}
	}
	return c.String(), k.String()
}

// BenchmarkNew measures reading and checking the shared files (done at start-up and on Reload).
func BenchmarkNew(b *testing.B) {
	for _, n := range []int{10, 100, 500} {
		b.Run(fmt.Sprintf("profiles=%d", n), func(b *testing.B) {
			config, credentials := bigConfig(n)
			dir := b.TempDir()
			cfgPath, credPath := dir+"/config", dir+"/credentials"
			writeFile(b, cfgPath, config)
			writeFile(b, credPath, credentials)
			getenv := func(string) string { return "" }
			b.ReportAllocs()
			for b.Loop() {
				if _, err := New(Options{ConfigFile: cfgPath, CredentialsFile: credPath, Getenv: getenv}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConfigCached measures a cache hit, what every page load pays.
func BenchmarkConfigCached(b *testing.B) {
	config, credentials := bigConfig(10)
	dir := b.TempDir()
	writeFile(b, dir+"/config", config)
	writeFile(b, dir+"/credentials", credentials)
	m, err := New(Options{ConfigFile: dir + "/config", CredentialsFile: dir + "/credentials", Getenv: func(string) string { return "" }})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := m.Config(ctx, "p0", "eu-west-1"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Config(ctx, "p0", "eu-west-1"); err != nil {
			b.Fatal(err)
		}
	}
}
