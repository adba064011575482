package provider

import (
	"errors"
	"strings"
	"testing"
)

func TestSecret(t *testing.T) {
	t.Setenv("REEL_TEST_KEY", "  pd_abc123456789 \n")
	if k, err := Secret("REEL_TEST_KEY"); err != nil || k != "pd_abc123456789" {
		t.Fatalf("Secret = %q, %v", k, err)
	}
	t.Setenv("REEL_TEST_KEY", "")
	_, err := Secret("REEL_TEST_KEY")
	if !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), "REEL_TEST_KEY is not set") {
		t.Fatalf("err = %v", err)
	}
}

func TestAuthValueAndScrub(t *testing.T) {
	a := Auth{Header: "Authorization", Scheme: "Key", Key: "id:secret-long"}
	if a.Value() != "Key id:secret-long" {
		t.Fatal(a.Value())
	}
	if got := a.scrub("echo Key id:secret-long"); got != "echo Key "+Redacted {
		t.Fatal(got)
	}
	short := Auth{Key: "abc"}
	if got := short.scrub("abcdef"); got != "abcdef" {
		t.Fatalf("a short key mangled text: %q", got)
	}
}
