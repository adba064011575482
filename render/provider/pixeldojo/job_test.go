package pixeldojo

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

func TestJobStatus(t *testing.T) {
	const u = "https://temp.pixeldojo.ai/v.mp4"
	for _, tc := range []struct {
		body  string
		state provider.State
		video string
		code  string
		msg   string
	}{
		{`{"jobId":"j","status":"pending"}`, provider.Queued, "", "", ""},
		{`{"jobId":"j","status":"processing"}`, provider.Processing, "", "", ""},
		{`{"jobId":"j","status":"IN_PROGRESS"}`, provider.Processing, "", "", ""},
		{`{"jobId":"j","status":"uploading"}`, provider.Processing, "", "", ""},
		{`{"status":"completed","output":{"video":"` + u + `"}}`, provider.Completed, u, "", ""},
		{`{"status":"completed","output":{"videos":["` + u + `"]}}`, provider.Completed, u, "", ""},
		{`{"status":"completed","output":{"videos":[{"url":"` + u + `"}]}}`, provider.Completed, u, "", ""},
		{`{"status":"completed","output":{"video":{"url":"` + u + `","content_type":"video/mp4"}}}`, provider.Completed, u, "", ""},
		{`{"status":"completed","output":"` + u + `"}`, provider.Completed, u, "", ""},
		{`{"status":"succeeded","output":{"url":"` + u + `"}}`, provider.Completed, u, "", ""},
		{`{"status":"completed","assets":[{"url":"` + u + `"}]}`, provider.Completed, u, "", ""},
		{`{"status":"completed","output":{"images":["x.png"]}}`, provider.Failed, "", "no_output", "without a video"},
		{`{"status":"failed","error":"Face not detected"}`, provider.Failed, "", "", "Face not detected"},
		{`{"status":"failed","error":"Out of credits","code":"insufficient_credits"}`, provider.Failed, "", "insufficient_credits", "Out of credits"},
		{`{"status":"failed","error":{"code":422,"message":"Bad image"}}`, provider.Failed, "", "422", "Bad image"},
		{`{"status":"failed"}`, provider.Failed, "", "", "without a reason"},
	} {
		var j job
		if err := json.Unmarshal([]byte(tc.body), &j); err != nil {
			t.Fatal(err)
		}
		st := j.status("j")
		if st.JobID != "j" || st.State != tc.state {
			t.Errorf("%s: state %s, want %s", tc.body, st.State, tc.state)
			continue
		}
		if tc.video != "" && (st.Media == nil || st.Media.VideoURL != tc.video) {
			t.Errorf("%s: media %+v", tc.body, st.Media)
		}
		if tc.msg != "" && (st.Err == nil || st.Err.Code != tc.code || !strings.Contains(st.Err.Message, tc.msg)) {
			t.Errorf("%s: err %+v", tc.body, st.Err)
		}
	}
}
