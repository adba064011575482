package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"io"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// WriteLarge implements Backend. An output already stored at its size is
// not sent again. One up to the part size goes in one PutObject; a
// larger one in a multipart upload, resumed if an earlier attempt left
// one: a part the server already holds with the same SHA-256 is not sent
// again. Every part carries its SHA-256; the whole is hashed as it is
// read and completed only if it matches sum.
func (b *S3Backend) WriteLarge(ctx context.Context, name string, r io.Reader, size int64, sum [32]byte) error {
	if n, err := b.Stat(ctx, name); err == nil && n == size {
		return nil
	} else if err != nil && KindOf(err) != NotFound {
		return err
	}
	if size <= b.partSize {
		return b.putWhole(ctx, name, r, size, sum)
	}
	return b.putParts(ctx, name, r, size, sum)
}

func (b *S3Backend) putWhole(ctx context.Context, name string, r io.Reader, size int64, sum [32]byte) error {
	data, err := io.ReadAll(io.LimitReader(r, size+1))
	if err != nil {
		return fail("put output", name, Unreachable, err)
	}
	got := sha256.Sum256(data)
	if err := checkBody(name, int64(len(data)), size, got[:], sum); err != nil {
		return err
	}
	_, err = b.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:            &b.bucket,
		Key:               b.key(name),
		Body:              bytes.NewReader(data),
		ContentLength:     aws.Int64(size),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
		ChecksumSHA256:    aws.String(base64.StdEncoding.EncodeToString(sum[:])),
	})
	return s3ErrOrNil("put output", name, err)
}

func s3ErrOrNil(op, name string, err error) error {
	if err == nil {
		return nil
	}
	return s3Err(op, name, err)
}

const abortTimeout = 30 * time.Second

// upload is one multipart upload of an object: its id and the parts the
// server already holds, by number.
type upload struct {
	id   string
	have map[int32]types.Part
}

func (b *S3Backend) putParts(ctx context.Context, name string, r io.Reader, size int64, sum [32]byte) error {
	up, err := b.resumeOrStart(ctx, name)
	if err != nil {
		return err
	}
	whole := sha256.New()
	var done []types.CompletedPart
	buf := make([]byte, b.partSize)
	for num, left := int32(1), size; left > 0; num++ {
		part, err := b.sendPart(ctx, name, up, num, buf[:min(left, b.partSize)], r, whole)
		if err != nil {
			return err
		}
		done = append(done, part)
		left -= min(left, b.partSize)
	}
	if err := b.checkRest(name, r, whole, size, sum); err != nil {
		b.abort(name, up.id)
		return err
	}
	_, err = b.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: &b.bucket, Key: b.key(name), UploadId: &up.id,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: done},
	})
	return s3ErrOrNil("complete upload", name, err)
}

// checkRest checks that the reader has no more bytes and that what it
// gave hashes to sum.
func (b *S3Backend) checkRest(name string, r io.Reader, whole hash.Hash, size int64, sum [32]byte) error {
	extra, _ := io.Copy(io.Discard, io.LimitReader(r, 1))
	return checkBody(name, size+extra, size, whole.Sum(nil), sum)
}

// sendPart reads part num into buf and sends it, unless the server holds
// that part with the same size and SHA-256 already.
func (b *S3Backend) sendPart(ctx context.Context, name string, up upload, num int32, buf []byte, r io.Reader, whole hash.Hash) (types.CompletedPart, error) {
	if _, err := io.ReadFull(r, buf); err != nil {
		return types.CompletedPart{}, &Error{Op: "put output", Name: name, Kind: Invalid, Err: fmt.Errorf("reading part %d: %w", num, err)}
	}
	whole.Write(buf)
	ps := sha256.Sum256(buf)
	check := base64.StdEncoding.EncodeToString(ps[:])
	if p, ok := up.have[num]; ok && aws.ToInt64(p.Size) == int64(len(buf)) && aws.ToString(p.ChecksumSHA256) == check {
		return types.CompletedPart{PartNumber: aws.Int32(num), ETag: p.ETag, ChecksumSHA256: &check}, nil
	}
	out, err := b.client.UploadPart(ctx, &s3.UploadPartInput{
		Bucket: &b.bucket, Key: b.key(name), UploadId: &up.id, PartNumber: aws.Int32(num),
		Body: bytes.NewReader(buf), ContentLength: aws.Int64(int64(len(buf))),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256, ChecksumSHA256: &check,
	})
	if err != nil {
		return types.CompletedPart{}, s3Err("upload part", name, err)
	}
	return types.CompletedPart{PartNumber: aws.Int32(num), ETag: out.ETag, ChecksumSHA256: &check}, nil
}

// resumeOrStart finds the newest multipart upload left for name, with the
// parts it holds, or starts one.
func (b *S3Backend) resumeOrStart(ctx context.Context, name string) (upload, error) {
	list, err := b.client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: &b.bucket, Prefix: b.key(name)})
	if err != nil {
		return upload{}, s3Err("list uploads", name, err)
	}
	ups := list.Uploads
	sort.Slice(ups, func(i, j int) bool { return aws.ToTime(ups[i].Initiated).After(aws.ToTime(ups[j].Initiated)) })
	for _, u := range ups {
		if aws.ToString(u.Key) == *b.key(name) {
			have, err := b.parts(ctx, name, aws.ToString(u.UploadId))
			if err == nil {
				return upload{id: aws.ToString(u.UploadId), have: have}, nil
			}
			if KindOf(err) != NotFound {
				return upload{}, err
			}
		}
	}
	out, err := b.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket: &b.bucket, Key: b.key(name), ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
	})
	if err != nil {
		return upload{}, s3Err("start upload", name, err)
	}
	return upload{id: aws.ToString(out.UploadId), have: map[int32]types.Part{}}, nil
}

func (b *S3Backend) parts(ctx context.Context, name, id string) (map[int32]types.Part, error) {
	have := map[int32]types.Part{}
	p := s3.NewListPartsPaginator(b.client, &s3.ListPartsInput{Bucket: &b.bucket, Key: b.key(name), UploadId: &id})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, s3Err("list parts", name, err)
		}
		for _, part := range page.Parts {
			have[aws.ToInt32(part.PartNumber)] = part
		}
	}
	return have, nil
}

// abort drops an upload whose bytes were not the ones promised, on a
// context of its own: the caller's may be the reason it failed.
func (b *S3Backend) abort(name, id string) {
	ctx, cancel := context.WithTimeout(context.Background(), abortTimeout)
	defer cancel()
	// An upload this fails to abort is resumed by the next put of the
	// same output, or dropped by the bucket's lifecycle rule.
	b.client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: &b.bucket, Key: b.key(name), UploadId: &id})
}
