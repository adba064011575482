package manifest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/lazyregexp"
	"github.com/reel-dev/reel/internal/safefile"
)

// This file reads a manifest's locales: one video per language without
// copying the manifest.
//
//	locales:
//	  es: {voice: {id: ...}, file: ../i18n/es.yaml}
//
// A locale's fields are merged over the manifest's as a variant's are;
// its file holds the translations, a YAML mapping of field to text, as a
// translator's tool exports a key-value file:
//
//	title: Bienvenido
//	scenes[0].script: Hola, soy Anna.
//	scenes[2].script: Gracias.
//
// Every scene with a script needs its translation: a missing one is an
// error at the script it translates, never the manifest's own script
// spoken by the locale's voice. A key that translates nothing (a scene
// removed since, a typo) is an error at the key. The title may be left
// out: it is no pixel of the video. The video of locale es is <id>@es,
// or <id>@<key>@es for a row's.

// locale is one of a manifest's locales.
type locale struct {
	name  string
	own   *Node // its fields, without file
	input string
	tree  *Node // the manifest with its fields merged and its translations applied
}

var localeName = lazyregexp.New(`^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$`)

// translationKey is what a translation file's keys may be.
var translationKey = lazyregexp.New(`^(title|scenes\[(\d+)\]\.script)$`)

var translationWords = words{"a translation file", "scenes[0].script: <the first scene's script, translated> for each scene's script"}

// notInLocale are the fields a locale may not set.
var notInLocale = map[string]string{
	"scenes":   "a locale's scenes are the manifest's, with its file's translations of their scripts",
	"rows":     "rows belong to the manifest: every locale has every row",
	"locales":  "locales do not nest",
	"variants": "variants do not combine with locales",
}

// readLocales reads the locales of a manifest whose own fields are base.
func (l *loader) readLocales(f ManifestFile, n, base *Node, t *TemplateRead) ([]*locale, Errors) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != Map {
		return nil, Errors{errAt(n, "locales", "is %s; want a mapping of locale names to their fields and file: {es: {file: ../i18n/es.yaml}}", describeKind(n))}
	}
	if sc := base.Get("scenes"); sc == nil || sc.Kind != List {
		return nil, Errors{{Pos: n.Pos, Field: "locales", Msg: "a manifest with locales writes its own scenes (not only reel.yaml's defaults): each locale's file translates their scripts"}}
	}
	var locs []*locale
	var errs Errors
	for i, name := range n.Keys {
		field := "locales." + name
		entry := n.Vals[i]
		switch {
		case !localeName.MatchString(name):
			errs = append(errs, Error{Pos: n.KeyPos[i], Field: field, Msg: "a locale name is letters, digits, '-' or '_', starting with a letter or digit (e.g. es, pt-BR)"})
			continue
		case entry.Kind != Map:
			errs = append(errs, errAt(entry, field, "is %s; want the locale's fields and its translation file: {file: ../i18n/%s.yaml}", describeKind(entry), name))
			continue
		}
		loc, lerrs := l.readLocale(f, name, entry, base, t)
		errs = append(errs, lerrs...)
		if loc != nil {
			locs = append(locs, loc)
		}
	}
	return locs, errs
}

// readLocale reads one locale: its fields and its translations.
func (l *loader) readLocale(f ManifestFile, name string, entry, base *Node, t *TemplateRead) (*locale, Errors) {
	field := "locales." + name
	var errs Errors
	for i, k := range entry.Keys {
		if why, bad := notInLocale[k]; bad {
			errs = append(errs, Error{Pos: entry.KeyPos[i], Field: field + "." + k, Msg: why})
		}
	}
	file := entry.Get("file")
	if stringAt(entry, "file") == "" {
		errs = append(errs, errAt(cmpNode(file, entry), field+".file", "want the translation file of %s: a YAML mapping of scenes[0].script (and so on) to its text, relative to this manifest", name))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	path, real, e := l.localFile(f, file, field+".file", "translation")
	if e != nil {
		return nil, Errors{*e}
	}
	b, in, msg := readInput(real, safefile.YAML)
	if msg != "" {
		return nil, Errors{errAt(file, field+".file", "%s: %s", file.Value, msg)}
	}
	t.Inputs = append(t.Inputs, in)
	tr, errs := parse(path, b, translationWords)
	if len(errs) > 0 {
		return nil, errs
	}
	loc := &locale{name: name, own: entry.without("file"), input: real}
	tree := merge(base, loc.own)
	tree.Pos = base.Pos
	if loc.tree, errs = translate(tree, base, tr, name, file.Value.(string)); len(errs) > 0 {
		return nil, errs
	}
	return loc, nil
}

// translate applies the translations tr (a translation file's tree) of
// locale name to tree, checking that every script of the manifest's base
// has one and that every translation translates something.
func translate(tree, base, tr *Node, name, shown string) (*Node, Errors) {
	scenes := base.Get("scenes")
	var errs Errors
	got := map[int]*Node{}
	for i, k := range tr.Keys {
		v := tr.Vals[i]
		m := translationKey.FindStringSubmatch(k)
		if m == nil {
			errs = append(errs, Error{Pos: tr.KeyPos[i], Field: k, Msg: "a translation file translates title and scenes[N].script (N from 0): nothing else is spoken"})
			continue
		}
		if s, ok := v.Value.(string); v.Kind != Scalar || !ok || s == "" {
			errs = append(errs, errAt(v, k, "want the translated text"))
			continue
		}
		if m[1] == "title" {
			tree = tree.set("title", tr.KeyPos[i], v)
			continue
		}
		n, _ := strconv.Atoi(m[2])
		if n >= len(scenes.Items) || stringAt(scenes.Items[n], "script") == "" {
			errs = append(errs, Error{Pos: tr.KeyPos[i], Field: k, Msg: fmt.Sprintf("the manifest has no script at scenes[%d]: its scripts are %s (remove this one, or number it as the manifest does)", n, scriptFields(scenes))})
			continue
		}
		got[n] = v
	}
	items := slices.Clone(scenes.Items)
	for i, sc := range scenes.Items {
		if stringAt(sc, "script") == "" {
			continue
		}
		v, ok := got[i]
		if !ok {
			errs = append(errs, Error{Pos: sc.Get("script").Pos, Field: fmt.Sprintf("scenes[%d].script", i), Msg: fmt.Sprintf("no %s translation: add scenes[%d].script to %s (a locale never speaks the manifest's own script)", name, i, shown)})
			continue
		}
		kp, _ := sc.keyPos("script")
		items[i] = sc.set("script", kp, v)
	}
	out := &Node{Kind: List, Pos: scenes.Pos, Items: items}
	kp, _ := base.keyPos("scenes")
	return tree.set("scenes", kp, out), errs
}

// scriptFields lists the scenes that have a script, as a translation
// file names them.
func scriptFields(scenes *Node) string {
	var out []string
	for i, sc := range scenes.Items {
		if stringAt(sc, "script") != "" {
			out = append(out, fmt.Sprintf("scenes[%d].script", i))
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
