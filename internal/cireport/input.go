package cireport

// Problem is one validation error at its place, as reel validate prints
// it.
type Problem struct {
	File    string // absolute, or relative to the project folder; "" for none
	Line    int    // 1-based; 0 when unknown
	Col     int    // 1-based, in characters; 0 when unknown
	Field   string // the manifest field: scenes[1].emotion; "" for the file
	Message string
	// Video is the id of the video the error belongs to, when one does;
	// JUnit reports it under that video's test case.
	Video string
}

// File is one manifest that was validated, with the ids of the videos it
// defines (none when it could not be read far enough to know them).
type File struct {
	Path   string // absolute, or relative to the project folder
	Videos []string
}

// Validation is the result of validating a project: every manifest read
// and every error found.
type Validation struct {
	Files    []File
	Problems []Problem
}

// Cost is an estimate, as reel plan gives it.
type Cost struct {
	USD     float64
	Credits float64 // where the provider bills in credits
	Seconds float64 // the videos' estimated length
	Unknown bool    // some length was unknown: the estimate is a lower bound
	// Unpriced names the providers of renders whose price is not known,
	// comma-separated ("gmi"): they count nothing in USD, so no budget
	// can be held to the estimate.
	Unpriced string
}

// Change is one changed field of a re-render, as reel plan --diff lists
// it: the manifest's field, the request's field it sets, and the old and
// new values as JSON ("" when absent).
type Change struct {
	Field, Request string
	Old, New       string
}

// Row is one video's line of a plan.
type Row struct {
	Video   string
	Action  string // create, render, download, resume, ok or orphan
	Reason  string
	Cost    Cost // the estimate of a paid action (create, render)
	Changes []Change
}

// Plan is a plan as rows, sorted as reel plan sorts them, with its total
// estimate and the budget it is held to.
type Plan struct {
	Rows  []Row
	Total Cost
	// Budget is the most a run may cost in USD (budget.max_usd or
	// --max-cost); nil for none. A budget of 0 is one: spend nothing.
	Budget *float64
}

// Where is where the project sits: CI systems want paths from the
// repository's root, reel knows them from the project's folder.
type Where struct {
	Repo    string // the repository's root (GITHUB_WORKSPACE, CI_PROJECT_DIR); "" if unknown
	Project string // the project's folder, absolute
}
