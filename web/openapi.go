package web

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"sync"

	"go.yaml.in/yaml/v3"
)

// openAPIYAML is the description of /api/v1, written by hand next to the routes; the test
// TestOpenAPI holds it to the routes the server registers and to the answers it gives.
//
//go:embed openapi/openapi.yaml
var openAPIYAML []byte

// OpenAPI returns the description of the API as JSON, converted once.
var OpenAPI = sync.OnceValues(func() ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(openAPIYAML, &doc); err != nil {
		return nil, err
	}
	return json.MarshalIndent(doc, "", "  ")
})

// openAPIHandler answers GET /api/v1/openapi.json, to anyone: it describes the API, no data,
// and the developers of a case management system generate their client from it.
func (s *Server) openAPIHandler(w http.ResponseWriter, r *http.Request) {
	data, err := OpenAPI()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(data)
}
