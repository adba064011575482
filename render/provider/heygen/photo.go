// Photo avatars: PhotoClient speaks HeyGen's photo avatar endpoints, the
// lifecycle seed 003 documents: photos uploaded, a group made of them,
// trained, looks generated from prompts, the looks used as the talking
// photo of Avatar IV and as the avatar of v3. What the sources say, each
// line tagged [C] confirmed by the cited source, [I] inferred, [U]
// unverified or sources disagree (as in reference/providers.md):
//
// Sources: seed 003 (seeds/003_*.txt); HG-ref: docs.heygen.com/reference
// pages create-photo-avatar-group, train-photo-avatar-group,
// get-training-job-status, check-photolook-generation-status,
// list-all-avatars-in-one-avatar-group, list-all-avatar-groups; HG-guide:
// docs.heygen.com/docs/create-and-train-photo-avatar-groups and
// v2-photo-avatar-endpoints-generation-training-and-looks; HG-ts: repo
// teamduality/heygen-typescript-sdk packages/sdk/src/{services,types}/
// photo-avatar.ts (a typed public client); v3: reference/heygen-v3-api.json
// (HeyGen's CLI); users: public integrations and docs.heygen.com/discuss
// threads (weakest).
//
//   - Upload: POST upload.heygen.com/v1/asset, the raw bytes (not
//     multipart) with Content-Type image/png or image/jpeg; the answer's
//     data.image_key ("image/<hash>/original") names the photo in every
//     later call, not data.id [C seed 003, providers.md §1.4].
//   - Create group: POST /v2/photo_avatar/avatar_group/create {name,
//     image_key} (generation_id too for an AI-generated photo [C HG-guide])
//     → {"error":null,"data":{id, group_id, name, status:"pending",
//     image_url, created_at (seconds, fractional), is_motion,
//     business_type, …}} [C seed 003, HG-guide example]. In the example id
//     equals group_id [C]; that id is the group's first look [I: looks have
//     the same shape, HG-ts]. image_url's path is the image_key [C
//     example], which is how a look is matched to its image [I].
//   - Add photos: POST /v2/photo_avatar/avatar_group/add {group_id,
//     image_keys, name}: at most 4 image_keys a request, name required [C
//     seed 003]; → data.photo_avatar_list, one look per photo [C HG-ts].
//   - Train: POST /v2/photo_avatar/train {group_id} [C seed 003, HG-ref];
//     data is null [C HG-ts] or {flow_id} [U a user's notes]. What a
//     second train of a group in training does is not documented [U].
//     Training and look generation are "included in plan" [C seed 003].
//   - Training status: GET /v2/photo_avatar/train/status/{group_id} →
//     data {status, error_msg, created_at, updated_at} [C HG-ts]. The words
//     disagree [U]: seed 003 pending|processing|completed|failed; HG-ref's
//     examples pending and ready; HG-ts and users pending|training|ready;
//     the group list's train_status is "empty" before any training [I
//     users]. Training takes minutes (a user: about 9) [U].
//   - A group's looks: GET /v2/avatar_group/{group_id}/avatars →
//     data.avatar_list [{id, image_url, name, status, group_id, …}] [C
//     HG-ref, HG-ts]; an unknown group answers {"error":{"code":
//     "internal_error","message":"Avatar looks not found."}} [C
//     discuss/675c9e236b6606001e1bf131; its HTTP status U]. The account's
//     groups: GET /v2/avatar_group.list → data.avatar_group_list [{id, name,
//     num_looks, train_status, group_type, …}] [C HG-ref; fields I users].
//     One look: GET /v2/photo_avatar/{id} [C seed 003].
//   - Generate a look: POST /v2/photo_avatar/look/generate {group_id,
//     prompt, orientation, pose, style} → data.generation_id [C seed 003];
//     orientation square|horizontal|vertical, pose half_body|close_up|
//     full_body, style Realistic|Pixar|Cinematic|Vintage|Noir|Cyberpunk|
//     Unspecified [C HG-ts], all three required [U: HG-ts types them so];
//     only for a trained group [C HG-guide: new looks "within the trained
//     Avatar Group"].
//   - Generation status: GET /v2/photo_avatar/generation/{generation_id}
//     → data {id, status, msg, image_url_list, image_key_list} [C HG-ts];
//     statuses in_progress and success [C HG-ref examples], pending and
//     failed [C HG-ts]. The answer names images, not looks [C]; each image
//     becoming a look of the group, found by its image_url, is [I]; how
//     many images a generation makes is [U].
//   - Avatar IV: the talking_photo_id of GET /v2/avatars' talking_photos is
//     the image_key of POST /v2/video/av4/generate [C seed 003, whose open
//     question 1 asks whether that works [U]]; a look's id is that
//     talking_photo_id [I]. Users report Avatar IV takes an untrained photo
//     avatar and Avatar V needs a trained group [U].
//   - v3: POST /v3/videos {"type":"avatar","avatar_id":<look id>} takes
//     "video avatar or photo avatar look ID"; GET /v3/avatars/looks (and
//     /looks/{look_id}): "The id field is the look-level identifier to pass
//     as avatar_id to POST /v3/videos", avatar_type photo_avatar, group_id,
//     status processing|pending_consent|failed|completed,
//     supported_api_engines, filterable by group_id; photo avatars take
//     motion_prompt and expressiveness; engine avatar_v animates a photo
//     look from an instant_avatar sibling of its group [C v3].
//   - Webhooks photo_avatar_train.success|fail and
//     photo_avatar_generation.success|fail exist [C v3 event types]; reel
//     polls.
//
// Money: the v2 endpoints take no Idempotency-Key [C providers.md §1.7], so
// the paid calls (create group, train, generate look) go through the HTTP
// core as creates do: never re-sent after a 5xx or a lost answer, which
// leaves them provider.Uncertain, and re-sent after a 429 (a refusal
// without effect). What an uncertain call did can be looked up: a group by
// its name (Groups), a training by its group's status (TrainStatus:
// PhotoUntrained means it never started); a look generation only by the
// looks it adds to its group.
package heygen

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/reel-dev/reel/render/provider"
)

