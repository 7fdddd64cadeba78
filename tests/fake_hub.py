"""A loopback HTTP server that speaks the part of the Hugging Face Hub protocol that
`huggingface_hub` uses to find and download a model: model info (with file metadata), search,
HEAD/GET on `resolve` URLs with ETag / X-Repo-Commit headers and Range requests.

Real bytes, real hashes; faults can be injected (a dropped connection mid-file, wrong bytes, a slow
link, refusing a token) to test resume, verification and cancel.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

TINY_REPO = "test-org/Tiny-Llama"  # what the `hub` fixture serves


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


LFS_SUFFIXES = (".safetensors", ".bin", ".gguf", ".pt")


@dataclass
class Repo:
    repo_id: str
    files: dict[str, bytes]
    commit: str = "0123456789abcdef0123456789abcdef01234567"
    license: str = "apache-2.0"
    downloads: int = 1000
    gated: bool = False
    token: str | None = None  # required bearer token (private / gated repos)

    def is_lfs(self, name: str) -> bool:
        return name.endswith(LFS_SUFFIXES)

    def sibling(self, name: str) -> dict:
        data = self.files[name]
        entry = {"rfilename": name, "size": len(data), "blobId": git_blob_id(data)}
        if self.is_lfs(name):
            entry["lfs"] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "pointerSize": 134}
        return entry

    def etag(self, name: str) -> str:
        data = self.files[name]
        return hashlib.sha256(data).hexdigest() if self.is_lfs(name) else git_blob_id(data)


@dataclass
class Faults:
    drop_after: dict[str, int] = field(default_factory=dict)  # file → bytes sent before the first GET drops
    corrupt: set[str] = field(default_factory=set)  # files served with one byte flipped
    bytes_per_second: int | None = None  # throttle every GET
    # file → bytes after which the first GET stops sending, until `release` is set: a download that is
    # certainly still running when the test cancels it (or kills its process), whatever the machine's speed
    hold_after: dict[str, int] = field(default_factory=dict)
    held: threading.Event = field(default_factory=threading.Event)  # set once a GET is being held
    release: threading.Event = field(default_factory=threading.Event)


def largest_part(folder: Path) -> int:
    """The size of the biggest `.part` file a download is writing in `folder` (0 when none); a file
    renamed into place between listing and measuring is skipped, not an error."""
    sizes = [0]
    for part in folder.glob("*.part") if folder.is_dir() else ():
        try:
            sizes.append(part.stat().st_size)
        except FileNotFoundError:
            pass
    return max(sizes)


class FakeHub:
    """Start with `with FakeHub() as hub:`; `hub.url` is the HF_ENDPOINT to use."""

    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.faults = Faults()
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, Range header
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add_repo(self, repo_id: str, folder: Path | None = None, files: dict[str, bytes] | None = None,
                 **options: object) -> Repo:
        contents = dict(files or {})
        if folder is not None:
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.name != "manifest.json":
                    contents[path.name] = path.read_bytes()
        repo = Repo(repo_id, contents, **options)  # type: ignore[arg-type]
        self.repos[repo_id] = repo
        return repo

    def ranges(self, filename: str) -> list[str | None]:
        """Range headers of the GET requests for `filename`."""
        return [r for m, p, r in self.requests if m == "GET" and p.endswith("/" + filename) and "/resolve/" in p]

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.faults.release.set()  # a GET still held must not keep the server from stopping
        self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------------------------------ handler

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                self._route("GET")

            def do_HEAD(self) -> None:  # noqa: N802
                self._route("HEAD")

            def _route(self, method: str) -> None:
                parsed = urlparse(self.path)
                path = unquote(parsed.path)
                with hub._lock:
                    hub.requests.append((method, path, self.headers.get("Range")))
                if path == "/api/models":
                    return self._search(parse_qs(parsed.query))
                if path.startswith("/api/models/"):
                    return self._info(path[len("/api/models/"):])
                if "/resolve/" in path:
                    return self._resolve(method, path)
                self._json(404, {"error": "not found"})

            def _repo(self, repo_id: str) -> Repo | None:
                repo = hub.repos.get(repo_id)
                if repo is None:
                    self._json(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
                    return None
                if repo.token and self.headers.get("Authorization") != f"Bearer {repo.token}":
                    code = "GatedRepo" if repo.gated else "RepoNotFound"
                    self._json(401 if not repo.gated else 403, {"error": "Access to this model is restricted"},
                               {"X-Error-Code": code, "X-Error-Message": "Access to model is restricted"})
                    return None
                return repo

            def _info(self, rest: str) -> None:
                if "/tree/" in rest:
                    return self._tree(rest)
                repo_id, _, revision = rest.partition("/revision/")
                repo = self._repo(repo_id)
                if repo is None:
                    return
                if revision and revision not in ("main", repo.commit):
                    return self._json(404, {"error": "Revision not found"}, {"X-Error-Code": "RevisionNotFound"})
                self._json(200, {
                    "id": repo.repo_id, "sha": repo.commit, "private": False, "gated": repo.gated,
                    "downloads": repo.downloads, "likes": 3, "pipeline_tag": "text-generation",
                    "tags": ["transformers", "safetensors", f"license:{repo.license}"],
                    "cardData": {"license": repo.license},
                    "siblings": [repo.sibling(name) for name in repo.files],
                    "usedStorage": sum(len(d) for d in repo.files.values()),
                })

            def _tree(self, rest: str) -> None:
                repo_id, _, _revision = rest.partition("/tree/")
                repo = self._repo(repo_id)
                if repo is None:
                    return
                entries = []
                for name in repo.files:
                    sibling = repo.sibling(name)
                    entry = {"type": "file", "path": name, "size": sibling["size"], "oid": sibling["blobId"]}
                    if "lfs" in sibling:
                        entry["lfs"] = {"oid": sibling["lfs"]["sha256"], "size": sibling["size"], "pointerSize": 134}
                    entries.append(entry)
                self._json(200, entries)

            def _search(self, query: dict[str, list[str]]) -> None:
                text = (query.get("search") or [""])[0].lower()
                limit = int((query.get("limit") or ["20"])[0])
                found = sorted((r for r in hub.repos.values() if text in r.repo_id.lower()),
                               key=lambda r: -r.downloads)[:limit]
                self._json(200, [{
                    "id": r.repo_id, "downloads": r.downloads, "likes": 3, "pipeline_tag": "text-generation",
                    "tags": [f"license:{r.license}"], "cardData": {"license": r.license}, "gated": r.gated,
                    "usedStorage": sum(len(d) for d in r.files.values()),
                } for r in found])

            def _resolve(self, method: str, path: str) -> None:
                repo_id, _, rest = path.lstrip("/").partition("/resolve/")
                revision, _, filename = rest.partition("/")
                repo = self._repo(repo_id)
                if repo is None:
                    return
                if filename not in repo.files:
                    return self._json(404, {"error": "Entry not found"}, {"X-Error-Code": "EntryNotFound"})
                data = repo.files[filename]
                if filename in hub.faults.corrupt:
                    data = bytes([data[0] ^ 0xFF]) + data[1:]
                headers = {"ETag": f'"{repo.etag(filename)}"', "X-Repo-Commit": repo.commit,
                           "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream"}
                start = 0
                status = 200
                ranged = self.headers.get("Range")
                if ranged and ranged.startswith("bytes=") and method == "GET":
                    start = int(ranged[6:].split("-")[0] or 0)
                    status = 206
                    headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
                body = data[start:]
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if method == "HEAD":
                    return
                limit = hold = None
                with hub._lock:
                    if filename in hub.faults.drop_after:
                        limit = hub.faults.drop_after.pop(filename)
                    if filename in hub.faults.hold_after:
                        hold = hub.faults.hold_after.pop(filename) - start
                self._send(body, limit, hold)

            def _send(self, body: bytes, limit: int | None, hold: int | None = None) -> None:
                rate = hub.faults.bytes_per_second
                chunk = 64 * 1024
                sent = 0
                try:
                    while sent < len(body):
                        if hold is not None and sent >= hold:
                            self.wfile.flush()
                            hub.faults.held.set()
                            hub.faults.release.wait(120)
                            hold = None
                        piece = body[sent: sent + chunk] if hold is None else body[sent: min(sent + chunk, hold)]
                        if limit is not None and sent + len(piece) > limit:
                            self.wfile.write(piece[: max(limit - sent, 0)])
                            self.wfile.flush()
                            self.close_connection = True
                            self.connection.shutdown(2)  # the network drops mid-file
                            return
                        self.wfile.write(piece)
                        sent += len(piece)
                        if rate:
                            time.sleep(len(piece) / rate)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    self.close_connection = True

            def _json(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

        return Handler
