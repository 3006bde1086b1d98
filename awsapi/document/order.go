package document

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Order remembers the member order of the maps a decoder built, which Go maps forget: the AWS
// CLI prints maps (DynamoDB items, attribute and tag maps) and JSON documents (IAM policies) in
// the order the server sent them. Structures need no record: botocore builds them in the model's
// member order. An Order is per call (see WithOrder); it keeps the maps it knows alive, so a
// map's identity cannot be reused while the Order is. It is safe for concurrent use.
type Order struct {
	mu   sync.Mutex
	keys map[uintptr]ordered
}

type ordered struct {
	m    map[string]any // keeps the map alive: its address identifies it
	keys []string
}

// NewOrder returns an empty Order.
func NewOrder() *Order { return &Order{keys: map[uintptr]ordered{}} }

// Record remembers keys as the order of m's members. A nil Order records nothing.
func (o *Order) Record(m map[string]any, keys []string) {
	if o == nil || m == nil {
		return
	}
	o.mu.Lock()
	o.keys[mapID(m)] = ordered{m: m, keys: keys}
	o.mu.Unlock()
}

// Keys returns m's keys in the recorded order, or nil when m's order was not recorded (or keys
// were added or removed since).
func (o *Order) Keys(m map[string]any) []string {
	if o == nil || m == nil {
		return nil
	}
	o.mu.Lock()
	e, ok := o.keys[mapID(m)]
	o.mu.Unlock()
	if !ok || len(e.keys) != len(m) {
		return nil
	}
	return e.keys
}

func mapID(m map[string]any) uintptr { return reflect.ValueOf(m).Pointer() }

type orderKey struct{}

// WithOrder returns a context whose calls record the member order of the maps they decode in o.
func WithOrder(ctx context.Context, o *Order) context.Context {
	return context.WithValue(ctx, orderKey{}, o)
}

// OrderFrom returns the Order of ctx, or nil: decoders then record nothing.
func OrderFrom(ctx context.Context) *Order {
	o, _ := ctx.Value(orderKey{}).(*Order)
	return o
}

// DecodeJSON decodes one JSON value as Python's json.loads does, which botocore uses: integers as
// int64 (exact), other numbers as float64, and the member order of every object recorded in o.
func DecodeJSON(data []byte, o *Order) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, o)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, o *Order) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := map[string]any{}
			var keys []string
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec, o)
				if err != nil {
					return nil, err
				}
				if _, dup := m[k]; !dup {
					keys = append(keys, k)
				}
				m[k] = v // a repeated key keeps its first place and its last value, as Python's dict
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			o.Record(m, keys)
			return m, nil
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeValue(dec, o)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return list, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		return pythonNumber(t), nil
	}
	return tok, nil
}

// pythonNumber is the value json.loads makes of a JSON number: an integer (int64, or json.Number
// beyond it, as Python's ints have no limit), or a float64 when it has a fraction or exponent.
func pythonNumber(n json.Number) any {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
		return n
	}
	if f, err := n.Float64(); err == nil {
		return f
	}
	return n
}
