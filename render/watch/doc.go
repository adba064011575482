// Package watch is reel watch: it watches a project's folders, and on
// every save re-validates and re-plans only what the save touched, and
// (asked to) renders it once the editing has settled.
//
// It watches folders, not files, because editors save by writing a temp
// file and renaming it over the original: a watch on the file would follow
// the old inode away. Changes are debounced (one re-plan per burst, not
// one per write) and compared by content hash, so a save that changes
// nothing, or reel's own writes to reel.lock and the outputs, re-plan
// nothing. When the kernel drops events (its queue overflowed) or refuses
// more watches, the watcher says so and rescans rather than miss a change.
package watch
