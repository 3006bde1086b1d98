package cli

import (
	"bytes"
	"context"
	"testing"
)

// nimbus mb and rb print aws s3 mb's and rb's lines and exit as they do; each case runs aws on
// one copy of the buckets and nimbus on another.
func TestMbRbMatchAWSCLI(t *testing.T) {
	awsBin, env := rmAWSCLI(t)
	cases := []struct {
		name string
		run  func(f *lsFixture, out, errOut *bytes.Buffer) int
		args []string
	}{
		{"mb", func(f *lsFixture, o, e *bytes.Buffer) int {
			return Mb(context.Background(), f.nav, "s3://fresh", "", o, e)
		},
			[]string{"mb", "s3://fresh"}},
		{"mb existing", func(f *lsFixture, o, e *bytes.Buffer) int {
			return Mb(context.Background(), f.nav, "s3://beta", "", o, e)
		},
			[]string{"mb", "s3://beta"}},
		{"rb empty", func(f *lsFixture, o, e *bytes.Buffer) int {
			return Rb(context.Background(), f.nav, "s3://beta", false, o, e)
		},
			[]string{"rb", "s3://beta"}},
		{"rb not empty", func(f *lsFixture, o, e *bytes.Buffer) int {
			return Rb(context.Background(), f.nav, "s3://gamma", false, o, e)
		},
			[]string{"rb", "s3://gamma"}},
		{"rb force", func(f *lsFixture, o, e *bytes.Buffer) int {
			return Rb(context.Background(), f.nav, "s3://alpha", true, o, e)
		},
			[]string{"rb", "s3://alpha", "--force"}},
		{"rb missing", func(f *lsFixture, o, e *bytes.Buffer) int {
			return Rb(context.Background(), f.nav, "s3://nobucket", false, o, e)
		},
			[]string{"rb", "s3://nobucket"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			theirs, ours := newLsFixture(t, sampleObjects), newLsFixture(t, sampleObjects)
			want, awsErr, wantCode := runRmAWS(t, awsBin, env, theirs.url, append([]string{"s3"}, tc.args...)...)
			var out, errOut bytes.Buffer
			code := tc.run(ours, &out, &errOut)
			if got := sortLines(out.String()); got != sortLines(want) {
				t.Errorf("nimbus printed\n%s--- aws\n%s(aws stderr %s)", got, sortLines(want), awsErr)
			}
			if code != wantCode {
				t.Errorf("exit code %d, aws %d (nimbus stderr %q, aws stderr %q)", code, wantCode, errOut.String(), awsErr)
			}
			theirBuckets, err := theirs.nav.Buckets(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			ourBuckets, err := ours.nav.Buckets(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(theirBuckets) != len(ourBuckets) {
				t.Errorf("nimbus left %v, aws %v", ourBuckets, theirBuckets)
			}
		})
	}
}

func TestMbRbRefuseAKey(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Mb(context.Background(), nil, "s3://b/k", "", &out, &errOut); code != ExitUsage {
		t.Errorf("mb s3://b/k: %d", code)
	}
	if code := Rb(context.Background(), nil, "b", false, &out, &errOut); code != ExitUsage {
		t.Errorf("rb b: %d", code)
	}
}
