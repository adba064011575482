package review

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
)

// Handler serves the review folder dir, for reel review --serve. Beside
// the folder's files it answers _reel/stamp with the page's modification
// time, which the page polls to reload itself when it is written anew.
// It serves files only: no folder listings, and GET and HEAD only.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_reel/stamp", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		st, err := os.Stat(filepath.Join(dir, "index.html"))
		if err != nil {
			http.Error(w, "no review page yet", http.StatusNotFound)
			return
		}
		w.Write([]byte(strconv.FormatInt(st.ModTime().UnixNano(), 10)))
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && r.URL.Path[len(r.URL.Path)-1] == '/' {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
	return mux
}
