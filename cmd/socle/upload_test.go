package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/socle-project/socle/authoring"
)

// runSocle runs a socle command to its end and returns what it printed.
func runSocle(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("socle %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// uploadFile posts a file as a new guide through the API and returns the job's id.
func uploadFile(t *testing.T, addr, token, slug string, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("slug", slug)
	part, _ := w.CreateFormFile("file", slug+".pdf")
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/guides", &buf)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var j struct{ ID string }
	if resp.StatusCode != http.StatusAccepted || json.Unmarshal(body, &j) != nil {
		t.Fatalf("upload %s: %d %s", slug, resp.StatusCode, body)
	}
	return j.ID
}

type jobState struct {
	State, Message string
	Version        int
}

func getJob(t *testing.T, addr, token, id string) jobState {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/jobs/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var j jobState
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&j) != nil {
		t.Fatalf("GET job %s: %d", id, resp.StatusCode)
	}
	return j
}

// TestKillDuringUpload kills the server (SIGKILL) while uploads are read and waiting: after a
// restart, every upload that had not finished is failed with a message saying to upload again,
// and none left a guide or a version.
func TestKillDuringUpload(t *testing.T) {
	data := t.TempDir()
	runSocle(t, "org", "create", "--data", data, "--slug", "mds", "--name", "MDS")
	runSocle(t, "user", "add", "--data", data, "--org", "mds", "--email", "lead@mds.example", "--role", "lead")
	token := strings.TrimSpace(runSocle(t, "token", "create", "--data", data, "--org", "mds", "--email", "lead@mds.example", "--name", "test"))
	token = token[strings.LastIndex(token, "\n")+1:]

	// The largest French PDFs of the corpus take seconds each; one worker reads them in turn,
	// so that some are still waiting or being read when the server is killed.
	files := []string{filepath.Join("..", "..", "ingest", "pdf", "testdata", "outline.pdf")}
	if dir := corpusDir(); dir != "" {
		files = []string{
			filepath.Join(dir, "pdfs/french/webrsa/webrsa_didac_Bureautique.pdf"),
			filepath.Join(dir, "pdfs/french/domifa/guide_utilisateur_domifa.pdf"),
			filepath.Join(dir, "pdfs/french/emjpm/DGCS_Mandoline_guide-de-remplissage-des-enquetes.pdf"),
		}
	}
	s := start(t, "serve", "--data", data, "--upload-workers", "1")
	var jobs []string
	for i := range 6 {
		pdf, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, uploadFile(t, s.addr, token, "guide-"+string(rune('a'+i)), pdf))
	}
	// Let the first finish, so that the kill finds uploads done, read and waiting.
	for deadline := time.Now().Add(time.Minute); getJob(t, s.addr, token, jobs[0]).State != "done"; {
		if time.Now().After(deadline) {
			t.Fatal("the first upload did not finish within a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()

	s = start(t, "serve", "--data", data)
	defer s.stop(t)
	interrupted := 0
	for i, id := range jobs {
		j := getJob(t, s.addr, token, id)
		switch j.State {
		case "done":
			continue // read before the kill: its version is whole
		case "failed":
			if j.Message != authoring.Interrupted {
				t.Fatalf("job %d failed with %q, want the interruption message", i, j.Message)
			}
			interrupted++
		default:
			t.Fatalf("job %d is %s after the restart, want failed or done", i, j.State)
		}
		if code, body := apiGet(t, s.addr, token, "/api/v1/guides/guide-"+string(rune('a'+i))); code != http.StatusNotFound {
			t.Fatalf("an interrupted upload left guide-%c: %d %s", 'a'+i, code, body)
		}
	}
	if interrupted == 0 {
		t.Fatal("every upload finished before the kill: the test proves nothing; give it larger files")
	}
	t.Logf("%d of %d uploads interrupted by the kill", interrupted, len(jobs))
}

func apiGet(t *testing.T, addr, token, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// corpusDir is the shared corpus of real documents, or "" when absent (an error under
// SOCLE_REQUIRE_CORPUS=1, as in CI).
func corpusDir() string {
	dir := os.Getenv("SOCLE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("SOCLE_REQUIRE_CORPUS") == "1" {
			panic("the shared corpus is required (SOCLE_REQUIRE_CORPUS=1) and absent at " + dir)
		}
		return ""
	}
	return dir
}
