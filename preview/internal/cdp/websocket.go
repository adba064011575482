package cdp

import (
	"bufio"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
)

// maxMessage is the largest message read: a full-page screenshot, in
// base64, fits many times over.
const maxMessage = 256 << 20

// wsConn is the client side of a WebSocket (RFC 6455), as much of it as
// the DevTools protocol uses: text messages, fragmented or not, pings and
// a close.
type wsConn struct {
	conn net.Conn
	r    *bufio.Reader
	wmu  sync.Mutex
}

const wsGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// dialWS opens a WebSocket to a ws:// URL on this machine.
func dialWS(rawURL string) (*wsConn, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "ws" {
		return nil, fmt.Errorf("cdp: not a ws:// URL: %q", rawURL)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		return nil, err
	}
	var nonce [16]byte
	rand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", u.RequestURI(), u.Host, key)
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	sum := sha1.Sum([]byte(key + wsGUID))
	if resp.StatusCode != http.StatusSwitchingProtocols || resp.Header.Get("Sec-WebSocket-Accept") != base64.StdEncoding.EncodeToString(sum[:]) {
		conn.Close()
		return nil, fmt.Errorf("cdp: websocket upgrade refused: %s", resp.Status)
	}
	return &wsConn{conn: conn, r: r}, nil
}

// writeText sends one text message, masked as a client must.
func (c *wsConn) writeText(p []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.writeFrame(0x1, p)
}

func (c *wsConn) writeFrame(op byte, p []byte) error {
	head := []byte{0x80 | op}
	switch n := len(p); {
	case n < 126:
		head = append(head, 0x80|byte(n))
	case n <= 0xffff:
		head = append(head, 0x80|126, byte(n>>8), byte(n))
	default:
		head = binary.BigEndian.AppendUint64(append(head, 0x80|127), uint64(n))
	}
	var mask [4]byte
	rand.Read(mask[:])
	head = append(head, mask[:]...)
	body := make([]byte, len(p))
	for i, b := range p {
		body[i] = b ^ mask[i%4]
	}
	_, err := c.conn.Write(append(head, body...))
	return err
}

// readMessage returns the next whole text message, answering pings on
// the way; io.EOF once the browser closes.
func (c *wsConn) readMessage() ([]byte, error) {
	var msg []byte
	for {
		fin, op, p, err := c.readFrame()
		if err != nil {
			return nil, err
		}
		switch op {
		case 0x8:
			return nil, io.EOF
		case 0x9:
			c.wmu.Lock()
			err = c.writeFrame(0xA, p)
			c.wmu.Unlock()
			if err != nil {
				return nil, err
			}
			continue
		case 0xA:
			continue
		}
		if len(msg)+len(p) > maxMessage {
			return nil, errors.New("cdp: message too large")
		}
		msg = append(msg, p...)
		if fin {
			return msg, nil
		}
	}
}

func (c *wsConn) readFrame() (fin bool, op byte, p []byte, err error) {
	var h [2]byte
	if _, err = io.ReadFull(c.r, h[:]); err != nil {
		return
	}
	fin, op = h[0]&0x80 != 0, h[0]&0x0f
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		_, err = io.ReadFull(c.r, b[:])
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		_, err = io.ReadFull(c.r, b[:])
		n = binary.BigEndian.Uint64(b[:])
	}
	if err != nil {
		return
	}
	if n > maxMessage {
		return false, 0, nil, errors.New("cdp: frame too large")
	}
	var mask [4]byte
	masked := h[1]&0x80 != 0
	if masked {
		if _, err = io.ReadFull(c.r, mask[:]); err != nil {
			return
		}
	}
	p = make([]byte, n)
	if _, err = io.ReadFull(c.r, p); err != nil {
		return
	}
	if masked {
		for i := range p {
			p[i] ^= mask[i%4]
		}
	}
	return
}

func (c *wsConn) close() error { return c.conn.Close() }
