// Package preview makes drafts and the review page: what a video will
// look and sound like, seen before anything is paid for.
//
// A draft is a free, local, offline MP4 of one video: its scripts spoken
// by espeak-ng in the voice's locale and speed, its audio files as they
// are, its silences, the avatar's image (or a card naming the avatar),
// its background, captions burned in where the provider puts them, and a
// thin timeline of its scenes, assembled by ffmpeg. Drafts are kept under
// their render key, so an unchanged video's draft is never made twice,
// and their measured lengths are better estimates than a words-a-minute
// guess. Nothing here is a render: a draft is never written to the output
// folder and never recorded in reel.lock.
//
// espeak-ng and ffmpeg (with ffprobe) come from Debian's packages; only
// this package needs them, and a missing one is a *MissingToolError that
// names the package to install.
package preview
