package heygen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/render/provider"
)

// v1Types are the Content-Types upload.heygen.com takes (HG-docs
// upload-asset; audio/wav per HG-skills).
var v1Types = []string{"image/png", "image/jpeg", "audio/mpeg", "audio/wav", "video/mp4", "video/webm"}

// Upload sends a local file and returns what replaces a.Ref in the body:
// v3's asset_id (multipart POST /v3/assets, or a direct upload above
// 32 MB), the upload host's asset id on v2, and on Avatar IV the image_key
// for an image (the id for anything else). Uploads are not charged, but
// they are not idempotent either, so the HTTP core does not re-send them
// after a 5xx; calling Upload again is safe.
func (c *Client) Upload(ctx context.Context, a provider.Asset) (string, error) {
	data, err := c.read(a)
	if err != nil {
		return "", err
	}
	switch {
	case c.api != V3:
		return c.uploadV1(ctx, a, data)
	case int64(len(data)) > c.directAbove:
		return c.uploadDirect(ctx, a, data)
	}
	return c.uploadV3(ctx, a, data)
}

// read loads the file and checks it is still the content the request was
// planned with: a file edited since would render something the render key
// does not describe.
func (c *Client) read(a provider.Asset) ([]byte, error) { return readAsset(c.Name(), a) }

// readAsset is read for the client named name.
func readAsset(name string, a provider.Asset) ([]byte, error) {
	data, err := safefile.Read(a.Path, safefile.Asset)
	if err != nil {
		return nil, fmt.Errorf("%s: upload: %w", name, err)
	}
	sum := sha256.Sum256(data)
	if ref := "sha256:" + hex.EncodeToString(sum[:]); a.Ref != "" && ref != a.Ref {
		return nil, fmt.Errorf("%s: upload %s: the file changed since it was planned; run reel again", name, filepath.Base(a.Path))
	}
	return data, nil
}

func (c *Client) uploadV3(ctx context.Context, a provider.Asset, data []byte) (string, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filepath.Base(a.Path)))
	h.Set("Content-Type", a.MIME)
	pw, err := mw.CreatePart(h)
	if err != nil {
		return "", err
	}
	pw.Write(data)
	mw.Close()
	r := provider.Request{Op: "upload asset", Method: http.MethodPost, Path: "v3/assets", Body: b.Bytes(), ContentType: mw.FormDataContentType()}
	return c.assetID(ctx, c.http, r)
}

// uploadDirect is v3's flow for big files: ask for a presigned URL, PUT
// the bytes there (to storage, without the API key), then complete.
func (c *Client) uploadDirect(ctx context.Context, a provider.Asset, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	checksum := hex.EncodeToString(sum[:])
	var start struct {
		Data *struct {
			AssetID       string            `json:"asset_id"`
			UploadURL     string            `json:"upload_url"`
			UploadHeaders map[string]string `json:"upload_headers"`
		} `json:"data"`
	}
	r := provider.Request{Op: "start direct upload", Method: http.MethodPost, Path: "v3/assets/direct-uploads", JSON: map[string]any{
		"filename": filepath.Base(a.Path), "content_type": a.MIME, "size_bytes": len(data), "checksum_sha256": checksum}}
	if err := c.http.JSON(ctx, r, &start); err != nil {
		return "", err
	}
	if start.Data == nil || start.Data.AssetID == "" || start.Data.UploadURL == "" {
		return "", c.http.Unusable(r, http.StatusOK, errors.New("the answer has no asset_id or upload_url"))
	}
	put := provider.Request{Op: "upload file", Method: http.MethodPut, Path: start.Data.UploadURL, Body: data,
		ContentType: a.MIME, Header: http.Header{}}
	for k, v := range start.Data.UploadHeaders {
		if strings.EqualFold(k, "Content-Type") {
			put.ContentType = v
			continue
		}
		put.Header.Set(k, v)
	}
	resp, err := c.http.Do(ctx, put)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	done := provider.Request{Op: "complete direct upload", Method: http.MethodPost,
		Path: "v3/assets/" + start.Data.AssetID + "/complete", JSON: map[string]any{"checksum_sha256": checksum}}
	return c.assetID(ctx, c.http, done)
}

func (c *Client) assetID(ctx context.Context, hc *provider.Client, r provider.Request) (string, error) {
	var out struct {
		Data *struct {
			AssetID string `json:"asset_id"`
		} `json:"data"`
	}
	if err := hc.JSON(ctx, r, &out); err != nil {
		return "", err
	}
	if out.Data == nil || out.Data.AssetID == "" {
		return "", hc.Unusable(r, http.StatusOK, errors.New("the answer has no data.asset_id"))
	}
	return out.Data.AssetID, nil
}

// uploadV1 posts the raw bytes to upload.heygen.com/v1/asset.
func (c *Client) uploadV1(ctx context.Context, a provider.Asset, data []byte) (string, error) {
	if !slices.Contains(v1Types, a.MIME) {
		return "", fmt.Errorf("%s: cannot upload %s: upload.heygen.com takes PNG, JPEG, MP3, WAV, MP4 and WebM, not %s; convert it, or use api v3: %w",
			c.Name(), filepath.Base(a.Path), a.MIME, provider.ErrUnsupported)
	}
	r := provider.Request{Op: "upload asset", Method: http.MethodPost, Path: "v1/asset", Body: data, ContentType: a.MIME}
	var out v1Envelope[struct {
		ID       string `json:"id"`
		ImageKey string `json:"image_key"`
	}]
	if err := c.upload.JSON(ctx, r, &out); err != nil {
		return "", err
	}
	if out.failed() || out.Data == nil {
		return "", c.refused(c.upload, r, http.StatusOK, string(out.Code), out.message())
	}
	d := out.Data
	if c.api == AV4 && strings.HasPrefix(a.MIME, "image/") {
		if d.ImageKey == "" {
			return "", c.upload.Unusable(r, http.StatusOK, errors.New("the answer has no data.image_key for an image"))
		}
		return d.ImageKey, nil
	}
	if d.ID == "" {
		return "", c.upload.Unusable(r, http.StatusOK, errors.New("the answer has no data.id"))
	}
	return d.ID, nil
}
