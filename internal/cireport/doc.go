// Package cireport writes what reel tells a CI system, in the formats CI
// systems read: GitHub Actions' workflow commands (annotations and log
// groups), its step summary and step outputs, the Markdown body of a pull
// request comment, and JUnit XML for GitLab, Jenkins and Azure.
//
// Its writers take plain values (errors with their places, a plan as
// rows, totals, where the project sits in the repository), not reel's
// own types, so the commands choose what to report and this package only
// how: every text a user or a branch wrote is escaped for the format it
// lands in, so a manifest can neither forge a workflow command nor put
// markup, a link or a mention into a comment.
package cireport
