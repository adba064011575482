package schema

import "embed"

// The schemas of what reel prints with --json, by name: the formats tools
// read, published (reel schema NAME) so that a tool can rely on them and
// reel's tests can hold every --json output to them.
const (
	Events      = "events"   // reel render --json, reel watch --json: one event per line
	PlanJSON    = "plan"     // reel plan --json
	ValidateOut = "validate" // reel validate --json
	Status      = "status"   // reel status --json
	Voices      = "voices"   // reel voices --json
	Avatars     = "avatars"  // reel avatars --json
)

// Outputs lists the output schemas' names, in the order help shows them.
var Outputs = []string{Events, PlanJSON, ValidateOut, Status, Voices, Avatars}

// Names lists every schema reel schema prints: the manifests' (and
// translation files'), then the outputs'.
func Names() []string { return append([]string{Video, Project, Translation}, Outputs...) }

//go:embed events.schema.json plan.schema.json validate.schema.json status.schema.json voices.schema.json avatars.schema.json
var outputFiles embed.FS

// output returns an output schema's document by name.
func output(name string) ([]byte, bool) {
	for _, n := range Outputs {
		if n == name {
			src, err := outputFiles.ReadFile(File(name))
			return src, err == nil
		}
	}
	return nil, false
}
