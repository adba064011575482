package manifest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Kind is the shape of a Node.
type Kind uint8

const (
	Scalar Kind = iota
	Map
	List
)

// Node is a YAML value with the position it was written at. Merging
// defaults and variants builds new trees from these nodes, so every value of
// a resolved video still knows its file, line and column.
type Node struct {
	Kind Kind
	Pos  Pos
	// Map
	Keys   []string
	KeyPos []Pos
	Vals   []*Node
	index  map[string]int // key → its place in Keys, once there are more than smallMap
	// List
	Items []*Node
	// Scalar: string, bool, json.Number or nil (YAML null).
	Value any
}

// smallMap is how many keys a Map node holds before it is indexed: a
// scan of a few keys is quicker than a map, while a scan per key of a
// mapping of many keys makes reading, merging and positioning it
// quadratic (a hostile file's provider_options).
const smallMap = 8

// Get returns the value under key of a Map node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	if i := n.find(key); i >= 0 {
		return n.Vals[i]
	}
	return nil
}

func (n *Node) keyPos(key string) (Pos, bool) {
	if i := n.find(key); i >= 0 {
		return n.KeyPos[i], true
	}
	return Pos{}, false
}

// find is the place of key in a Map node's Keys, or -1.
func (n *Node) find(key string) int {
	if n.index != nil {
		if i, ok := n.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range n.Keys {
		if k == key {
			return i
		}
	}
	return -1
}

// add appends a key the Map node does not hold yet, indexing the node once
// it is past smallMap keys.
func (n *Node) add(key string, kp Pos, v *Node) {
	n.Keys = append(n.Keys, key)
	n.KeyPos = append(n.KeyPos, kp)
	n.Vals = append(n.Vals, v)
	switch {
	case n.index != nil:
		n.index[key] = len(n.Keys) - 1
	case len(n.Keys) > smallMap:
		n.index = make(map[string]int, 2*len(n.Keys))
		for i, k := range n.Keys {
			n.index[k] = i
		}
	}
}

// IsNull reports whether the node is a YAML null (or absent).
func (n *Node) IsNull() bool { return n == nil || n.Kind == Scalar && n.Value == nil }

// Lookup follows JSON pointer tokens. It returns the deepest node reached and
// how many tokens it followed, so an error about a missing value can still
// point at its parent.
func (n *Node) Lookup(path []string) (*Node, int) {
	cur := n
	for i, tok := range path {
		var next *Node
		switch cur.Kind {
		case Map:
			next = cur.Get(tok)
		case List:
			if j, err := strconv.Atoi(tok); err == nil && j >= 0 && j < len(cur.Items) {
				next = cur.Items[j]
			}
		}
		if next == nil {
			return cur, i
		}
		cur = next
	}
	return cur, len(path)
}

// PosOf returns where the value at path was written; with atKey, where its
// key was written (an unknown field is pointed at by its name).
func (n *Node) PosOf(path []string, atKey bool) Pos {
	if atKey && len(path) > 0 {
		parent, depth := n.Lookup(path[:len(path)-1])
		if depth == len(path)-1 && parent.Kind == Map {
			if p, ok := parent.keyPos(path[len(path)-1]); ok {
				return p
			}
		}
	}
	found, _ := n.Lookup(path)
	return found.Pos
}

// FieldName renders a path as a person writes it: scenes[1].voice.id.
func (n *Node) FieldName(path []string) string {
	var b strings.Builder
	cur := n
	for _, tok := range path {
		if cur != nil && cur.Kind == List {
			b.WriteString("[" + tok + "]")
		} else {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(tok)
		}
		if cur != nil {
			next, d := cur.Lookup([]string{tok})
			if d == 0 {
				next = nil
			}
			cur = next
		}
	}
	return b.String()
}

// Plain converts the tree into the values encoding/json would decode
// (map[string]any, []any, string, bool, json.Number, nil), the form the
// schema validator and the typed decoder take.
func (n *Node) Plain() any {
	switch n.Kind {
	case Map:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[k] = n.Vals[i].Plain()
		}
		return m
	case List:
		l := make([]any, len(n.Items))
		for i, it := range n.Items {
			l[i] = it.Plain()
		}
		return l
	}
	return n.Value
}

// JSON encodes the tree; map keys come out sorted, so equal trees encode to
// equal bytes whatever order their YAML was written in.
func (n *Node) JSON() []byte {
	b, _ := json.Marshal(n.Plain())
	return b
}

// without returns a copy of a Map node lacking the given key.
func (n *Node) without(key string) *Node {
	if n.Kind != Map {
		return n
	}
	out := &Node{Kind: Map, Pos: n.Pos}
	for i, k := range n.Keys {
		if k != key {
			out.add(k, n.KeyPos[i], n.Vals[i])
		}
	}
	return out
}

// set returns a copy of a Map node with key set to v (added last if new).
func (n *Node) set(key string, kp Pos, v *Node) *Node {
	out := n.without(key)
	out.add(key, kp, v)
	return out
}

// exclusive lists fields of which a mapping sets one: a video that picks
// voice.name replaces the default's voice.id rather than adding to it.
var exclusive = map[string][]string{
	"avatar":     {"id", "talking_photo", "image"},
	"voice":      {"id", "name"},
	"background": {"color", "image", "video"},
}

// merge deep-merges over onto base: maps merge key by key, anything else
// (lists included) in over replaces base, a null in over removes the key
// (so a video can drop a default such as a background), and a choice among
// exclusive fields in over replaces base's choice.
func merge(base, over *Node) *Node {
	if over == nil {
		return base
	}
	if base == nil || base.Kind != Map || over.Kind != Map {
		return over
	}
	out := &Node{Kind: Map, Pos: over.Pos}
	for i, k := range base.Keys {
		if over.Get(k) == nil {
			out.add(k, base.KeyPos[i], base.Vals[i])
		}
	}
	for i, k := range over.Keys {
		v := over.Vals[i]
		if v.IsNull() {
			continue
		}
		out.add(k, over.KeyPos[i], merge(replaceChoice(k, base.Get(k), v), v))
	}
	return out
}

// replaceChoice drops base's exclusive fields under key when over sets one.
func replaceChoice(key string, base, over *Node) *Node {
	group := exclusive[key]
	if base == nil || base.Kind != Map || over.Kind != Map {
		return base
	}
	chosen := false
	for _, f := range group {
		chosen = chosen || !over.Get(f).IsNull()
	}
	if !chosen {
		return base
	}
	for _, f := range group {
		base = base.without(f)
	}
	return base
}
