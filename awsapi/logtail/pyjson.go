package logtail

import "github.com/nimbus-tui/nimbus/internal/pyjson"

// PythonJSON is what `aws logs tail --format json` prints for a message: when json.loads reads the
// whole message as one value, Python's json.dumps(json.loads(msg), indent=4) — members in their
// order (a key given twice in its first place, with its last value), non-ASCII escaped
// (ensure_ascii), numbers as Python writes ints and floats, NaN and Infinity — else ok is false
// (the CLI catches JSONDecodeError and prints the message as it is).
func PythonJSON(msg string) (out string, ok bool) { return pyjson.Reindent(msg, 4) }
