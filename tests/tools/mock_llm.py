#!/usr/bin/env python3
"""Local stand-in for the OpenAI chat-completions API and Ollama's API, for the tests of fb-classify.

Endpoints
  POST /v1/chat/completions (or any path ending in /chat/completions)  OpenAI and Ollama's OpenAI-compatible API
  POST /api/chat                                                      Ollama native API (non-streamed reply)
  GET  /stats                                                         counters, see Stats.snapshot()
  POST /reset                                                         clears counters and "first" state, returns {}
Anything else: 404 with a JSON error body. A malformed JSON body: 400.

The answer is a classification {"SentimentRating", "Agrupador", "Sentimento"} derived deterministically from
the complaint text (the content of the last "user" message). Markers in that text change the behaviour:
  [429]  [429x3]  [500]  [503always]  [garbage]  [garbagealways]  [badcat]  [badcatalways]  [badrating]
  [fenced]  [slow=MS]  [hang]  [close]
One-shot markers ([close], [429x3], [429], [500], [garbage], [badcat]) are counted per exact text and are
used up in that order, one per request, so that "[429][garbage]" gives a 429, then a non-JSON reply, then
a good one.

Python 3.11 standard library only.
  mock_llm.py [--port N] [--latency-ms N] [--api-key KEY] [--port-file FILE]
"""

import argparse
import datetime
import http.server
import json
import os
import re
import signal
import sys
import threading
import time
import unicodedata

CATEGORIES = (
    "Aplicativo", "Atendimento", "Agência e Caixas", "Cartão", "Pix e Transferências", "Tarifas e Cobranças",
    "Empréstimos e Financiamentos", "Conta", "Segurança e Fraude", "Investimentos", "Outros",
)
NEGATIVE_WORDS = ("nao", "ruim", "pessimo", "problema", "golpe", "erro", "demora", "absurdo")
# Checked in this order; the first match wins.
CATEGORY_KEYWORDS = (
    (("pix",), "Pix e Transferências"),
    (("cartao",), "Cartão"),
    (("app", "aplicativo"), "Aplicativo"),
    (("tarifa", "cobranca"), "Tarifas e Cobranças"),
    (("golpe", "fraude"), "Segurança e Fraude"),
)
FRAUD_WORDS = ("golpe", "fraude")
GARBAGE = "this is not json"
BAD_CATEGORY = "Futebol"
COMPLETION_TOKENS = 12
HANG_SECONDS = 60.0

MARKER_RE = re.compile(r"\[(429x3|429|500|503always|garbagealways|garbage|badcatalways|badcat|badrating|fenced|hang|close|slow=\d+)\]")
SLOW_RE = re.compile(r"\[slow=(\d+)\]")
# One-shot markers and how many requests each one takes, in the order they are used up.
ONE_SHOT = (("close", 1), ("429x3", 3), ("429", 1), ("500", 1))
ONE_SHOT_CONTENT = (("garbage", 1), ("badcat", 1))


def normalise(text):
    """Lower case without accents: "Não" -> "nao", "Cartão" -> "cartao"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def classify(text):
    """The default answer for a complaint text (markers removed first)."""
    norm = normalise(MARKER_RE.sub(" ", text))
    negative = any(w in norm for w in NEGATIVE_WORDS)
    category = "Outros"
    for words, name in CATEGORY_KEYWORDS:
        if any(w in norm for w in words):
            category = name
            break
    if negative:
        rating = 5 if any(w in norm for w in FRAUD_WORDS) else 3
    else:
        rating = 1
    return {"SentimentRating": rating, "Agrupador": category, "Sentimento": "Negativo" if negative else "Positivo"}


def content_text(content):
    """Message content as text: a string, or OpenAI's list of parts ({"type":"text","text":...})."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for p in content:
            if isinstance(p, str):
                parts.append(p)
            elif isinstance(p, dict) and isinstance(p.get("text"), str):
                parts.append(p["text"])
        return "\n".join(parts)
    return ""


