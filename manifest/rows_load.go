package manifest

import (
	"fmt"
	"strconv"
	"strings"
)

// templated loads a manifest with rows or locales: a video for each row
// (or the manifest alone, without rows) in the manifest's own language
// and in each locale's.
func (l *loader) templated(f ManifestFile, tree *Node) fileResult {
	res := fileResult{tmpl: &TemplateRead{Manifest: f.Path, ID: f.ID}}
	if tree.Get("variants") != nil {
		kp, _ := tree.keyPos("variants")
		res.errs = Errors{{Pos: kp, Field: "variants", Msg: "variants do not combine with rows or locales: make each language a locale, and a column of what else varies"}}
		return res
	}
	base := tree.without("rows").without("locales")
	var rs *rowSet
	var errs Errors
	if n := tree.Get("rows"); n != nil {
		rs, errs = l.readRows(f, n, res.tmpl)
	}
	locs, lerrs := l.readLocales(f, tree.Get("locales"), base, res.tmpl)
	if res.errs = append(errs, lerrs...); len(res.errs) > 0 {
		return res
	}
	all := append([]*locale{{tree: base}}, locs...) // the manifest's own language first
	var ts *templates
	if rs != nil {
		ts = newTemplates()
		for _, loc := range all {
			ts.compile(loc.tree, loc.tree, nil, rs)
		}
		if len(ts.errs) > 0 {
			res.errs = ts.errs
			return res
		}
	}
	jobs := l.rowJobs(f, rs, all)
	out := make([]fileResult, len(jobs))
	parallel(len(jobs), func(i int) { out[i] = l.rowVideo(f, rs, ts, jobs[i]) })
	for _, r := range out {
		res.videos = append(res.videos, r.videos...)
		res.errs = append(res.errs, r.errs...)
	}
	return res
}

// rowJob is one video of a manifest with rows or locales: a row (-1
// without rows) in a locale.
type rowJob struct {
	row int
	loc *locale
}

// rowJobs lists the videos to make: every row the options keep, in every
// locale.
func (l *loader) rowJobs(f ManifestFile, rs *rowSet, locs []*locale) []rowJob {
	var jobs []rowJob
	if rs == nil {
		for _, loc := range locs {
			jobs = append(jobs, rowJob{-1, loc})
		}
		return jobs
	}
	known := l.known(f)
	for i, r := range rs.rows {
		if _, ok := known[r.Hash]; ok {
			continue // the plan has its videos
		}
		for _, loc := range locs {
			jobs = append(jobs, rowJob{i, loc})
		}
	}
	return jobs
}

// rowVideo makes one video of a manifest with rows or locales.
func (l *loader) rowVideo(f ManifestFile, rs *rowSet, ts *templates, j rowJob) fileResult {
	o := &Origin{Template: f.ID, Locale: j.loc.name}
	d := doc{id: f.ID, tree: j.loc.tree, own: j.loc.own, base: f.ID}
	if j.loc.name != "" {
		d.ownField = "locales." + j.loc.name
		o.Inputs = append(o.Inputs, j.loc.input)
	}
	if rs != nil {
		if errs := rs.expand(&d, o, ts, j); len(errs) > 0 {
			return fileResult{errs: errs}
		}
	}
	if j.loc.name != "" {
		d.id += "@" + j.loc.name
		if j.loc.own.Get("output") == nil {
			d.suffix += "@" + j.loc.name
		}
	}
	v, errs := l.video(f, d)
	if rs != nil {
		errs = rs.annotate(l.p.Root, j.row, ts, errs)
	}
	if v == nil {
		return fileResult{errs: errs}
	}
	v.Origin = o
	return fileResult{videos: []*Video{v}, errs: errs}
}

// expand makes d the tree of row j.row in its locale, with its id and
// output suffix, and says so in o; or gives the errors the row's values
// cause.
func (rs *rowSet) expand(d *doc, o *Origin, ts *templates, j rowJob) Errors {
	row := rs.values(j.row)
	if miss := ts.missing(row); len(miss) > 0 {
		p := rs.rows[j.row].Pos
		return Errors{{Pos: Pos{rs.file, p.Line, p.Col}, Msg: fmt.Sprintf("this row has no %s: every row needs the columns the manifest's templates use", strings.Join(quoted(miss), ", "))}}
	}
	var rerrs []rowError
	if d.tree = ts.expand(j.loc.tree, row, &rerrs); len(rerrs) > 0 {
		return rs.rowErrors(rs.root, j.row, rerrs)
	}
	o.Key, o.Data, o.Line = rs.keys[j.row], rs.file, rs.rows[j.row].Pos.Line
	o.Inputs = append([]string{rs.real}, o.Inputs...)
	d.id += "@" + o.Key
	if !ts.has[j.loc.tree.Get("output")] {
		d.suffix = "@" + o.Key
	}
	return nil
}

func quoted(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strconv.Quote(n)
	}
	return out
}

// rowErrors positions the errors a row's values caused when its
// templates ran.
func (rs *rowSet) rowErrors(root string, row int, rerrs []rowError) Errors {
	errs := make(Errors, len(rerrs))
	for i, re := range rerrs {
		errs[i] = rs.place(root, row, re.ft, Error{Pos: re.n.Pos, Field: re.ft.field, Msg: re.msg})
	}
	return errs
}

// annotate says which row caused the errors of a row's video that are
// in a field its templates made; the others are the manifest's own, the
// same for every row, and reported once.
func (rs *rowSet) annotate(root string, row int, ts *templates, errs Errors) Errors {
	for i, e := range errs {
		if ft := ts.byPos[e.Pos]; ft != nil {
			errs[i] = rs.place(root, row, ft, e)
		}
	}
	return errs
}

// place puts an error of a templated field where it is to be fixed: at
// the row's cell when the field is that cell alone ({{ .voice }}), else
// at the field, naming the row.
func (rs *rowSet) place(root string, row int, ft *fieldTemplate, e Error) Error {
	key := rs.keys[row]
	if c := slicesIndex(rs.columns, ft.column); c >= 0 && rs.rows[row].Get(c).Set {
		cell := rs.rows[row].Get(c)
		at := fmt.Sprintf("%s:%d:%d", relPath(root, e.Pos.File), e.Pos.Line, e.Pos.Col)
		e.Msg += fmt.Sprintf(" (the %s of row %s, which %s takes)", ft.column, key, at)
		e.Pos = Pos{rs.file, cell.Pos.Line, cell.Pos.Col}
		return e
	}
	e.Msg += fmt.Sprintf(" (row %s, %s:%d)", key, rs.shown, rs.rows[row].Pos.Line)
	return e
}

func slicesIndex(s []string, v string) int {
	if v == "" {
		return -1
	}
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
