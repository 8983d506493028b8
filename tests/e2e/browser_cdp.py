#!/usr/bin/env python3
"""Browser checks of `heraldo serve`, run by tests/e2e/browser.sh.

Opens a page of the served site in headless Chromium and drives it through
the DevTools protocol over a minimal RFC 6455 WebSocket client (the
standard library has none).  The test edits the post on disk and never
navigates: the page must change by itself (live reload).  Prints one
"PASS name" or "FAIL name: why" line per check.

usage: browser_cdp.py CHROMIUM SERVER_URL SITE_DIR PROFILE_DIR
"""

import base64
import json
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request

WAIT = 15.0  # seconds for any one thing to happen


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames."""

    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=WAIT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key)
        ).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise IOError("websocket handshake: connection closed")
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise IOError("websocket handshake: %r" % head[:80])

    def _recv_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise IOError("websocket closed")
            data += chunk
        return data

    def send(self, text):
        payload = text.encode()
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        mask = os.urandom(4)  # 5.3: client frames are masked
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._recv_exact(8))[0]
            mask = self._recv_exact(4) if b1 & 0x80 else None
            data = self._recv_exact(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise IOError("websocket closed by the browser")
            if opcode == 0x9:  # ping: answer, keep reading
                continue
            message += data
            if b0 & 0x80:
                return message.decode()

    def close(self):
        self.sock.close()


class Page:
    def __init__(self, ws_url):
        self.ws = WebSocket(ws_url)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps(
            {"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise IOError("%s: %s" % (method, msg["error"]))
                return msg["result"]

    def eval(self, expr):
        """The value of a JavaScript expression (awaited); None while the
        page is between documents."""
        try:
            r = self.call("Runtime.evaluate", expression=expr,
                          returnByValue=True, awaitPromise=True)
        except IOError:
            return None
        if "exceptionDetails" in r:
            return None
        return r["result"].get("value")

    def wait_for(self, expr, seconds=WAIT):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.eval(expr):
                return True
            time.sleep(0.05)
        return False


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


POST = """---
title: Holiday hours
date: 2012-12-19 12:56
---
The office closes on **%s**.
"""


def main():
    chromium, url, site, profile = sys.argv[1:5]
    post_path = os.path.join(site, "content/posts/2012/12/holiday-hours.md")
    page_url = url + "2012/12/holiday-hours.html"
    results = []

    def check(name, ok, why=""):
        results.append(ok)
        print("PASS %s" % name if ok else "FAIL %s: %s" % (name, why))
        sys.stdout.flush()

    proc = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + profile, "--remote-debugging-port=0",
         page_url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = None
    try:
        # Chromium names its DevTools port in the profile once it listens.
        # The file appears before its contents: read until a whole port
        # number is there.
        port_file = os.path.join(profile, "DevToolsActivePort")
        end = time.monotonic() + WAIT
        port = None
        while port is None and time.monotonic() < end:
            try:
                with open(port_file) as f:
                    line = f.readline()
                if line.endswith("\n"):
                    port = int(line)
            except (OSError, ValueError):
                pass
            if port is None:
                time.sleep(0.05)
        if port is None:
            raise RuntimeError("Chromium did not open its DevTools port")
        ws_url = None
        while ws_url is None and time.monotonic() < end:
            try:
                with urllib.request.urlopen(
                        "http://127.0.0.1:%d/json/list" % port) as r:
                    for t in json.load(r):
                        if (t.get("type") == "page" and
                                t["url"] == page_url):
                            ws_url = t["webSocketDebuggerUrl"]
            except OSError:
                pass  # not listening yet
            time.sleep(0.05)
        page = Page(ws_url)

        check("page loads",
              page.wait_for("document.readyState === 'complete' && "
                            "document.body.innerText.includes("
                            "'December 24')"),
              "no 'December 24' in the page")
        check("reload script served",
              page.eval("[...document.scripts].some(s => "
                        "s.textContent.includes('/__heraldo/events'))"),
              "no script listening on /__heraldo/events")
        check("draft-free post has no banner",
              page.eval("document.querySelector('.flag') === null"),
              "a .flag element on a published post")

        # A mark that a reload of the page (by itself) wipes out.
        page.eval("window.heraldoMark = 1")
        t0 = time.monotonic()
        write(post_path, POST % "December 23")
        changed = page.wait_for(
            "document.body.innerText.includes('December 23')")
        latency = (time.monotonic() - t0) * 1000
        check("edit shows without navigating", changed,
              "the page still says December 24")
        if changed:
            print("edit to new text in the browser: %.0f ms" % latency)
        check("the page reloaded itself",
              page.eval("window.heraldoMark === undefined"),
              "the mark survived: the text changed some other way")

        write(post_path, "---\ntitle: [Holiday hours\n---\nBroken.\n")
        shown = page.wait_for(
            "document.getElementById('heraldo-error') !== null && "
            "document.getElementById('heraldo-error').innerText"
            ".includes('holiday-hours.md:2:8: error')")
        check("build error shown over the page", shown,
              "no #heraldo-error naming holiday-hours.md:2:8")
        check("last good page still shown",
              page.eval("document.body.innerText.includes('December 23')"),
              "the last good text is gone")
        write(post_path, POST % "December 22")
        check("fixed: error gone, new text shown",
              page.wait_for("document.getElementById('heraldo-error') "
                            "=== null && document.body.innerText"
                            ".includes('December 22')"),
              "the error or the old text stayed")

        feed = page.eval(
            "fetch('/feeds/atom.xml').then(r => r.text().then(t => "
            "[r.status, r.headers.get('content-type'), t]))")
        check("feed served as Atom",
              feed is not None and feed[0] == 200 and
              feed[1] == "application/atom+xml" and "<feed" in feed[2] and
              "__heraldo" not in feed[2],
              "got %r" % (feed[:2] if feed else feed))
        nf = page.eval(
            "fetch('/no/such/page.html').then(r => r.text().then(t => "
            "[r.status, r.headers.get('content-type'), t]))")
        check("404 page with status 404",
              nf is not None and nf[0] == 404 and
              nf[1] == "text/html; charset=utf-8" and
              "id=\"missing\"" in nf[2],
              "got %r" % (nf[:2] if nf else nf))
    except Exception as e:  # a broken harness is one failure, not a crash
        check("browser session", False, repr(e))
    finally:
        if page is not None:
            page.ws.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
