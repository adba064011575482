package store

import (
	"errors"
	"fmt"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// s3Err gives an SDK error its kind: by the HTTP status when the store
// answered, else (no answer, or a ResponseError without a status)
// Unreachable (no route, refused connection, timeout, a
// cancelled context, an answer cut off). Its text is the status and S3's
// error code, never a signed URL.
func s3Err(op, name string, err error) error {
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() == 0 {
		return &Error{Op: op, Name: name, Kind: Unreachable, Err: err}
	}
	status, code := re.HTTPStatusCode(), apiCode(err)
	text := fmt.Sprintf("HTTP %d", status)
	if code != "" {
		text += " " + code
	}
	return &Error{Op: op, Name: name, Kind: statusKind(status, code), Err: errors.New(text)}
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// statusKind: a checksum the server found wrong is Corrupt (the bytes
// changed on the way), 404 is NotFound (but a missing bucket is Refused), 412 and
// 409 (S3's answer to two conditional writes racing) Conflict, 5xx and
// 429 Unreachable (the store is there but not serving), any other 4xx
// Refused.
func statusKind(status int, code string) Kind {
	switch {
	case code == "BadDigest" || code == "InvalidDigest" || code == "XAmzContentChecksumMismatch":
		return Corrupt
	case status == 404 && code == "NoSuchBucket":
		return Refused
	case status == 404:
		return NotFound
	case status == 412 || status == 409:
		return Conflict
	case status == 429 || status >= 500:
		return Unreachable
	}
	return Refused
}