// photoName prefixes the photo avatar calls' errors: they are HeyGen's
// whichever video API renders the looks.
const photoName = "heygen"

// MaxPhotosPerAdd is how many photos one add call takes (seed 003).
const MaxPhotosPerAdd = 4

// PhotoClient speaks HeyGen's photo avatar endpoints on the API host and
// the upload host.
type PhotoClient struct {
	c *Client // its http and upload clients, and the key to scrub
}

// NewPhotoClient returns a PhotoClient for cfg's hosts and key; cfg.API
// does not matter, as every API renders the same photo avatars.
func NewPhotoClient(cfg Config) (*PhotoClient, error) {
	key, err := provider.KeyFor(photoName+" photo avatars", cfg.Key, EnvKey)
	if err != nil {
		return nil, err
	}
	c := &Client{api: "photo", auth: provider.Auth{Header: "X-Api-Key", Key: key}}
	if c.http, err = newHTTP(photoName, cfg.BaseURL, EnvAPIBase, DefaultBase, key, cfg.HTTPOptions); err != nil {
		return nil, err
	}
	if c.upload, err = newHTTP(photoName, cfg.UploadURL, EnvUploadBase, DefaultUploadBase, key, cfg.HTTPOptions); err != nil {
		return nil, err
	}
	return &PhotoClient{c: c}, nil
}

// PhotoState is where a group's training or a look generation is.
type PhotoState string

const (
	PhotoUntrained PhotoState = "untrained" // a group never trained
	PhotoPending   PhotoState = "pending"   // waiting to start
	PhotoRunning   PhotoState = "running"   // training or generating
	PhotoReady     PhotoState = "ready"     // done: the looks can be used
	PhotoFailed    PhotoState = "failed"    // HeyGen gave up; Err says why
)

// Done reports whether the state is final.
func (s PhotoState) Done() bool { return s == PhotoReady || s == PhotoFailed }

// Group is a photo avatar group.
type Group struct {
	ID   string
	Name string
	// LookID is the group's first look, when CreateGroup's answer names
	// it (in HeyGen's example it is the group's id).
	LookID string
	// Looks and Training are what Groups reports: how many looks the
	// group has, and where its training is.
	Looks    int
	Training PhotoState
}

// Look is one look (photo avatar) of a group: its ID is the talking photo
// id Avatar IV takes as image_key and the avatar_id v3 takes.
type Look struct {
	ID, Group, Name string
	Status          string // HeyGen's word for the look itself
	// ImageKey is the image the look shows, read from its image_url; ""
	// when that URL does not name an image key.
	ImageKey string
}

// Training is where a group's training is.
type Training struct {
	State PhotoState
	Err   *provider.JobError // why it failed
	// Unknown is HeyGen's word, quoted, when reel does not know it; State
	// is then PhotoRunning, so a new word never ends a training early.
	Unknown string
	// Looks are the group's looks once it is PhotoReady.
	Looks []Look
}

// Generation is where a look generation is.
type Generation struct {
	ID      string
	State   PhotoState
	Err     *provider.JobError // why it failed
	Unknown string             // as Training's
	// ImageKeys are its images once PhotoReady, and Looks the looks of its
	// group that show them (none when HeyGen has not added them yet).
	ImageKeys []string
	Looks     []Look
}

// LookSpec is what a look generation is asked for. Orientation is
// square, horizontal or vertical; Pose half_body, close_up or full_body;
// Style Realistic, Pixar, Cinematic, Vintage, Noir, Cyberpunk or
// Unspecified.
type LookSpec struct {
	Prompt, Orientation, Pose, Style string
}

// Added is what AddPhotos did: how many of the photos, from the first,
// the group took, and the looks the answers named.
type Added struct {
	Photos int
	Looks  []string
}

// call sends r on hc and decodes a v2 answer's data into out (nil discards
// it). An error envelope, under any status, is a refusal and certain; a
// 2xx answer that cannot be read is an HTTPError whose effect is unknown
// (provider.Uncertain for a POST).
func (p *PhotoClient) call(ctx context.Context, hc *provider.Client, r provider.Request, out any) (int, error) {
	resp, err := hc.Do(ctx, r)
	if err != nil {
		return 0, err
	}
	status := resp.StatusCode
	var env v2Envelope[json.RawMessage]
	if err := hc.Decode(resp, r, &env); err != nil {
		return status, err
	}
	if e := jobError(env.Error); e != nil {
		return status, p.c.refused(hc, r, status, e.Code, e.Message)
	}
	if out != nil && env.Data != nil {
		if err := json.Unmarshal(*env.Data, out); err != nil {
			return status, hc.Unusable(r, status, fmt.Errorf("unexpected answer: %w", err))
		}
	}
	return status, nil
}

// post is a paid or changing call: a JSON POST, never re-sent after its
// answer was lost.
func post(op, path string, body any) provider.Request {
	return provider.Request{Op: op, Method: http.MethodPost, Path: path, JSON: body}
}
