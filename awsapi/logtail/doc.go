// Package logtail follows CloudWatch Logs groups: a live session (StartLiveTail) where the
// endpoint speaks it, else polling FilterLogEvents from a since-window with duplicates dropped,
// saying which mode it is in. It also prints events as `aws logs tail` (CLI v2) does, and runs
// Logs Insights queries (insights.go). No UI imports: the tail page and `nimbus logs` share it.
package logtail
