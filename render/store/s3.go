package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// S3Backend is a store in an S3 bucket below a prefix, on AWS or any
// S3-compatible service. Conditional writes are S3's If-None-Match: * and
// If-Match: ETag on PutObject; every upload carries its SHA-256
// (x-amz-checksum-sha256), which the server checks before it stores.
type S3Backend struct {
	client   *s3.Client
	bucket   string
	prefix   string // "" or ending in "/"
	partSize int64
}

const (
	minPartSize     = 5 << 20
	defaultPartSize = 16 << 20
)

// openS3 opens s3://bucket/prefix with the standard AWS chain:
// credentials, region and profile from the environment and ~/.aws, the
// endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL. A custom
// endpoint is addressed path-style (http://host/bucket/key), which every
// S3-compatible server takes.
func openS3(ctx context.Context, u *url.URL, opts Options) (Backend, error) {
	if u.Host == "" {
		return nil, fmt.Errorf("store: s3:// needs a bucket: write s3://bucket/prefix")
	}
	loads := []func(*config.LoadOptions) error{config.WithHTTPClient(transport())}
	if opts.RetryMaxAttempts > 0 {
		loads = append(loads, config.WithRetryMaxAttempts(opts.RetryMaxAttempts))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loads...)
	if err != nil {
		return nil, &Error{Op: "open", Name: u.Host, Kind: Refused, Err: fmt.Errorf("AWS configuration: %w", err)}
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if opts.HTTPClient != nil {
			o.HTTPClient = opts.HTTPClient
		}
		// reel checks every output's SHA-256 itself as it streams, so the
		// SDK does not hash a download a second time
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		o.DisableLogOutputChecksumValidationSkipped = true
		if o.BaseEndpoint != nil {
			o.UsePathStyle = true
			if o.Region == "" {
				o.Region = "us-east-1"
			}
		}
	})
	return NewS3Backend(client, u.Host, strings.TrimPrefix(u.Path, "/"), opts.PartSize), nil
}

// maxConnsPerHost is how many idle connections to the store are kept:
// above the SDK's 10, so that a fetch of many outputs at once reuses its
// connections instead of dialling anew for most requests.
const maxConnsPerHost = 64

// transport is the SDK's HTTP client (it keeps AWS_CA_BUNDLE and the
// SDK's timeouts) with maxConnsPerHost idle connections.
func transport() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConnsPerHost = maxConnsPerHost
	})
}

// NewS3Backend is a backend on bucket below prefix, through client.
func NewS3Backend(client *s3.Client, bucket, prefix string, partSize int64) *S3Backend {
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	if partSize == 0 {
		partSize = defaultPartSize
	}
	return &S3Backend{client: client, bucket: bucket, prefix: prefix, partSize: max(partSize, minPartSize)}
}

func (b *S3Backend) key(name string) *string { return aws.String(b.prefix + name) }

// ReadSmall implements Backend.
func (b *S3Backend) ReadSmall(ctx context.Context, name string, max int64) ([]byte, string, error) {
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &b.bucket, Key: b.key(name)})
	if err != nil {
		return nil, "", s3Err("read", name, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(io.LimitReader(out.Body, max+1))
	if err != nil {
		return nil, "", s3Err("read", name, err)
	}
	if int64(len(data)) > max {
		return nil, "", &Error{Op: "read", Name: name, Kind: Corrupt, Err: fmt.Errorf("over %d bytes", max)}
	}
	return data, aws.ToString(out.ETag), nil
}

// WriteSmall implements Backend.
func (b *S3Backend) WriteSmall(ctx context.Context, name string, data []byte, cond Cond) (string, error) {
	sum := sha256.Sum256(data)
	in := &s3.PutObjectInput{
		Bucket:            &b.bucket,
		Key:               b.key(name),
		Body:              bytes.NewReader(data),
		ContentLength:     aws.Int64(int64(len(data))),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
		ChecksumSHA256:    aws.String(base64.StdEncoding.EncodeToString(sum[:])),
	}
	if cond.IfNoneMatch {
		in.IfNoneMatch = aws.String("*")
	}
	if cond.IfMatch != "" {
		in.IfMatch = aws.String(cond.IfMatch)
	}
	out, err := b.client.PutObject(ctx, in)
	if err != nil {
		return "", s3Err("write", name, err)
	}
	return aws.ToString(out.ETag), nil
}

// Open implements Backend.
func (b *S3Backend) Open(ctx context.Context, name string) (io.ReadCloser, int64, error) {
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &b.bucket, Key: b.key(name)})
	if err != nil {
		return nil, 0, s3Err("open", name, err)
	}
	if out.ContentLength == nil {
		out.Body.Close()
		return nil, 0, &Error{Op: "open", Name: name, Kind: Corrupt, Err: fmt.Errorf("no Content-Length")}
	}
	return out.Body, *out.ContentLength, nil
}

// Stat implements Backend.
func (b *S3Backend) Stat(ctx context.Context, name string) (int64, error) {
	out, err := b.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.bucket, Key: b.key(name)})
	if err != nil {
		return 0, s3Err("stat", name, err)
	}
	return aws.ToInt64(out.ContentLength), nil
}

// List implements Backend.
func (b *S3Backend) List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error {
	p := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{Bucket: &b.bucket, Prefix: b.key(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return s3Err("list", prefix, err)
		}
		for _, o := range page.Contents {
			info := ObjectInfo{
				Name:     strings.TrimPrefix(aws.ToString(o.Key), b.prefix),
				Size:     aws.ToInt64(o.Size),
				Modified: aws.ToTime(o.LastModified),
			}
			if err := fn(info); err != nil {
				return err
			}
		}
	}
	return nil
}
