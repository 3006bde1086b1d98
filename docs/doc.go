// Package docs holds the project's prose documentation (ARCHITECTURE.md). Its one test keeps the
// paths, packages and links the documents name true to the tree, so a rename shows up in CI and
// not in a reader's confusion.
package docs
