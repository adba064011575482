package manifest_test

import (
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider/registry"
)

// The package's tests load manifests with the real provider registry.
func init() { manifest.TestProviders = registry.Manifest() }