class Stats:
    """Counters and per-text "first" state, shared by the handler threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.in_flight = 0
        self.clear()

    def clear(self):  # caller holds the lock (or is the constructor)
        self.requests = 0
        self.by_text = {}
        self.max_concurrent = self.in_flight
        self.paths = {}
        self.models = {}
        self.last_body = None
        self.used = {}  # text -> {marker: times used}
        self.serial = 0

    def reset(self):
        with self.lock:
            self.clear()

    def begin(self, path):
        with self.lock:
            self.requests += 1
            self.paths[path] = self.paths.get(path, 0) + 1
            self.in_flight += 1
            self.max_concurrent = max(self.max_concurrent, self.in_flight)

    def end(self):
        with self.lock:
            self.in_flight -= 1

    def record_body(self, body):
        with self.lock:
            self.last_body = body

    def decide(self, text, model):
        """Count the request and decide, atomically, what it gets: (action, serial).

        action is "close", "429", "500", "503" or a content kind: "garbage", "badcat", "ok"."""
        markers = set(MARKER_RE.findall(text))
        with self.lock:
            self.serial += 1
            self.by_text[text] = self.by_text.get(text, 0) + 1
            self.models[model] = self.models.get(model, 0) + 1
            used = self.used.setdefault(text, {})

            def take(name, limit):
                if name in markers and used.get(name, 0) < limit:
                    used[name] = used.get(name, 0) + 1
                    return True
                return False

            if take("close", 1):
                return "close", self.serial
            if "503always" in markers:
                return "503", self.serial
            for name, limit in ONE_SHOT[1:]:
                if take(name, limit):
                    return ("429" if name.startswith("429") else name), self.serial
            if "garbagealways" in markers:
                return "garbage", self.serial
            for name, limit in ONE_SHOT_CONTENT:
                if take(name, limit):
                    return name, self.serial
            if "badcatalways" in markers:
                return "badcat", self.serial
            return "ok", self.serial

    def snapshot(self):
        with self.lock:
            return {
                "requests": self.requests,
                "by_text": dict(self.by_text),
                "max_concurrent": self.max_concurrent,
                "paths": dict(self.paths),
                "models": dict(self.models),
                "last_body": self.last_body,
            }


class BadRequest(Exception):
    pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mock_llm/1.0"
    sys_version = ""
    timeout = 300  # idle keep-alive connections are dropped after this

    def log_message(self, format, *args):  # silence the per-request log
        pass

    # ---- helpers -----------------------------------------------------------------------------------------
    def path_only(self):
        return self.path.split("?", 1)[0]

    def is_ollama(self):
        return self.path_only().startswith("/api/")

    def is_openai(self):
        return self.path_only().endswith("/chat/completions")

    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()

    def send_error_json(self, status, message, err_type, code=None, headers=None):
        """Ollama style {"error": "..."} under /api/, OpenAI style elsewhere."""
        if self.is_ollama():
            body = {"error": message}
        else:
            body = {"error": {"message": message, "type": err_type, "param": None, "code": code}}
        self.send_json(status, body, headers)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                line = self.rfile.readline(65537)
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    self.close_connection = True
                    raise BadRequest("bad chunked encoding")
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            n = int(length)
            if n < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            raise BadRequest("bad Content-Length")
        return self.rfile.read(n) if n else b""

    # ---- GET ---------------------------------------------------------------------------------------------
    def do_GET(self):
        if self.path_only() == "/stats":
            self.send_json(200, self.server.stats.snapshot())
        else:
            self.send_error_json(404, f"unknown path: GET {self.path_only()}", "invalid_request_error", "not_found")

    # ---- POST --------------------------------------------------------------------------------------------
    def do_POST(self):
        try:
            raw = self.read_body()
        except BadRequest as e:
            self.send_error_json(400, str(e), "invalid_request_error")
            return
        path = self.path_only()
        stats = self.server.stats
        if path == "/reset":
            stats.reset()
            self.send_json(200, {})
            return
        stats.begin(path)
        try:
            self.handle_post(path, raw)
        finally:
            stats.end()

    def handle_post(self, path, raw):
        stats = self.server.stats
        try:
            body, parse_error = json.loads(raw.decode("utf-8")), None
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            body, parse_error = None, e
        if parse_error is None:
            stats.record_body(body)
        if not (self.is_openai() or path == "/api/chat"):
            self.send_error_json(404, f"unknown path: POST {path}", "invalid_request_error", "not_found")
            return
        key = self.server.api_key
        if key is not None and (path.startswith("/v1/") or self.is_openai()):
            if self.headers.get("Authorization", "") != f"Bearer {key}":
                self.send_error_json(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
                return
        if parse_error is not None:
            self.send_error_json(400, f"We could not parse the JSON body of your request. ({parse_error})",
                                 "invalid_request_error")
            return
        if not isinstance(body, dict):
            self.send_error_json(400, "the request body must be a JSON object", "invalid_request_error")
            return
        messages = body.get("messages")
        if not isinstance(messages, list):
            self.send_error_json(400, "'messages' is a required property", "invalid_request_error")
            return
        text = None
        words = 0
        for m in messages:
            if not isinstance(m, dict):
                continue
            c = content_text(m.get("content"))
            words += len(c.split())
            if m.get("role") == "user":
                text = c
        if text is None:
            self.send_error_json(400, "no message with role 'user'", "invalid_request_error")
            return
        model = body.get("model") if isinstance(body.get("model"), str) else "mock"

        action, serial = stats.decide(text, model)

        delay = self.server.latency_ms / 1000.0
        m = SLOW_RE.search(text)
        if m:
            delay += int(m.group(1)) / 1000.0
        if "[hang]" in text:
            delay += HANG_SECONDS
        if delay > 0:
            time.sleep(delay)

        if action == "close":
            self.close_connection = True  # no response at all; the socket is closed on return
            return
        if action == "429":
            self.send_error_json(429, "Rate limit reached for requests (mock). Please try again in 1s.",
                                 "requests", "rate_limit_exceeded", {"Retry-After": "1"})
            return
        if action == "500":
            self.send_error_json(500, "The server had an error while processing your request (mock).",
                                 "server_error")
            return
        if action == "503":
            self.send_error_json(503, "The engine is currently overloaded (mock).", "server_error",
                                 "service_unavailable")
            return

        if action == "garbage":
            content = GARBAGE
        else:
            answer = classify(text)
            if action == "badcat":
                answer["Agrupador"] = BAD_CATEGORY
            if "[badrating]" in text:
                answer["SentimentRating"] = 9
            content = json.dumps(answer, ensure_ascii=False)
        if "[fenced]" in text:
            content = "```json\n" + content + "\n```"

        now = time.time()
        if path == "/api/chat":
            created_at = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ")
            self.send_json(200, {
                "model": model,
                "created_at": created_at,
                "message": {"role": "assistant", "content": content},
                "done_reason": "stop",
                "done": True,
                "total_duration": int(delay * 1e9),
                "prompt_eval_count": words,
                "eval_count": COMPLETION_TOKENS,
            })
        else:
            self.send_json(200, {
                "id": f"chatcmpl-mock{serial:08d}",
                "object": "chat.completion",
                "created": int(now),
                "model": model,
                "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "logprobs": None,
                    "finish_reason": "stop",
                }],
                "usage": {"prompt_tokens": words, "completion_tokens": COMPLETION_TOKENS,
                          "total_tokens": words + COMPLETION_TOKENS},
            })


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A client that hung up (timeouts, [hang]) is expected; anything else is worth a traceback.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Mock OpenAI chat-completions and Ollama API for fb-classify tests")
    ap.add_argument("--port", type=int, default=0, help="port to listen on (default 0: any free port)")
    ap.add_argument("--latency-ms", type=int, default=0, help="delay before every chat answer")
    ap.add_argument("--api-key", default=None, help="require 'Authorization: Bearer KEY' on /v1/*")
    ap.add_argument("--port-file", default=None, help="write the bound port number to this file")
    args = ap.parse_args(argv)

    server = Server(("127.0.0.1", args.port), Handler)
    server.stats = Stats()
    server.latency_ms = max(0, args.latency_ms)
    server.api_key = args.api_key
    port = server.server_address[1]

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    if args.port_file:
        tmp = f"{args.port_file}.tmp{os.getpid()}"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)  # atomic: a reader never sees an empty file
    print(f"mock_llm: listening on 127.0.0.1:{port}", file=sys.stderr, flush=True)

    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
