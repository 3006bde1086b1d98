// Package cli holds nimbus's headless subcommands (`nimbus ls`, …): each is a function that takes
// its arguments, output streams and the clients it needs, and returns an exit code, so main only
// wires flags and sessions and tests can run a command in-process.
package cli
