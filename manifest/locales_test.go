package manifest

import (
	"strings"
	"testing"
)

// welcomeLocales is welcome in three languages: its own, es and de.
const welcomeLocales = welcome + `  - silence: 1
  - script: Bye, {{ .name }}.
locales:
  es: {voice: {id: 2d5b0e6cf36f460aa7fc47e3eee4ba54}, file: ../i18n/es.yaml}
  de: {file: ../i18n/de.yaml, output: "de/{{ .slug }}.mp4"}
`

const esYAML = `title: Bienvenido, {{ .name }}
scenes[0].script: Hola {{ .name }}, bienvenido a {{ .plan }}.
scenes[2].script: Adiós, {{ .name }}.
`

const deYAML = `scenes[0].script: Hallo {{ .name }}.
scenes[2].script: Tschüss.
`

func localeProject() project {
	return project{
		"reel.yaml":           rowsProject + "providers: {heygen: {api: v2}}\n", // v2 holds a silence on any avatar
		"videos/welcome.yaml": welcomeLocales,
		"data/customers.csv":  customers,
		"i18n/es.yaml":        esYAML,
		"i18n/de.yaml":        deYAML,
	}
}

func TestLocalesOfRows(t *testing.T) {
	set, dir := load(t, localeProject())
	if len(set.Errors) > 0 {
		t.Fatal(errorLines(set, dir))
	}
	want := strings.Join([]string{
		"welcome@acme welcome@acme.mp4",
		"welcome@acme@de de/acme.mp4",
		"welcome@acme@es welcome@acme@es.mp4",
		"welcome@zoe welcome@zoe.mp4",
		"welcome@zoe@de de/zoe.mp4",
		"welcome@zoe@es welcome@zoe@es.mp4",
	}, "\n")
	if got := videosOf(set); got != want {
		t.Fatalf("videos:\n%s\nwant\n%s", got, want)
	}
	es := set.Videos[5]
	if es.Title != "Bienvenido, Zoë" || es.Scenes[0].Script != "Hola Zoë, bienvenido a team." || es.Scenes[2].Script != "Adiós, Zoë." || es.Voice.ID != "2d5b0e6cf36f460aa7fc47e3eee4ba54" {
		t.Errorf("zoe@es: %q %q %q %s", es.Title, es.Scenes[0].Script, es.Scenes[2].Script, es.Voice.ID)
	}
	de := set.Videos[4]
	if de.Title != "Welcome, Zoë" || de.Scenes[0].Script != "Hallo Zoë." || de.Voice.ID != "1bd001e7e50f421d891986aad5158bc8" {
		t.Errorf("zoe@de keeps the manifest's title and voice, and speaks German: %q %q %s", de.Title, de.Scenes[0].Script, de.Voice.ID)
	}
	if o := es.Origin; o.Locale != "es" || o.Key != "zoe" || len(o.Inputs) != 2 || !strings.HasSuffix(o.Inputs[1], "es.yaml") {
		t.Errorf("origin %+v", o)
	}
	if n := len(set.Templates[0].Inputs); n != 3 {
		t.Errorf("recorded %d inputs; want the data file and two translation files", n)
	}
}

func TestLocalesWithoutRows(t *testing.T) {
	m := "avatar: {id: Angela-inTshirt-20220820}\nvoice: {id: 1bd001e7e50f421d891986aad5158bc8}\nscenes: [{script: Hi.}]\nlocales: {es: {file: ../i18n/es.yaml}}\n"
	set, dir := load(t, project{"reel.yaml": rowsProject, "videos/hi.yaml": m, "i18n/es.yaml": "scenes[0].script: Hola {{ .x }}.\n"})
	if len(set.Errors) > 0 {
		t.Fatal(errorLines(set, dir))
	}
	// without rows nothing is a template: {{ is text
	if got, want := videosOf(set), "hi hi.mp4\nhi@es hi@es.mp4"; got != want || set.Videos[1].Scenes[0].Script != "Hola {{ .x }}." {
		t.Errorf("got\n%s\n%q", got, set.Videos[1].Scenes[0].Script)
	}
}

// TestLocaleErrors: a missing translation is refused at the script it
// would translate; a translation of nothing at its key.
func TestLocaleErrors(t *testing.T) {
	for _, tc := range []struct {
		name, es string
		manifest string // "" for welcomeLocales
		want     []string
	}{
		{"a missing translation", "scenes[0].script: Hola.\n", "",
			[]string{"videos/welcome.yaml:8:13: scenes[2].script: no es translation: add scenes[2].script to ../i18n/es.yaml (a locale never speaks the manifest's own script)"}},
		{"a translation of a scene without a script", esYAML + "scenes[1].script: Nada.\n", "",
			[]string{"i18n/es.yaml:4:1: scenes[1].script: the manifest has no script at scenes[1]: its scripts are scenes[0].script, scenes[2].script"}},
		{"an unknown key", esYAML + "scene[0].script: x\n", "",
			[]string{"i18n/es.yaml:4:1: scene[0].script: a translation file translates title and scenes[N].script"}},
		{"an empty translation", "scenes[0].script:\nscenes[2].script: x\n", "",
			[]string{"i18n/es.yaml:1:18: scenes[0].script: want the translated text"}},
		{"no file", esYAML, strings.Replace(welcomeLocales, ", file: ../i18n/es.yaml", "", 1),
			[]string{"videos/welcome.yaml:10:7: locales.es.file: want the translation file of es"}},
		{"scenes in a locale", esYAML, strings.Replace(welcomeLocales, "{file: ../i18n/de.yaml,", "{file: ../i18n/de.yaml, scenes: [],", 1),
			[]string{"videos/welcome.yaml:11:31: locales.de.scenes: a locale's scenes are the manifest's"}},
		{"a bad name", esYAML, strings.Replace(welcomeLocales, "  de: {", "  d e: {", 1),
			[]string{"videos/welcome.yaml:11:3: locales.d e: a locale name is letters, digits"}},
		{"a missing file", esYAML, strings.Replace(welcomeLocales, "../i18n/de.yaml", "../i18n/fr.yaml", 1),
			[]string{"videos/welcome.yaml:11:14: locales.de.file: ../i18n/fr.yaml: no such file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := localeProject()
			files["i18n/es.yaml"] = tc.es
			if tc.manifest != "" {
				files["videos/welcome.yaml"] = tc.manifest
			}
			set, dir := load(t, files)
			got := errorLines(set, dir)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors:\n%s\nwant one holding:\n%s", got, w)
				}
			}
			if len(set.Errors) == 0 {
				t.Errorf("no error")
			}
		})
	}
}
