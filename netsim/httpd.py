"""The tiny HTTP service: ``python3 -m http.server [PORT]`` (Python 3.11's
``http.server.SimpleHTTPRequestHandler``) serving an empty directory, on the simulated kernel.

It answers each request on its own connection with HTTP/1.0 and closes it, byte for byte as the
real server does (checked with curl 7.88.1 between two namespaces): ``GET /`` (or ``HEAD /``)
gives the listing of an empty directory, any other path ``404 File not found``, a request line
that is not HTTP gives ``400``.  The ``Date`` header comes from the simulated clock.
"""
from __future__ import annotations

import html
import time

from .kernel import tcp

__all__ = ["HttpServer", "http_server", "http_server_argv", "server_port", "LISTING",
           "NOT_FOUND"]

SERVER = "SimpleHTTP/0.6 Python/3.11.2"       # Debian 12's /usr/bin/python3

LISTING = (b'<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           b"<title>Directory listing for /</title>\n</head>\n<body>\n"
           b"<h1>Directory listing for /</h1>\n<hr>\n<ul>\n</ul>\n<hr>\n</body>\n</html>\n")


def _error_page(code: int, message: str, explain: str) -> bytes:
    """BaseHTTPRequestHandler.error_message_format."""
    return ('<!DOCTYPE HTML>\n<html lang="en">\n    <head>\n        <meta charset="utf-8">\n'
            "        <title>Error response</title>\n    </head>\n    <body>\n"
            "        <h1>Error response</h1>\n"
            f"        <p>Error code: {code}</p>\n"
            f"        <p>Message: {message}.</p>\n"
            f"        <p>Error code explanation: {code} - {explain}.</p>\n"
            "    </body>\n</html>\n").encode()


NOT_FOUND = _error_page(404, "File not found", "Nothing matches the given URI")


class HttpServer:
    """A running ``python3 -m http.server PORT`` in one namespace."""

    def __init__(self, kernel, ns, port: int):
        self.kernel, self.ns, self.port = kernel, ns, port
        self.requests: list[str] = []          # the request lines, as the server logs them
        self.sock, err = tcp.tcp_listen(ns, port, auto_close=True)
        if err:
            raise OSError(err, "Address already in use")
        self.sock.on_data = self._on_data

    def close(self) -> None:
        if self.sock is not None:
            tcp.tcp_close(self.sock)
            self.sock = None

    def _date(self) -> str:
        return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(self.kernel.clock.now))

    def _on_data(self, sock, data: bytes) -> None:
        raw = bytes(sock.rx)
        if b"\r\n\r\n" not in raw and b"\n\n" not in raw:
            return                               # the request is not complete yet
        line = raw.split(b"\n", 1)[0].rstrip(b"\r").decode("latin-1")
        self.requests.append(line)
        tcp.tcp_sendmsg(sock, self.response(line))
        tcp.tcp_close(sock)

    def response(self, request_line: str) -> bytes:
        """The bytes SimpleHTTPRequestHandler sends for ``request_line``."""
        words = request_line.split()
        if len(words) != 3 or not words[2].startswith("HTTP/"):
            return self._error(400, "Bad request syntax ('%s')" % request_line,
                               "Bad request syntax or unsupported method")
        method, path = words[0], words[1]
        if method not in ("GET", "HEAD"):
            return self._error(501, f"Unsupported method ('{method}')",
                               "Server does not support this operation")
        if path.split("?", 1)[0] not in ("/", "/."):
            return self._error(404, "File not found", "Nothing matches the given URI",
                               head=method == "HEAD")
        head = (f"HTTP/1.0 200 OK\r\nServer: {SERVER}\r\nDate: {self._date()}\r\n"
                f"Content-type: text/html; charset=utf-8\r\nContent-Length: {len(LISTING)}\r\n\r\n")
        return head.encode() + (b"" if method == "HEAD" else LISTING)

    def _error(self, code: int, message: str, explain: str, head: bool = False) -> bytes:
        """send_error(): the message is also the status line's reason phrase."""
        body = _error_page(code, html.escape(message, quote=False), explain)
        hdr = (f"HTTP/1.0 {code} {message}\r\nServer: {SERVER}\r\nDate: {self._date()}\r\n"
               f"Connection: close\r\nContent-Type: text/html;charset=utf-8\r\n"
               f"Content-Length: {len(body)}\r\n\r\n")
        return hdr.encode() + (b"" if head else body)


def http_server(kernel, ns, port: int = 8000) -> HttpServer:
    return HttpServer(kernel, ns, port)


def server_port(argv: list[str]) -> int | None:
    """The port of ``python3 -m http.server [PORT]`` (argv from ``-m`` on), 8000 by default;
    None when these words would not start the server."""
    if argv[:2] != ["-m", "http.server"]:
        return None
    rest = argv[2:]
    if not rest:
        return 8000
    if not rest[0].isdigit() or not 0 < int(rest[0]) < 65536:
        return None
    return int(rest[0])


def http_server_argv(kernel, ns, argv: list[str]) -> HttpServer | None:
    """``python3 -m http.server [PORT]`` (argv from ``-m`` on); None if it cannot start."""
    port = server_port(argv)
    if port is None:
        return None
    try:
        return HttpServer(kernel, ns, port)
    except OSError:
        return None
