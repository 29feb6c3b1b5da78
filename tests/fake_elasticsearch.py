"""A small HTTP server on the loopback that answers as an Elasticsearch 8 node does, for the few requests the
portal sends: `_bulk` (it records the actions), the node's plugins, and the root. A real server the real client
talks to, so the client's own handling of answers and refusals is exercised; no cluster is needed."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class FakeElasticsearch:
    def __init__(self, plugins=("analysis-kuromoji", "analysis-icu", "analysis-nori", "analysis-smartcn")):
        self.plugins = list(plugins)
        self.bulk_actions = []
        self.requests = []
        self.refuse_ids = set()
        """Documents whose actions the node refuses (as a mapping error would)."""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def bulk(self, body):
        lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        items = []
        while lines:
            header = lines.pop(0)
            ((op, meta),) = header.items()
            source = lines.pop(0) if op in ("index", "create", "update") else None
            self.bulk_actions.append((op, str(meta["_id"]), source))
            if str(meta["_id"]) in self.refuse_ids:
                error = {"type": "document_parsing_exception", "reason": "refused by the test"}
                items.append({op: {"_index": meta["_index"], "_id": str(meta["_id"]), "status": 400, "error": error}})
            else:
                status = 201 if op == "index" else 200
                items.append({op: {"_index": meta["_index"], "_id": str(meta["_id"]), "status": status}})
        return {"took": 1, "errors": any(next(iter(i.values()))["status"] >= 300 for i in items), "items": items}

    def nodes_plugins(self):
        plugins = [{"name": name, "version": "8.15.0"} for name in self.plugins]
        return {"_nodes": {"total": 1, "successful": 1, "failed": 0}, "nodes": {"node-1": {"plugins": plugins}}}

    def answer(self, method, path, body):
        self.requests.append((method, path))
        if path == "/_bulk" and method in ("POST", "PUT"):
            return 200, self.bulk(body)
        if path == "/_nodes/plugins" and method == "GET":
            return 200, self.nodes_plugins()
        if path == "/_cat/plugins" and method == "GET":
            return 200, [{"name": "node-1", "component": name, "version": "8.15.0"} for name in self.plugins]
        if path == "/":
            return 200, {"name": "node-1", "cluster_name": "test", "version": {"number": "8.15.0"}}
        return 404, {"error": {"type": "not_found"}, "status": 404}

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def respond(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = fake.answer(method, urlsplit(self.path).path, body)
                data = b"" if method == "HEAD" else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self.respond("GET")

            def do_POST(self):
                self.respond("POST")

            def do_PUT(self):
                self.respond("PUT")

            def do_HEAD(self):
                self.respond("HEAD")

            def log_message(self, *args):
                pass

        return Handler
