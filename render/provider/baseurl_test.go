package provider

import (
	"strings"
	"testing"
)

func TestBaseURLPrecedence(t *testing.T) {
	const env = "REEL_TEST_API_BASE"
	const def = "https://api.example.com"
	t.Setenv(env, "")
	u, err := BaseURL("", env, def+"/")
	if err != nil || u.String() != def {
		t.Fatalf("default: %v, %v", u, err)
	}
	t.Setenv(env, "https://proxy.example.com/heygen/")
	if u, _ = BaseURL("", env, def); u.String() != "https://proxy.example.com/heygen" {
		t.Fatalf("env: %v", u)
	}
	if u, _ = BaseURL("http://127.0.0.1:8080", env, def); u.String() != "http://127.0.0.1:8080" {
		t.Fatalf("configured: %v", u)
	}
}

func TestCheckURL(t *testing.T) {
	for _, tc := range []struct {
		url, err string
	}{
		{"https://api.heygen.com", ""},
		{"http://127.0.0.1:9000", ""},
		{"http://127.9.8.7", ""},
		{"http://[::1]:9000/x", ""},
		{"http://localhost:9000", ""},
		{"http://LOCALHOST.", ""},
		{"http://api.heygen.com", "plain http:// is refused except on loopback"},
		{"http://10.0.0.1", "plain http:// is refused"},
		{"http://localhost.evil.com", "plain http:// is refused"},
		{"ftp://example.com", `scheme "ftp" is not supported`},
		{"https://user:hunter2@api.example.com", "credentials in a URL are refused"},
		{"api.heygen.com/v3", "no host"},
	} {
		_, err := BaseURL(tc.url, "", "")
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("BaseURL(%q) = %v, want %q", tc.url, err, tc.err)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error prints the password: %v", err)
		}
	}
}
