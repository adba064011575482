package fake

import (
	"encoding/json"
	"net/http"
)

// heygenEnvelope is which of HeyGen's answer shapes a route uses.
type heygenEnvelope int

const (
	heygenEnvV3 heygenEnvelope = iota // {"data":…} / {"error":{"code","message","param","doc_url"}}
	heygenEnvV2                       // {"error":null,"data":…} / {"error":{"code","message"},"data":null}
	heygenEnvV1                       // {"code":100,"data":…,"message":"Success"} / {"code":40119,"message":…}
)

const heygenDocURL = "https://developers.heygen.com/docs/error-codes"

// heygenV3Error is the v3 error envelope without a param; it also renders
// injected faults on every route.
func heygenV3Error(_ int, code, message string) []byte { return heygenV3ErrorJSON(code, message, "") }

// heygenV3ErrorJSON is {"error":{"code","message","param","doc_url"}};
// param names the field at fault, null when none is.
func heygenV3ErrorJSON(code, message, param string) []byte {
	var p any
	if param != "" {
		p = param
	}
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"code": code, "message": message, "param": p, "doc_url": heygenDocURL}})
	return b
}

func heygenWriteV3Error(w http.ResponseWriter, status int, code, message, param string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(heygenV3ErrorJSON(code, message, param))
}

func heygenWriteV2Error(w http.ResponseWriter, status int, code, message string) {
	WriteJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": message}, "data": nil})
}

// heygenWriteV1Error answers in the v1 shape, whose code is a number.
func heygenWriteV1Error(w http.ResponseWriter, status, code int, message string) {
	WriteJSON(w, status, map[string]any{"code": code, "data": nil, "message": message, "msg": message})
}
