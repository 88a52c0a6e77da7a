"""Translation engines on loopback: a LibreTranslate and a DeepL, speaking their HTTP APIs.

Deterministic: a translation into `ja` is `[ja] ` followed by the words of each text in
reverse order (line breaks kept), so a test knows the exact answer. Failure modes are
switched on the server object: `down` (the socket is closed), `delay` (seconds before
answering: a slow engine), `fail_next` (a list of HTTP statuses answered before the next
successes, e.g. [429, 503]), `answer` (a fixed translated text, e.g. a `<script>`), and
`max_chars` (longer requests get 413). Every request is recorded.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LANGUAGES = ["en", "ja", "hi"]


def fake_translate(text: str, target: str) -> str:
    return f"[{target}] " + " ".join(reversed(text.split()))


class EngineServer:
    kind = ""

    def __init__(self, languages: list[str] | None = None) -> None:
        self.languages = list(languages or LANGUAGES)
        self.requests: list[dict[str, Any]] = []
        self.fail_next: list[int] = []
        self.delay = 0.0
        self.answer: str | None = None
        self.max_chars = 0
        self.api_key = ""
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server._handle(self, "GET", None)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                server._handle(self, "POST", json.loads(body or b"{}"))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # A short poll interval: stop() (shutdown) waits at most this long, not the default 0.5 s.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def translations(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST"]

    def _send(self, handler: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(body)

    def _handle(self, handler: BaseHTTPRequestHandler, method: str, data: Any) -> None:
        with self._lock:
            self.requests.append({"method": method, "path": handler.path, "data": data,
                                  "authorization": handler.headers.get("Authorization", "")})
            status = self.fail_next.pop(0) if self.fail_next else 0
        if self.delay:
            time.sleep(self.delay)
        if status:
            self._send(handler, status, {"error": f"status {status}"}, {"Retry-After": "0"} if status == 429 else None)
            return
        self.route(handler, method, data)

    def route(self, handler: BaseHTTPRequestHandler, method: str, data: Any) -> None:  # pragma: no cover
        raise NotImplementedError


class LibreTranslateServer(EngineServer):
    kind = "libretranslate"

    def route(self, handler: BaseHTTPRequestHandler, method: str, data: Any) -> None:
        if method == "GET" and handler.path.startswith("/languages"):
            self._send(handler, 200, [{"code": c, "name": c, "targets": self.languages} for c in self.languages])
            return
        if method == "POST" and handler.path.startswith("/translate"):
            if self.api_key and data.get("api_key") != self.api_key:
                self._send(handler, 403, {"error": "Invalid API key"})
                return
            texts = data["q"] if isinstance(data["q"], list) else [data["q"]]
            if self.max_chars and sum(len(t) for t in texts) > self.max_chars:
                self._send(handler, 413, {"error": "too long"})
                return
            if data["source"] not in self.languages or data["target"] not in self.languages:
                self._send(handler, 400, {"error": "language not supported"})
                return
            out = [self.answer if self.answer is not None else fake_translate(t, data["target"]) for t in texts]
            self._send(handler, 200, {"translatedText": out if isinstance(data["q"], list) else out[0]})
            return
        self._send(handler, 404, {"error": "not found"})


class DeepLServer(EngineServer):
    kind = "deepl"

    def route(self, handler: BaseHTTPRequestHandler, method: str, data: Any) -> None:
        if self.api_key and handler.headers.get("Authorization") != f"DeepL-Auth-Key {self.api_key}":
            self._send(handler, 403, {"message": "Wrong key"})
            return
        if method == "GET" and handler.path.startswith("/v2/languages"):
            names = {"en": "EN-GB", "ja": "JA", "hi": "HI"}
            self._send(handler, 200, [{"language": names.get(c, c.upper()), "name": c} for c in self.languages])
            return
        if method == "POST" and handler.path.startswith("/v2/translate"):
            texts = data["text"]
            if self.max_chars and sum(len(t) for t in texts) > self.max_chars:
                self._send(handler, 413, {"message": "too long"})
                return
            target = data["target_lang"].split("-")[0].lower()
            out = [{"detected_source_language": data.get("source_lang", "EN"),
                    "text": self.answer if self.answer is not None else fake_translate(t, target)} for t in texts]
            self._send(handler, 200, {"translations": out})
            return
        self._send(handler, 404, {"message": "not found"})
