"""``curl`` and the tiny HTTP service (``python3 -m http.server``) inside a named network
namespace.

On the real kernel the programs themselves run, started in the namespace without a shell:
``curl ARGV`` is the installed curl (body on stdout; progress meter and errors on stderr, as a
shell with captured output shows them), and ``python3 -m http.server PORT`` is the installed
Python's server, started in an empty directory so that ``GET /`` lists nothing.  The simulator
models these same two programs (curl 7.88.1, SimpleHTTP of Debian's Python 3.11), so both
backends print the same bytes.

Without a curl program, :func:`curl` falls back to one GET on a socket opened in the namespace,
with curl's words for the usual outcomes (``-s``/``-S``/``-m`` understood, no progress meter).
"""
from __future__ import annotations

import errno
import os
import re
import select
import shutil
import socket
import subprocess
import tempfile
import time
from ipaddress import IPv4Address

from ..curl import request, split_response
from ..httpd import server_port
from .linux_netns import ENV, connect_wait, run_in, run_program, socket_in, start_program

__all__ = ["curl", "HttpServer", "http_server", "http_server_argv"]

CURL_TIMEOUT = 330.0       # a curl without -m may wait long; the real one waits for ever


# ----------------------------------------------------------------------------- curl
def curl(ns: str, argv: list[str] | str, timeout: float | None = None) -> tuple[int, str, str]:
    """``curl ARGV`` (without the program name) in ``ns``: (rc, stdout, stderr).

    A plain URL is taken as ``curl -sS -m TIMEOUT URL`` (``timeout`` default 1 s).
    """
    if isinstance(argv, str):
        argv = ["-sS", "-m", f"{timeout if timeout is not None else 1.0:g}", argv]
    if shutil.which("curl", path=ENV["PATH"]):
        return run_program(ns, ["curl", *argv], timeout=CURL_TIMEOUT)
    return socket_curl(ns, list(argv))


def socket_curl(ns: str, argv: list[str]) -> tuple[int, str, str]:
    """One GET as ``curl [-s] [-S] [-m T] http://A[:P]/PATH`` does it, on a socket in ``ns``."""
    silent = show = False
    limit = None
    url = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-m", "--max-time") and i + 1 < len(argv):
            try:
                limit = float(argv[i + 1])
            except ValueError:
                return 2, "", "curl: (2) option -m: expected a proper numerical parameter\n"
            i += 2
            continue
        if re.fullmatch(r"-[sS]+", a):
            silent |= "s" in a
            show |= "S" in a
        elif a.startswith("-"):
            return 2, "", f"netsim: not supported yet without a curl program: curl {a}\n"
        else:
            url = a
        i += 1
    if url is None:
        return 2, "", "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' " \
                      "for more information\n"
    rc, out, err = _get(ns, url, limit)
    return rc, out, err if (show or not silent) else ""


def _get(ns: str, url: str, limit: float | None) -> tuple[int, str, str]:
    if not url.startswith("http://"):
        scheme = url.split("://", 1)[0] if "://" in url else url
        return 1, "", f"curl: (1) Protocol \"{scheme}\" not supported or disabled in libcurl\n"
    hostport, _, path = url[len("http://"):].partition("/")
    host, _, p = hostport.partition(":")
    try:
        port = int(p) if p else 80
        IPv4Address(host)
    except ValueError:
        return 6, "", f"curl: (6) Could not resolve host: {host}\n"
    start = time.monotonic()
    wait = limit if limit is not None else CURL_TIMEOUT

    def ms() -> int:
        return int((time.monotonic() - start) * 1000)

    def cannot_connect() -> tuple[int, str, str]:
        return 7, "", f"curl: (7) Failed to connect to {host} port {port} after {ms()} ms: " \
                      "Couldn't connect to server\n"

    with socket_in(ns, socket.AF_INET, socket.SOCK_STREAM) as sock:
        e = connect_wait(sock, host, port, wait)
        if e is None:
            return 28, "", f"curl: (28) Connection timed out after {ms()} milliseconds\n"
        if e:
            return cannot_connect()
        sock.setblocking(True)
        sock.sendall(request("GET", host, port, f"/{path}"))
        rx = bytearray()
        while not _complete(rx):
            left = start + wait - time.monotonic()
            r, _, _ = select.select([sock], [], [], max(left, 0))
            if not r:
                return 28, "", f"curl: (28) Operation timed out after {ms()} milliseconds " \
                               f"with {len(rx)} bytes received\n"
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                return 56, "", "curl: (56) Recv failure: Connection reset by peer\n"
            if not chunk:
                break
            rx.extend(chunk)
    if not rx:
        return 52, "", "curl: (52) Empty reply from server\n"
    _head, _, body = bytes(rx).partition(b"\r\n\r\n")
    return 0, body.decode("latin-1"), ""


def _complete(rx: bytearray) -> bool:
    """A whole response: headers and Content-Length bytes of body (else read until EOF)."""
    head, size, body = split_response(bytes(rx))
    return head is not None and size is not None and len(body) >= size


# ----------------------------------------------------------------------------- http.server
class HttpServer:
    """A running ``python3 -m http.server PORT`` in a namespace, serving an empty directory."""

    def __init__(self, ns: str, port: int, proc: subprocess.Popen, root: str, log):
        self.ns, self.port, self._proc, self._root, self._log = ns, port, proc, root, log

    @property
    def running(self) -> bool:
        return self._proc.poll() is None

    @property
    def requests(self) -> list[str]:
        """The request lines the server logged (``GET / HTTP/1.1``)."""
        self._log.flush()
        with open(self._log.name, encoding="utf-8", errors="replace") as f:
            return re.findall(r'"([^"]*)" \d{3} ', f.read())

    def stop(self) -> None:
        """Stop the server (the process this module started, by its pid) and clean up."""
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self._root, ignore_errors=True)
        self._log.close()
        try:
            os.unlink(self._log.name)
        except OSError:
            pass

    close = stop

    def __enter__(self) -> HttpServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _listening(port: int) -> bool:
    """Is a TCP socket listening on ``port`` in this thread's namespace?"""
    for name in ("tcp", "tcp6"):
        try:
            with open(f"/proc/thread-self/net/{name}") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            if len(cols) > 3 and cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                return True
    return False


def http_server(ns: str, port: int = 8000) -> HttpServer:
    """Start ``python3 -m http.server PORT`` in ``ns``; return once it listens.  OSError when
    it cannot (the port is taken: the real one exits at once)."""
    if run_in(ns, _listening, port):
        raise OSError(errno.EADDRINUSE, f"port {port} is in use in {ns}")
    root = tempfile.mkdtemp(prefix="netsim-httpd-")
    log = tempfile.NamedTemporaryFile("w+b", prefix="netsim-httpd-", suffix=".log", delete=False)
    proc = start_program(ns, ["python3", "-m", "http.server", str(port)], cwd=root, stderr=log)
    srv = HttpServer(ns, port, proc, root, log)
    deadline = time.monotonic() + 10
    while not run_in(ns, _listening, port):
        if proc.poll() is not None or time.monotonic() > deadline:
            srv.stop()
            raise OSError(98, f"python3 -m http.server {port} did not start in {ns}")
        time.sleep(0.02)
    return srv


def http_server_argv(ns: str, argv: list[str]) -> HttpServer | None:
    """``python3 -m http.server [PORT]`` (argv from ``-m`` on); None if it cannot start."""
    port = server_port(argv)
    if port is None:
        return None
    try:
        return http_server(ns, port)
    except OSError:
        return None
