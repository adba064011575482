package manifest

// TestProviders is the provider registry for the package's tests, set by
// registry_test.go: the registry imports the providers, which import
// manifest, so only an external test file may import it.
var TestProviders Providers
