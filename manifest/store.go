package manifest

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/lazyregexp"
)

// StoreURL is reel.yaml's store: the URL of the store a team's clones and
// CI runners share (s3://bucket/prefix or file:///path), or "" for none.
func (p *Project) StoreURL() string { return p.Config.Store }

// bucketName is what S3 takes as a bucket name: 3 to 63 lower-case
// letters, digits, dots and hyphens, starting and ending with a letter or
// digit.
var bucketName = lazyregexp.New(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// checkStore refuses a store URL reel cannot open, and one that carries
// credentials: a store's credentials come from the AWS chain (the
// environment, a profile, an instance role), never from a file in the
// repository, where every clone and every fork would have them.
func (p *Project) checkStore() Errors {
	n := p.tree.Get("store")
	if n == nil {
		return nil
	}
	raw := p.Config.Store
	if msg := storeProblem(raw); msg != "" {
		return Errors{errAt(n, "store", "%q: %s", redactStore(raw), msg)}
	}
	return nil
}

// storeProblem says what is wrong with a store URL, or "" if nothing.
func storeProblem(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "not a URL: write s3://bucket/prefix or file:///path"
	case u.User != nil:
		return "credentials do not go in reel.yaml: remove them from the URL and give them through the AWS chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance role)"
	case u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return "a store URL has no query or fragment (region, endpoint and credentials come from the AWS chain: AWS_REGION, AWS_ENDPOINT_URL_S3, AWS_PROFILE): write s3://bucket/prefix"
	}
	switch u.Scheme {
	case "s3":
		if !bucketName.MatchString(u.Host) {
			return "the bucket must be 3 to 63 lower-case letters, digits, dots or hyphens: write s3://bucket/prefix"
		}
		if strings.Contains(u.Path, "//") || strings.Contains("/"+u.Path+"/", "/../") || strings.Contains("/"+u.Path+"/", "/./") {
			return "the prefix must be a clean path below the bucket, e.g. s3://bucket/team/reel"
		}
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return "a shared folder is file:///absolute/path (three slashes): the part after file:// is a host"
		}
		if !strings.HasPrefix(u.Path, "/") || u.Path == "/" {
			return "give the shared folder's absolute path, e.g. file:///mnt/team/reel-store"
		}
	default:
		return "unknown scheme " + strconv.Quote(u.Scheme) + ": write s3://bucket/prefix or file:///path"
	}
	return ""
}

// redactStore is a store URL as an error may print it: without a
// password it carries by mistake.
func redactStore(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = url.User("REDACTED")
	return u.String()
}
