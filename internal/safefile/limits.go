package safefile

// The caps of each kind of file reel reads. Each is many times what a real
// file of its kind holds in a project of tens of thousands of videos, and
// far below what would hurt: a file read whole costs its size in memory,
// and a refused one costs one clear error.
var (
	// Lock is reel.lock, which grows by one block of a few lines per video.
	Lock = Limit{Kind: "a reel.lock", Max: 256 << 20, Fix: "restore it from git (git checkout reel.lock)"}
	// YAML is reel.yaml and each manifest: one video and its variants.
	YAML = Limit{Kind: "a manifest or reel.yaml", Max: MaxYAML, Fix: "split it, or move what is not needed out"}
	// Request is a kept request, .reel/requests/*/<key>.json: the
	// resolved request of one manifest (at most MaxYAML) with the defaults
	// of reel.yaml (at most MaxYAML) merged under it. One too big is only
	// not kept: plan cannot show its changes field by field.
	Request = Limit{Kind: "a kept request", Max: 4 * MaxYAML, Fix: "remove it; reel render keeps it again"}
	// Cache is a file under .reel/cache: the snapshot of a plan's inputs
	// and the keys of the lock's renders, which grow with the videos as
	// reel.lock does.
	Cache = Limit{Kind: "a cache file", Max: 256 << 20, Fix: "remove it: it is only a cache"}
	// Sandbox is the sandbox's state file: a record of each of its newest
	// videos (sandbox.MaxJobs).
	Sandbox = Limit{Kind: "the sandbox's state file", Max: 64 << 20, Fix: "remove it to start the sandbox afresh"}
	// Catalog is a cached listing of an account's voices or avatars.
	Catalog = Limit{Kind: "a cached listing", Max: 64 << 20, Fix: "remove it, or run again with --refresh"}
	// Asset is a local image, audio or video file a manifest names: the
	// largest file HeyGen takes (a video). manifest checks each media
	// kind's own cap as well.
	Asset = Limit{Kind: "an asset", Max: 100 << 20, Fix: "make it smaller"}
	// Data is a data file a manifest's rows come from (CSV, JSON or
	// YAML): ten thousand rows of a few columns are a megabyte or two.
	Data = Limit{Kind: "a data file", Max: 64 << 20, Fix: "split its rows across manifests"}
	// Output is a rendered video in output_dir, hashed by a plan.
	Output = Limit{Kind: "an output", Max: 16 << 30, Fix: "remove it; reel fetch downloads it again"}
	// Watched is any file of the project reel watch hashes to tell a save
	// that changed something from one that did not: the largest kind
	// above that a project's tree holds.
	Watched = Limit{Kind: "a watched file", Max: 256 << 20, Fix: "keep it out of the project"}
	// Text is a small text file reel edits, such as .gitignore.
	Text = Limit{Kind: "a text file reel edits", Max: 1 << 20, Fix: "edit it by hand"}
)

// MaxYAML is the most bytes of reel.yaml or of one manifest.
const MaxYAML = 1 << 20
