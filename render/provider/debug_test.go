package provider

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestDebugWriterFollowsREEL_DEBUG(t *testing.T) {
	for v, on := range map[string]bool{"": false, "http": true, "plan, http": true, "all": true, "plan": false} {
		t.Setenv("REEL_DEBUG", v)
		if got := DebugWriter() == os.Stderr; got != on {
			t.Errorf("REEL_DEBUG=%q: debug %v, want %v", v, got, on)
		}
	}
}

func TestDebugLogRedactsCredentials(t *testing.T) {
	s := newScript(t, reply(429, `{}`, "Retry-After", "1"), reply(200, `{}`))
	var log strings.Builder
	c := testClient(t, s.srv, &sleeps{}, func(c *ClientConfig) {
		c.Debug = &log
		c.Auth = Auth{Header: "Authorization", Scheme: "Bearer", Key: testKey}
	})
	if err := c.JSON(context.Background(), Request{Op: "get", Path: "media?Signature=s3cr3tsig&id=7"}, nil); err != nil {
		t.Fatal(err)
	}
	out := log.String()
	for _, secret := range []string{testKey, "s3cr3tsig"} {
		if strings.Contains(out, secret) {
			t.Fatalf("debug log holds %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{`Authorization="REDACTED"`, "Signature=REDACTED&id=7", "429 Too Many Requests", `Retry-After="1"`, "200 OK"} {
		if !strings.Contains(out, want) {
			t.Fatalf("debug log lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "--> GET"); n != 2 {
		t.Fatalf("logged %d attempts, want 2:\n%s", n, out)
	}
}
