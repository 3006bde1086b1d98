package model

import "sort"

// MemberShape is the shape of a structure member or of a map's values (nil when unknown). A nil
// Service or Shape gives nil.
func (s *Service) MemberShape(sh *Shape, key string) *Shape {
	if s == nil || sh == nil {
		return nil
	}
	switch sh.Type {
	case "structure":
		return s.refShape(sh.Members[key])
	case "map":
		return s.refShape(sh.Value)
	}
	return nil
}

// ElemShape is the shape of a list's elements (nil when unknown).
func (s *Service) ElemShape(sh *Shape) *Shape {
	if s == nil || sh == nil || sh.Type != "list" {
		return nil
	}
	return s.refShape(sh.Member)
}

func (s *Service) refShape(r *ShapeRef) *Shape {
	if r == nil || r.Shape == "" {
		return nil
	}
	return s.Shape(r.Shape)
}

// OrderedKeys lists m's keys as the AWS CLI prints them: first, then a structure's members in
// model order, then a map's keys in the server's order (server, when known), then the rest sorted.
func OrderedKeys(m map[string]any, sh *Shape, first, server []string) []string {
	keys := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	add := func(k string) {
		if _, ok := m[k]; ok && !seen[k] {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	for _, k := range first {
		add(k)
	}
	if sh != nil && sh.Type == "structure" {
		for _, k := range sh.OrderedMembers() {
			add(k)
		}
	}
	for _, k := range server {
		add(k)
	}
	if len(keys) == len(m) {
		return keys
	}
	rest := make([]string, 0, len(m)-len(keys))
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}
