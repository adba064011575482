// Package cdp drives a headless Chromium over the DevTools protocol, with
// the standard library only: enough to open a page, evaluate script in it
// and take a screenshot, for tests that look at a page as a person would.
package cdp

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Browser is a headless Chromium this process started, and the DevTools
// connection to it.
type Browser struct {
	cmd *exec.Cmd
	ws  *wsConn

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan reply
	waiters []*waiter
	closed  error
}

type reply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type message struct {
	ID        int64           `json:"id"`
	Method    string          `json:"method"`
	SessionID string          `json:"sessionId"`
	Params    json.RawMessage `json:"params"`
	reply
}

type waiter struct {
	session, method string
	ch              chan struct{}
}

// Flags are the command-line flags of a quiet, isolated headless
// Chromium: no sandbox (tests run as root in CI), no GPU, and nothing that
// reaches the network by itself.
var Flags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
	"--disable-component-update", "--disable-sync", "--no-first-run", "--mute-audio",
	"--hide-scrollbars", "--remote-debugging-port=0",
}

// Launch starts the Chromium at path with a profile in userDataDir and
// connects to it.
func Launch(ctx context.Context, path, userDataDir string) (*Browser, error) {
	args := append(append([]string{}, Flags...), "--user-data-dir="+userDataDir, "about:blank")
	cmd := exec.Command(path, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	wsURL, err := devtoolsURL(ctx, stderr)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	ws, err := dialWS(wsURL)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	b := &Browser{cmd: cmd, ws: ws, pending: map[int64]chan reply{}}
	go b.read()
	return b, nil
}

// devtoolsURL reads Chromium's stderr to the line that says where its
// DevTools listen, then drains the rest in the background.
func devtoolsURL(ctx context.Context, stderr io.Reader) (string, error) {
	found := make(chan string, 1)
	var said strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if _, url, ok := strings.Cut(line, "DevTools listening on "); ok {
				found <- strings.TrimSpace(url)
				io.Copy(io.Discard, stderr)
				return
			}
			if said.Len() < 4096 {
				said.WriteString(line + "\n")
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if !ok {
			return "", fmt.Errorf("cdp: chromium exited before its DevTools listened: %s", said.String())
		}
		return url, nil
	case <-ctx.Done():
		return "", fmt.Errorf("cdp: chromium's DevTools did not listen: %w", ctx.Err())
	}
}

// read delivers each message to whoever waits for it, until the
// connection ends.
func (b *Browser) read() {
	for {
		data, err := b.ws.readMessage()
		if err != nil {
			b.mu.Lock()
			b.closed = err
			for id, ch := range b.pending {
				close(ch)
				delete(b.pending, id)
			}
			b.mu.Unlock()
			return
		}
		var m message
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				ch <- m.reply
				delete(b.pending, m.ID)
			}
		} else {
			b.notify(m.SessionID, m.Method)
		}
		b.mu.Unlock()
	}
}

// notify wakes the waiters for an event; b.mu is held.
func (b *Browser) notify(session, method string) {
	kept := b.waiters[:0]
	for _, w := range b.waiters {
		if w.session == session && w.method == method {
			close(w.ch)
			continue
		}
		kept = append(kept, w)
	}
	b.waiters = kept
}

// expect returns a channel closed when the event next arrives.
func (b *Browser) expect(session, method string) chan struct{} {
	w := &waiter{session: session, method: method, ch: make(chan struct{})}
	b.mu.Lock()
	b.waiters = append(b.waiters, w)
	b.mu.Unlock()
	return w.ch
}

// call sends a command (to a page's session, or the browser's when
// session is "") and decodes its result into out.
func (b *Browser) call(ctx context.Context, session, method string, params, out any) error {
	b.mu.Lock()
	if b.closed != nil {
		b.mu.Unlock()
		return fmt.Errorf("cdp: %s: connection closed: %w", method, b.closed)
	}
	b.nextID++
	id := b.nextID
	ch := make(chan reply, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	req := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		req["sessionId"] = session
	}
	data, err := json.Marshal(req)
	if err == nil {
		err = b.ws.writeText(data)
	}
	if err != nil {
		return err
	}
	select {
	case r, ok := <-ch:
		if !ok {
			return fmt.Errorf("cdp: %s: connection closed", method)
		}
		if r.Error != nil {
			return fmt.Errorf("cdp: %s: %s", method, r.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(r.Result, out)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("cdp: %s: %w", method, ctx.Err())
	}
}

// Close closes the browser and waits for it to exit.
func (b *Browser) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b.call(ctx, "", "Browser.close", map[string]any{}, nil)
	b.ws.close()
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case <-done:
	case <-ctx.Done():
		b.cmd.Process.Kill()
		<-done
	}
	return nil
}

// Page is one tab of the browser.
type Page struct {
	b       *Browser
	session string
}

// Open opens url in a new tab of the given size and waits for its load
// event.
func (b *Browser) Open(ctx context.Context, url string, width, height int) (*Page, error) {
	var target struct{ TargetID string }
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	var att struct{ SessionID string }
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		return nil, err
	}
	p := &Page{b: b, session: att.SessionID}
	if err := b.call(ctx, p.session, "Page.enable", map[string]any{}, nil); err != nil {
		return nil, err
	}
	if err := b.call(ctx, p.session, "Emulation.setDeviceMetricsOverride",
		map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return nil, err
	}
	loaded := b.expect(p.session, "Page.loadEventFired")
	var nav struct{ ErrorText string }
	if err := b.call(ctx, p.session, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return nil, err
	}
	if nav.ErrorText != "" {
		return nil, fmt.Errorf("cdp: opening %s: %s", url, nav.ErrorText)
	}
	select {
	case <-loaded:
		return p, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("cdp: %s did not load: %w", url, ctx.Err())
	}
}

// Eval evaluates a JavaScript expression in the page, awaits it if it is
// a promise, and decodes its value (as JSON) into out.
func (p *Page) Eval(ctx context.Context, expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.b.call(ctx, p.session, "Runtime.evaluate", map[string]any{
		"expression": expr, "awaitPromise": true, "returnByValue": true,
	}, &r)
	if err != nil {
		return err
	}
	if e := r.ExceptionDetails; e != nil {
		return fmt.Errorf("cdp: script threw: %s %s", e.Text, e.Exception.Description)
	}
	if out == nil {
		return nil
	}
	if len(r.Result.Value) == 0 {
		return errors.New("cdp: the script returned no value")
	}
	return json.Unmarshal(r.Result.Value, out)
}

// Screenshot is a PNG of the whole page, beyond the window too.
func (p *Page) Screenshot(ctx context.Context) ([]byte, error) {
	var r struct{ Data string }
	err := p.b.call(ctx, p.session, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}, &r)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(r.Data)
}
